// A small streaming JSON writer that pretty-prints the way real SBOM generators do
// (JavaScript's JSON.stringify(x, null, 2), Go's json.MarshalIndent(x, "", " ")), so files of
// hundreds of megabytes are written without holding a document in memory.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

class JsonWriter {
public:
    struct Style {
        int indent = 2;
        bool escape_html = false;  // Go's encoder writes <, > and & as \u003c, \u003e, \u0026
    };

    JsonWriter(std::FILE* out, Style style);
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;
    ~JsonWriter();

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    void key(std::string_view name);
    void value(std::string_view text);
    void value(const char* text) { value(std::string_view(text)); }
    void value(long long number);
    void value(bool flag);

    // key + value in one call, for the common case.
    void field(std::string_view name, std::string_view text) { key(name); value(text); }
    void field(std::string_view name, const char* text) { key(name); value(std::string_view(text)); }
    void field(std::string_view name, long long number) { key(name); value(number); }
    void field(std::string_view name, bool flag) { key(name); value(flag); }

    // Ends the document with a newline and flushes; false if any write failed.
    bool finish();

private:
    void before_value();
    void newline_and_indent(std::size_t depth);
    void write_string(std::string_view text);
    void flush_if_full();

    struct Level {
        bool is_object;
        bool empty = true;
    };
    std::FILE* out_;
    Style style_;
    std::vector<Level> levels_;
    bool after_key_ = false;
    bool failed_ = false;
    std::string buffer_;
};

}  // namespace bench
