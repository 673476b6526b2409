#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace bomwatch::cli {

namespace {

void write_all(int fd, const std::string& content, const std::string& name) {
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

}  // namespace

// The rename makes the report appear whole or not at all for anything that reads it, however
// the run ends. No fsync: a report is made again by running again, and syncing a few megabytes
// cost more than the whole diff of two 100 MB SBOMs (measured: 0.15 s).
void write_output(const std::string& path, const std::string& content) {
    if (path.empty() || path == "-") {
        std::fflush(stdout);
        write_all(1, content, "standard output");
        return;
    }
    std::string pattern = path + ".tmp.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
    const std::string temp(name.data());
    try {
        write_all(fd, content, path);
        // mkstemp makes the file 0600; an output file gets the usual mode.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
        if (::close(fd) != 0) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw std::runtime_error(path + ": cannot write: " + std::strerror(error));
    }
}

}  // namespace bomwatch::cli
