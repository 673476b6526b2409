#include "sbom/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bomwatch::sbom {

namespace {
// Large enough that the per-chunk overhead vanishes, small enough to stay in L2.
constexpr std::size_t kChunkSize = 256 * 1024;

std::string gz_problem(gzFile file) {
    int code = 0;
    const char* message = gzerror(file, &code);
    if (code == Z_ERRNO) return std::strerror(errno);
    if (code == Z_DATA_ERROR) return std::string("corrupt gzip data: ") + (message ? message : "");
    return message ? message : "read error";
}
}  // namespace

struct InputStream::Gz {
    gzFile file = nullptr;
    ~Gz() {
        if (file) gzclose_r(file);
    }
};

InputStream::InputStream(const std::string& path, ProgressFn progress)
    : path_(path == "-" ? "" : path),
      source_(path == "-" ? "<stdin>" : path),
      progress_(std::move(progress)),
      gz_(std::make_unique<Gz>()) {
    int fd = 0;
    if (!path_.empty()) {
        fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw InputError(source_, std::string("cannot open: ") + std::strerror(errno));
    } else {
        fd = ::dup(0);
        if (fd < 0) throw InputError(source_, std::string("cannot read standard input: ") + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            ::close(fd);
            throw InputError(source_, "is a directory, not a file");
        }
        if (S_ISREG(info.st_mode)) {
            file_size_ = static_cast<std::uint64_t>(info.st_size);
            seekable_ = !path_.empty();
        }
    }
    gz_->file = gzdopen(fd, "rb");
    if (!gz_->file) {
        ::close(fd);
        throw InputError(source_, "cannot read: out of memory");
    }
    gzbuffer(gz_->file, kChunkSize);
    buffer_.resize(kChunkSize);
    next_ = end_ = buffer_.data();
}

InputStream InputStream::from_text(std::string source, std::string text) {
    InputStream in;
    in.source_ = std::move(source);
    in.gz_ = std::make_unique<Gz>();
    in.buffer_.assign(text.begin(), text.end());
    in.next_ = in.buffer_.data();
    in.end_ = in.next_ + in.buffer_.size();
    return in;
}

InputStream::~InputStream() = default;

bool InputStream::refill() {
    if (!gz_->file) return false;
    consumed_before_ += static_cast<std::uint64_t>(end_ - buffer_.data());
    next_ = end_ = buffer_.data();
    const int got = gzread(gz_->file, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (got < 0) throw InputError(source_, Position{offset(), 0, 0}, gz_problem(gz_->file));
    end_ = buffer_.data() + got;
    if (progress_) progress_(static_cast<std::uint64_t>(gzoffset(gz_->file)), file_size_);
    if (got == 0) {
        // A truncated gzip stream ends without an error from gzread; gzerror tells.
        int code = 0;
        gzerror(gz_->file, &code);
        if (code == Z_BUF_ERROR) throw InputError(source_, Position{offset(), 0, 0}, "truncated gzip data");
        if (code != Z_OK) throw InputError(source_, Position{offset(), 0, 0}, gz_problem(gz_->file));
        gzclose_r(gz_->file);
        gz_->file = nullptr;
        return false;
    }
    return true;
}

std::string_view InputStream::peek(std::size_t n) {
    const auto have = static_cast<std::size_t>(end_ - next_);
    if (have < n && gz_->file) {
        // Move what is left to the front and read more behind it.
        const auto consumed = static_cast<std::size_t>(next_ - buffer_.data());
        if (buffer_.size() < n) {
            std::vector<char> bigger(n);
            std::memcpy(bigger.data(), next_, have);
            buffer_.swap(bigger);
        } else {
            std::memmove(buffer_.data(), next_, have);
        }
        consumed_before_ += consumed;
        next_ = buffer_.data();
        end_ = next_ + have;
        while (static_cast<std::size_t>(end_ - next_) < n) {
            char* write = buffer_.data() + (end_ - buffer_.data());
            const int got = gzread(gz_->file, write, static_cast<unsigned>(buffer_.size() - static_cast<std::size_t>(end_ - buffer_.data())));
            if (got < 0) throw InputError(source_, Position{offset(), 0, 0}, gz_problem(gz_->file));
            if (got == 0) break;
            end_ += got;
        }
    }
    return {next_, std::min(n, static_cast<std::size_t>(end_ - next_))};
}

std::size_t InputStream::read(char* out, std::size_t max) {
    std::size_t done = 0;
    while (done < max) {
        if (next_ == end_ && !refill()) break;
        const std::size_t n = std::min(max - done, static_cast<std::size_t>(end_ - next_));
        std::memcpy(out + done, next_, n);
        next_ += n;
        done += n;
    }
    return done;
}

bool InputStream::read_line(std::string& line, std::size_t max_bytes) {
    line.clear();
    if (next_ == end_ && !refill()) return false;
    auto keep = [&](const char* from, const char* to) {
        const std::size_t room = max_bytes + 1 - std::min(line.size(), max_bytes + 1);
        line.append(from, std::min(static_cast<std::size_t>(to - from), room));
    };
    while (true) {
        const auto* newline = static_cast<const char*>(std::memchr(next_, '\n', static_cast<std::size_t>(end_ - next_)));
        if (newline) {
            keep(next_, newline);
            next_ = newline + 1;
            break;
        }
        keep(next_, end_);
        next_ = end_;
        if (!refill()) break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

std::uint64_t InputStream::plain_size() const {
    return gz_->file && gzdirect(gz_->file) ? file_size_ : 0;
}

Position InputStream::locate(std::uint64_t at) const {
    Position result{at, 0, 0};
    if (!seekable_) return result;
    gzFile file = gzopen(path_.c_str(), "rb");
    if (!file) return result;
    std::vector<char> chunk(kChunkSize);
    std::uint64_t seen = 0, line = 1, line_start = 0;
    while (seen < at) {
        const int got = gzread(file, chunk.data(), static_cast<unsigned>(std::min<std::uint64_t>(chunk.size(), at - seen)));
        if (got <= 0) break;
        for (int i = 0; i < got; ++i) {
            if (chunk[static_cast<std::size_t>(i)] == '\n') {
                ++line;
                line_start = seen + static_cast<std::uint64_t>(i) + 1;
            }
        }
        seen += static_cast<std::uint64_t>(got);
    }
    gzclose_r(file);
    result.line = line;
    result.column = at - line_start + 1;
    return result;
}

}  // namespace bomwatch::sbom
