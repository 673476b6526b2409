// A small streaming XML writer that indents the way the CycloneDX Maven and .NET plugins do (one
// element per line, text inline), so files of hundreds of megabytes are written without holding
// a document in memory. Escapes text and attribute values; can write text as CDATA.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

class XmlWriter {
public:
    XmlWriter(std::FILE* out, int indent);
    XmlWriter(const XmlWriter&) = delete;
    XmlWriter& operator=(const XmlWriter&) = delete;
    ~XmlWriter();

    // <?xml version="1.0" encoding="UTF-8"?>; call first.
    void declaration();
    // Opens an element; attributes may follow until the next child, text or end().
    void begin(std::string_view name);
    void attribute(std::string_view name, std::string_view value);
    // Text content of the innermost element, escaped, on the element's line; nothing when empty.
    void text(std::string_view text);
    // Closes the innermost element: <name/> when it has no content.
    void end();
    // <name>text</name> (or <name/> when empty) on one line.
    void element(std::string_view name, std::string_view text);
    // <name><![CDATA[text]]></name>, as older plugins write descriptions.
    void cdata_element(std::string_view name, std::string_view text);

    // Ends the document with a newline and flushes; false if any write failed.
    bool finish();

private:
    void close_start_tag();
    void before_child();
    void escape(std::string_view text, bool in_attribute);
    void flush_if_full();

    struct Level {
        std::string name;
        bool has_children = false;
    };
    std::FILE* out_;
    int indent_;
    std::vector<Level> levels_;
    bool start_tag_open_ = false;
    bool failed_ = false;
    std::string buffer_;
};

}  // namespace bench
