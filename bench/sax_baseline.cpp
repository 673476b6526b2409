// sax_baseline FILE...: the floor for reading SBOMs. One bare nlohmann::json SAX pass over each
// file in turn, single-threaded, with a handler that keeps nothing, reading through a stream so
// no copy of the file is held. Prints nothing on success; exit 2 with a message on a parse error.
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::json;

// Accepts every event and keeps nothing; remembers the first parse error.
struct NullHandler {
    std::string error;

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const json::string_t&) { return true; }
    bool string(json::string_t&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(json::string_t&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
        error = ex.what();
        return false;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: sax_baseline FILE...\n", stderr);
        return 2;
    }
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "sax_baseline: cannot open %s\n", argv[i]);
            return 2;
        }
        NullHandler handler;
        if (!json::sax_parse(in, &handler)) {
            std::fprintf(stderr, "sax_baseline: %s: %s\n", argv[i], handler.error.c_str());
            return 2;
        }
    }
    return 0;
}
