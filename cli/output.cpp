#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <streambuf>
#include <string_view>
#include <vector>

namespace bomwatch::cli {

namespace {

void write_all(int fd, std::string_view content, const std::string& name) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(name + ": cannot write: " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
}


// A stream buffer over a file descriptor: 64 KiB at a time through write_all. An error is kept
// (a streambuf cannot throw through an ostream) and thrown by finish().
class FdBuffer : public std::streambuf {
public:
    FdBuffer(int fd, std::string name) : fd_(fd), name_(std::move(name)), buffer_(64 * 1024) {
        setp(buffer_.data(), buffer_.data() + buffer_.size());
    }
    void finish() {
        if (!error_.empty() || sync() != 0) throw std::runtime_error(error_);
    }

protected:
    int_type overflow(int_type c) override {
        if (sync() != 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override {
        if (!error_.empty()) return -1;
        try {
            write_all(fd_, std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())), name_);
        } catch (const std::runtime_error& e) {
            error_ = e.what();
            return -1;
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return 0;
    }

private:
    int fd_;
    std::string name_, error_;
    std::vector<char> buffer_;
};

void render_to(int fd, const std::string& name, const std::function<void(std::ostream&)>& render) {
    FdBuffer buffer(fd, name);
    std::ostream out(&buffer);
    render(out);
    buffer.finish();
}

}  // namespace

// The rename makes the report appear whole or not at all for anything that reads it, however
// the run ends. No fsync: a report is made again by running again, and syncing a few megabytes
// cost more than the whole diff of two 100 MB SBOMs (measured: 0.15 s).
void write_output(const std::string& path, const std::function<void(std::ostream&)>& render) {
    if (path.empty() || path == "-") {
        std::fflush(stdout);
        render_to(1, "standard output", render);
        return;
    }
    std::string pattern = path + ".tmp.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
    const std::string temp(name.data());
    try {
        render_to(fd, path, render);
        // mkstemp makes the file 0600; an output file gets the usual mode.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
        const int closed = ::close(fd);
        fd = -1;
        if (closed != 0) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw std::runtime_error(path + ": cannot write: " + std::strerror(error));
    }
}

void write_output(const std::string& path, const std::string& content) {
    write_output(path, [&](std::ostream& out) { out << content; });
}

}  // namespace bomwatch::cli
