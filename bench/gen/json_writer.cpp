#include "bench/gen/json_writer.h"

#include <charconv>

namespace bench {

namespace {
constexpr std::size_t kFlushAt = 1 << 20;
}

JsonWriter::JsonWriter(std::FILE* out, Style style) : out_(out), style_(style) { buffer_.reserve(kFlushAt + 4096); }

JsonWriter::~JsonWriter() { finish(); }

void JsonWriter::newline_and_indent(std::size_t depth) {
    buffer_.push_back('\n');
    buffer_.append(depth * static_cast<std::size_t>(style_.indent), ' ');
}

// Puts the separator and indentation that precede a value in the current container.
void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (!level.empty) buffer_.push_back(',');
    level.empty = false;
    newline_and_indent(levels_.size());
}

void JsonWriter::begin_object() {
    before_value();
    buffer_.push_back('{');
    levels_.push_back({true});
}

void JsonWriter::begin_array() {
    before_value();
    buffer_.push_back('[');
    levels_.push_back({false});
}

void JsonWriter::end_object() {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) newline_and_indent(levels_.size());
    buffer_.push_back('}');
    flush_if_full();
}

void JsonWriter::end_array() {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) newline_and_indent(levels_.size());
    buffer_.push_back(']');
    flush_if_full();
}

void JsonWriter::key(std::string_view name) {
    before_value();
    write_string(name);
    buffer_.append(": ");
    after_key_ = true;
}

void JsonWriter::value(std::string_view text) {
    before_value();
    write_string(text);
}

void JsonWriter::value(long long number) {
    before_value();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, number);
    buffer_.append(digits, result.ptr);
}

void JsonWriter::value(bool flag) {
    before_value();
    buffer_.append(flag ? "true" : "false");
}

void JsonWriter::write_string(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    buffer_.push_back('"');
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            buffer_.push_back('\\');
            buffer_.push_back(c);
        } else if (c == '\n') {
            buffer_.append("\\n");
        } else if (byte < 0x20 || (style_.escape_html && (c == '<' || c == '>' || c == '&'))) {
            buffer_.append("\\u00");
            buffer_.push_back(kHex[byte >> 4]);
            buffer_.push_back(kHex[byte & 15]);
        } else {
            buffer_.push_back(c);
        }
    }
    buffer_.push_back('"');
}

void JsonWriter::flush_if_full() {
    if (buffer_.size() < kFlushAt) return;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
    buffer_.clear();
}

bool JsonWriter::finish() {
    if (out_ == nullptr) return !failed_;
    buffer_.push_back('\n');
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
    buffer_.clear();
    if (std::fflush(out_) != 0) failed_ = true;
    out_ = nullptr;
    return !failed_;
}

}  // namespace bench
