#include "sbom/error.h"

namespace bomwatch::sbom {

namespace {
std::string where(const std::string& source, const Position& at) {
    if (at.line > 0 && at.column > 0) return source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    if (at.line > 0) return source + ":" + std::to_string(at.line);  // parsers that know no column (libxml2 nodes)
    return source + ": byte " + std::to_string(at.byte);
}

// An error is one line whatever it quotes: parsers' messages and values taken from the document
// may hold line breaks or control characters.
std::string one_line(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}
}  // namespace

InputError::InputError(const std::string& source, const Position& at, const std::string& problem)
    : std::runtime_error(one_line(where(source, at) + ": " + problem)) {}

InputError::InputError(const std::string& source, const std::string& problem)
    : std::runtime_error(one_line(source + ": " + problem)) {}

}  // namespace bomwatch::sbom
