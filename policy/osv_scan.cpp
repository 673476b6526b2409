// Compiling an OSV database from its source: a folder tree of *.json records (walked with one
// folder's mtime recorded each, for the cache's freshness check) or a zip of them.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "policy/osv_detail.h"
#include "sbom/error.h"

namespace bomwatch::policy::osv_detail {

bool read_all(int fd, std::string& bytes, std::size_t size) {
    bytes.resize(size);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::read(fd, bytes.data() + done, size - done);
        if (got <= 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

namespace {

// Lists the *.json files under a folder (hidden entries such as .git skipped) and records every
// folder's mtime, read before its entries so that a change during the walk makes the cache stale.
void walk_folder(int folder_fd, const std::string& relative, int depth, Fingerprint& fingerprint,
                 std::vector<std::string>& files, Compiled& impl) {
    struct stat status {};
    ::fstat(folder_fd, &status);
    fingerprint.folders.emplace_back(relative.empty() ? "." : relative, mtime_ns(status));
    DIR* folder = ::fdopendir(folder_fd);
    if (!folder) {
        ::close(folder_fd);
        return impl.warn(relative, "cannot list this folder");
    }
    while (const dirent* entry = ::readdir(folder)) {
        const std::string_view name = entry->d_name;
        if (name.starts_with('.')) continue;
        unsigned type = entry->d_type;
        if (type == DT_UNKNOWN || type == DT_LNK) {
            struct stat target {};
            if (::fstatat(::dirfd(folder), entry->d_name, &target, 0) != 0) continue;
            type = S_ISDIR(target.st_mode) ? DT_DIR : S_ISREG(target.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        const std::string child = relative.empty() ? std::string(name) : relative + "/" + std::string(name);
        if (type == DT_DIR && depth < 32) {  // the bound stops symlink loops
            const int child_fd = ::openat(::dirfd(folder), entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (child_fd < 0) impl.warn(child, "cannot open this folder");
            else walk_folder(child_fd, child, depth + 1, fingerprint, files, impl);
        } else if (type == DT_REG && name.ends_with(".json")) {
            files.push_back(child);
        }
    }
    ::closedir(folder);
}

}  // namespace

void compile_folder(const std::string& path, Fingerprint& fingerprint, Compiled& impl) {
    const int root_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) throw sbom::InputError(path, std::string("cannot open the folder: ") + std::strerror(errno));
    std::vector<std::string> files;
    walk_folder(::dup(root_fd), "", 0, fingerprint, files, impl);
    std::sort(files.begin(), files.end());  // the same database gives the same order on every file system
    std::string bytes;
    for (const std::string& file : files) {
        const int fd = ::openat(root_fd, file.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat status {};
        if (fd < 0 || ::fstat(fd, &status) != 0) {
            impl.warn(file, std::string("cannot read: ") + std::strerror(errno));
        } else if (static_cast<std::size_t>(status.st_size) > kMaxRecordBytes) {
            impl.warn(file, "larger than any OSV record (" + std::to_string(status.st_size) + " bytes); skipped");
        } else if (!read_all(fd, bytes, static_cast<std::size_t>(status.st_size))) {
            impl.warn(file, std::string("cannot read: ") + std::strerror(errno));
        } else {
            impl.add(bytes, file);
        }
        if (fd >= 0) ::close(fd);
    }
    ::close(root_fd);
}

void compile_zip(const std::string& path, Compiled& impl) {
    int code = 0;
    zip_t* archive = ::zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (!archive) {
        zip_error_t error;
        ::zip_error_init_with_code(&error, code);
        const std::string message = ::zip_error_strerror(&error);
        ::zip_error_fini(&error);
        throw sbom::InputError(path, "not a folder or a readable zip file (" + message + ")");
    }
    std::string bytes;
    const zip_int64_t entries = ::zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < entries; ++i) {
        zip_stat_t status;
        ::zip_stat_init(&status);
        if (::zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &status) != 0 || !(status.valid & ZIP_STAT_NAME))
            continue;
        const std::string name = status.name;
        if (!name.ends_with(".json")) continue;  // folders and anything else beside the records
        if (!(status.valid & ZIP_STAT_SIZE) || status.size > kMaxRecordBytes) {
            impl.warn(name, "larger than any OSV record; skipped");
            continue;
        }
        zip_file_t* file = ::zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        if (!file) {
            impl.warn(name, std::string("cannot read: ") + ::zip_strerror(archive));
            continue;
        }
        bytes.resize(status.size);
        const zip_int64_t got = ::zip_fread(file, bytes.data(), status.size);
        const std::string problem = got == static_cast<zip_int64_t>(status.size) ? "" : ::zip_file_strerror(file);
        // zip_fclose reports a CRC mismatch found at the end of the entry.
        if (::zip_fclose(file) != 0 || !problem.empty())
            impl.warn(name, "cannot read: " + (problem.empty() ? std::string("damaged entry") : problem));
        else
            impl.add(bytes, name);
    }
    ::zip_discard(archive);
}

}  // namespace bomwatch::policy::osv_detail
