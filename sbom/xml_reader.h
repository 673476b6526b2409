// What every XML reader shares: a libxml2 pull reader (xmlTextReader) over an InputStream, set up
// so that no document can make it load or expand anything, with libxml2's errors turned into
// InputErrors.
//
// Safety: no DTD is loaded, no entity is substituted, nothing is fetched from the network, and a
// document with a DOCTYPE is refused before libxml2 sees its internal subset (so XXE and
// "billion laughs" files are a clean error). Nothing process-global is changed: errors are
// routed per reader, so two threads may read two files at once.
//
// Use:
//   xml::Reader xml(in);
//   while (xml.next()) {
//       if (xml.type() == xml::NodeType::Element && xml.local_name() == "name") xml.read_text(text);
//   }
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "sbom/diagnostics.h"
#include "sbom/error.h"
#include "sbom/input.h"

namespace bomwatch::sbom::xml {

enum class NodeType {
    Element,     // a start tag (or an empty element <x/>: see empty_element())
    EndElement,  // the end tag of a non-empty element
    Text,        // text, CDATA or white space
};


class Reader {
public:
    // Opens a reader over `in`, from its current position. Throws InputError when the input
    // cannot be read.
    explicit Reader(InputStream& in);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // Moves to the next element, end tag or text (comments and processing instructions are passed
    // over); false at the end of the document. Throws InputError (file:line:col) on malformed XML,
    // a DOCTYPE, an entity reference or an unreadable input.
    bool next();

    NodeType type() const { return type_; }
    // Depth of the current node: 0 for the root element, 1 for its children...
    int depth() const;
    // For an Element: whether it is empty (<x/>), so that no EndElement follows.
    bool empty_element() const;
    // The name without prefix, and the namespace URI ("" for none). Valid as long as the reader.
    std::string_view local_name() const;
    std::string_view namespace_uri() const;
    // The text of a Text node. Valid until the next call that moves the reader.
    std::string_view value() const;

    // The value of the current element's attribute `name` in namespace `ns` ("" for an attribute
    // without namespace, the usual case): true and `out` set when present.
    bool attribute(const char* name, std::string& out, const char* ns = "") const;

    // Reads the text of the current element (which must be an Element) into `out`, leaving the
    // reader on its end. Text inside child elements is not taken; returns false when there were
    // child elements (the caller may warn). Throws InputError beyond kMaxFieldBytes.
    bool read_text(std::string& out);
    // Passes over the current element and everything in it, leaving the reader on its end.
    void skip();

    // Where the current node starts: its line (libxml2 keeps no column for nodes).
    Position position() const;
    // Throws InputError naming the file, the line of the current node and `message`.
    [[noreturn]] void fail(const std::string& message) const;
    const std::string& source() const;

    struct State;  // the libxml2 reader and what its callbacks report

private:
    [[noreturn]] void throw_pending() const;

    std::unique_ptr<State> state_;
    NodeType type_ = NodeType::Text;
};

}  // namespace bomwatch::sbom::xml
