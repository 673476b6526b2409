// Reading an input file: a path, "-" for stdin, plain or gzip-compressed (told by content), in
// chunks, so memory does not grow with the file.
#pragma once

#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/error.h"

namespace bomwatch::sbom {

// Called after each chunk is read: (bytes of the file read so far, its size or 0 when unknown).
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

// A byte stream over one input. Reads through zlib, which passes plain files through unchanged
// and decompresses gzip ones (including concatenated members).
class InputStream {
public:
    // Opens `path` ("-" is standard input). Throws InputError naming the file when it cannot.
    explicit InputStream(const std::string& path, ProgressFn progress = {});
    // An input made in memory (a YAML or XML document converted to JSON, say), named `source`
    // in messages. Positions in it are byte offsets only.
    static InputStream from_text(std::string source, std::string text);
    ~InputStream();
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;
    InputStream(InputStream&&) = default;

    // The name to use in messages: the path as given, or "<stdin>".
    const std::string& source() const { return source_; }

    // Looks at up to `n` bytes ahead without consuming them (fewer at the end of the input).
    std::string_view peek(std::size_t n);

    // Byte offset of the next byte to be read, in the decompressed stream.
    std::uint64_t offset() const { return consumed_before_ + static_cast<std::uint64_t>(next_ - buffer_.data()); }

    // Line and column of byte `offset`. Re-reads a regular file from its start, so call it only
    // on the way to an error; for a stream that cannot be re-read, only the byte is known.
    Position locate(std::uint64_t offset) const;

    // An input iterator over the remaining bytes, for nlohmann::json::sax_parse. Throws
    // InputError on a read or decompression error.
    class Iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = char;
        using difference_type = std::ptrdiff_t;
        using pointer = const char*;
        using reference = const char&;

        Iterator() = default;
        explicit Iterator(InputStream* in) : in_(in) {}
        reference operator*() const { return *in_->next_; }
        Iterator& operator++() {
            ++in_->next_;
            return *this;
        }
        // The parser only ever compares with the end iterator: "is there another byte?"
        bool operator!=(const Iterator&) const { return in_->next_ != in_->end_ || in_->refill(); }
        bool operator==(const Iterator& other) const { return !(*this != other); }

    private:
        InputStream* in_ = nullptr;
    };
    Iterator begin() { return Iterator(this); }
    Iterator end() { return Iterator(); }

    // Copies up to `max` of the next bytes to `out` and returns how many (0 at the end): for
    // parsers that pull their input in blocks (libxml2).
    std::size_t read(char* out, std::size_t max);

    // The next line, without its "\n" (or "\r\n"); false at the end of the input. For line
    // formats (SPDX tag-value). A line longer than `max_bytes` is not held: it is read past, and
    // `line` keeps its first max_bytes + 1 bytes, so the caller sees it is too long.
    bool read_line(std::string& line, std::size_t max_bytes);

    // The size of the input when it is a plain (uncompressed) regular file, else 0: lets a reader
    // estimate how much it will hold.
    std::uint64_t plain_size() const;

private:
    InputStream() = default;
    bool refill();

    struct Gz;
    std::string path_;    // "" for stdin
    std::string source_;
    ProgressFn progress_;
    std::unique_ptr<Gz> gz_;
    std::vector<char> buffer_;
    const char* next_ = nullptr;  // the next byte to hand out, in buffer_
    const char* end_ = nullptr;   // the end of the bytes read into buffer_
    std::uint64_t consumed_before_ = 0;  // bytes in buffers already left behind
    std::uint64_t file_size_ = 0;        // 0 when unknown (stdin, pipe)
    bool seekable_ = false;
};

}  // namespace bomwatch::sbom
