// line_baseline FILE...: the floor for reading line formats (SPDX tag-value). Each file in turn,
// single-threaded, read in blocks and split at '\n' into one reused line buffer (the way a
// streaming line reader hands out lines), doing nothing with the lines. Prints nothing on
// success; exit 2 with a message when a file cannot be read.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kBlockSize = 1 << 16;

// Reads `path` line by line; false on a read error. Adds up the lengths of the lines and the
// line breaks, which must come to the bytes read: a check that also keeps the work observable.
bool read_lines(const char* path, std::vector<char>& block, std::string& line) {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) return false;
    std::size_t bytes = 0, line_bytes = 0, breaks = 0;
    line.clear();
    std::size_t got;
    while ((got = std::fread(block.data(), 1, block.size(), file)) > 0) {
        bytes += got;
        const char* next = block.data();
        const char* const end = next + got;
        while (const auto* newline = static_cast<const char*>(std::memchr(next, '\n', static_cast<std::size_t>(end - next)))) {
            line.append(next, newline);
            line_bytes += line.size();
            ++breaks;
            line.clear();
            next = newline + 1;
        }
        line.append(next, end);
    }
    line_bytes += line.size();
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    return !failed && line_bytes + breaks == bytes;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: line_baseline FILE...\n", stderr);
        return 2;
    }
    std::vector<char> block(kBlockSize);
    std::string line;
    for (int i = 1; i < argc; ++i) {
        if (!read_lines(argv[i], block, line)) {
            std::fprintf(stderr, "line_baseline: cannot read %s\n", argv[i]);
            return 2;
        }
    }
    return 0;
}
