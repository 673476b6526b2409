#include "bench/gen/xml_writer.h"

namespace bench {

namespace {
constexpr std::size_t kFlushAt = 1 << 20;
}

XmlWriter::XmlWriter(std::FILE* out, int indent) : out_(out), indent_(indent) { buffer_.reserve(kFlushAt + 4096); }

XmlWriter::~XmlWriter() { finish(); }

void XmlWriter::declaration() { buffer_.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"); }

void XmlWriter::close_start_tag() {
    if (!start_tag_open_) return;
    buffer_.push_back('>');
    start_tag_open_ = false;
}

// Ends the parent's start tag and puts the child on a line of its own.
void XmlWriter::before_child() {
    close_start_tag();
    if (!levels_.empty()) levels_.back().has_children = true;
    if (!buffer_.empty() || !levels_.empty()) buffer_.push_back('\n');
    buffer_.append(levels_.size() * static_cast<std::size_t>(indent_), ' ');
}

void XmlWriter::begin(std::string_view name) {
    before_child();
    buffer_.push_back('<');
    buffer_.append(name);
    levels_.push_back({std::string(name)});
    start_tag_open_ = true;
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
    buffer_.push_back(' ');
    buffer_.append(name);
    buffer_.append("=\"");
    escape(value, true);
    buffer_.push_back('"');
}

void XmlWriter::end() {
    const Level level = std::move(levels_.back());
    levels_.pop_back();
    if (start_tag_open_) {
        buffer_.append("/>");
        start_tag_open_ = false;
    } else {
        if (level.has_children) {
            buffer_.push_back('\n');
            buffer_.append(levels_.size() * static_cast<std::size_t>(indent_), ' ');
        }
        buffer_.append("</");
        buffer_.append(level.name);
        buffer_.push_back('>');
    }
    flush_if_full();
}

void XmlWriter::text(std::string_view text) {
    if (text.empty()) return;
    close_start_tag();
    escape(text, false);
}

void XmlWriter::element(std::string_view name, std::string_view text) {
    begin(name);
    this->text(text);
    end();
}

void XmlWriter::cdata_element(std::string_view name, std::string_view text) {
    begin(name);
    close_start_tag();
    buffer_.append("<![CDATA[");
    // "]]>" cannot appear inside a CDATA section: end it after "]]" and start another.
    std::size_t from = 0;
    for (std::size_t at; (at = text.find("]]>", from)) != std::string_view::npos; from = at + 2) {
        buffer_.append(text.substr(from, at + 2 - from));
        buffer_.append("]]><![CDATA[");
    }
    buffer_.append(text.substr(from));
    buffer_.append("]]>");
    end();
}

void XmlWriter::escape(std::string_view text, bool in_attribute) {
    for (const char c : text) {
        switch (c) {
            case '&': buffer_.append("&amp;"); break;
            case '<': buffer_.append("&lt;"); break;
            case '>': buffer_.append("&gt;"); break;
            case '"':
                if (in_attribute) buffer_.append("&quot;");
                else buffer_.push_back(c);
                break;
            // Attribute values are normalised by parsers: keep line breaks and tabs as references.
            case '\n':
                if (in_attribute) buffer_.append("&#10;");
                else buffer_.push_back(c);
                break;
            case '\t':
                if (in_attribute) buffer_.append("&#9;");
                else buffer_.push_back(c);
                break;
            case '\r': buffer_.append("&#13;"); break;
            default: buffer_.push_back(c);
        }
    }
}

void XmlWriter::flush_if_full() {
    if (buffer_.size() < kFlushAt) return;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
    buffer_.clear();
}

bool XmlWriter::finish() {
    if (out_ == nullptr) return !failed_;
    buffer_.push_back('\n');
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
    buffer_.clear();
    if (std::fflush(out_) != 0) failed_ = true;
    out_ = nullptr;
    return !failed_;
}

}  // namespace bench
