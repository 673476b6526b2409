// The cache file of a compiled OSV database: where it lives, when it is fresh, and its byte format
// (magic, format number, payload size and checksum; then the fingerprint, problems, index and
// compiled records).
//
// Freshness. A zip: its size, mtime (ns) and inode. A folder: the mtime of every folder in its tree
// (one stat each, ~0.1 s for 91k folders, instead of 0.4 s of walking): a folder's mtime changes
// whenever an entry is added, removed or renamed in it, and git, rsync and unzip all replace files
// rather than write into them. A record rewritten in place under the same name (`cp` over it) is not
// noticed; that is the price of the budget (turn the cache off where it matters).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>

#include "policy/osv_detail.h"

namespace bomwatch::policy::osv_detail {
namespace {

constexpr char kCacheMagic[8] = {'B', 'W', 'O', 'S', 'V', 'I', 'X', '1'};
constexpr std::uint32_t kCacheFormat = 1;  // bump when the compiled form or its meaning changes

bool is_fresh(const Fingerprint& cached, const Fingerprint& current) {
    if (cached.canonical_path != current.canonical_path || cached.is_zip != current.is_zip) return false;
    if (cached.is_zip)
        return cached.size == current.size && cached.inode == current.inode && cached.mtime_ns == current.mtime_ns;
    const int root_fd = ::open(current.canonical_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) return false;
    // One stat per folder, on two threads: the stats are path lookups in the kernel, and halving
    // their wall time matters for a large tree (0.10 s → 0.06 s for 91k folders).
    std::atomic<bool> fresh = true;
    auto check = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end && fresh.load(std::memory_order_relaxed); ++i) {
            struct stat status {};
            const auto& [relative, mtime] = cached.folders[i];
            if (::fstatat(root_fd, relative.c_str(), &status, 0) != 0 || mtime_ns(status) != mtime) fresh = false;
        }
    };
    const std::size_t half = cached.folders.size() / 2;
    if (half < 4096) {
        check(0, cached.folders.size());
    } else {
        std::thread helper;
        try {
            helper = std::thread(check, half, cached.folders.size());
        } catch (const std::system_error&) {  // no thread to be had: do it all here
            check(half, cached.folders.size());
        }
        check(0, half);
        if (helper.joinable()) helper.join();
    }
    ::close(root_fd);
    return fresh;
}

}  // namespace

std::optional<std::filesystem::path> cache_file_for(const std::string& canonical_path) {
    if (const char* setting = std::getenv("BOMWATCH_OSV_CACHE")) {
        const std::string value = lower(setting);
        if (value == "off" || value == "0" || value == "no" || value == "false") return std::nullopt;
    }
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/') base = xdg;
    else if (const char* home = std::getenv("HOME"); home && home[0] == '/') base = std::filesystem::path(home) / ".cache";
    else return std::nullopt;
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.osvidx",
                  static_cast<unsigned long long>(XXH3_64bits(canonical_path.data(), canonical_path.size())));
    return base / "bomwatch" / "osv" / name;
}

// A change within the file system's timestamp granularity of a recorded mtime would leave the
// mtime as it was; so, as git does with its index, a database touched in the last seconds is not
// cached (it is compiled again next time).
bool changed_recently(const Fingerprint& fingerprint) {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    const std::int64_t threshold = (static_cast<std::int64_t>(now.tv_sec) - 2) * 1000000000 + now.tv_nsec;
    if (fingerprint.is_zip) return fingerprint.mtime_ns > threshold;
    return std::any_of(fingerprint.folders.begin(), fingerprint.folders.end(),
                       [threshold](const auto& folder) { return folder.second > threshold; });
}

// Reads a cache file into `impl` when it is intact and describes `current`.
bool load_cache(const std::filesystem::path& file, const Fingerprint& current, Compiled& impl) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat status {};
    const bool read = ::fstat(fd, &status) == 0 && read_all(fd, impl.storage, static_cast<std::size_t>(status.st_size));
    ::close(fd);
    constexpr std::size_t kHeader = sizeof kCacheMagic + 4 + 8 + 8;
    if (!read || impl.storage.size() < kHeader || std::memcmp(impl.storage.data(), kCacheMagic, sizeof kCacheMagic) != 0)
        return false;
    ByteReader header(std::string_view(impl.storage).substr(sizeof kCacheMagic));
    const auto format = header.number<std::uint32_t>();
    const auto payload_size = header.number<std::uint64_t>();
    const auto checksum = header.number<std::uint64_t>();
    const std::string_view payload = header.rest();
    if (format != kCacheFormat || payload_size != payload.size() || XXH3_64bits(payload.data(), payload.size()) != checksum)
        return false;
    ByteReader in(payload);
    Fingerprint cached;
    cached.canonical_path = in.text();
    cached.is_zip = in.number<std::uint8_t>() != 0;
    cached.size = in.number<std::uint64_t>(), cached.inode = in.number<std::uint64_t>();
    cached.mtime_ns = in.number<std::int64_t>();
    cached.folders.resize(in.count(12));
    for (auto& [relative, mtime] : cached.folders) relative = in.text(), mtime = in.number<std::int64_t>();
    if (!in.ok() || !is_fresh(cached, current)) return false;
    impl.record_count = in.number<std::uint64_t>();
    impl.problems.resize(in.count(8));
    for (auto& [relative, problem] : impl.problems) relative = in.text(), problem = in.text();
    impl.index.resize(in.count(12));
    for (IndexEntry& entry : impl.index) entry.key = in.number<std::uint64_t>(), entry.record = in.number<std::uint32_t>();
    impl.record_offsets.resize(in.count(8));
    for (std::uint64_t& offset : impl.record_offsets) offset = in.number<std::uint64_t>();
    if (!in.ok()) return false;
    impl.records_begin = impl.storage.size() - in.rest().size();
    const std::size_t records_size = in.rest().size();
    for (const IndexEntry& entry : impl.index)
        if (entry.record >= impl.record_offsets.size()) return false;
    for (const std::uint64_t offset : impl.record_offsets)
        if (offset > records_size) return false;
    for (const auto& [relative, problem] : impl.problems) impl.warnings.push_back(impl.source_prefix + relative + ": " + problem);
    impl.finish();
    return true;
}

// Writes the cache file atomically; a cache that cannot be written is simply not there next time.
void save_cache(const std::filesystem::path& file, const Fingerprint& fingerprint, const Compiled& impl) {
    ByteWriter out;
    out.text(fingerprint.canonical_path);
    out.number(static_cast<std::uint8_t>(fingerprint.is_zip));
    out.number(fingerprint.size), out.number(fingerprint.inode), out.number(fingerprint.mtime_ns);
    out.number(static_cast<std::uint32_t>(fingerprint.folders.size()));
    for (const auto& [relative, mtime] : fingerprint.folders) out.text(relative), out.number(mtime);
    out.number(static_cast<std::uint64_t>(impl.record_count));
    out.number(static_cast<std::uint32_t>(impl.problems.size()));
    for (const auto& [relative, problem] : impl.problems) out.text(relative), out.text(problem);
    out.number(static_cast<std::uint32_t>(impl.index.size()));
    for (const IndexEntry& entry : impl.index) out.number(entry.key), out.number(entry.record);
    out.number(static_cast<std::uint32_t>(impl.record_offsets.size()));
    for (const std::uint64_t offset : impl.record_offsets) out.number(offset);
    out.bytes.append(impl.records());
    ByteWriter header;
    header.bytes.append(kCacheMagic, sizeof kCacheMagic);
    header.number(kCacheFormat);
    header.number(static_cast<std::uint64_t>(out.bytes.size()));
    header.number(static_cast<std::uint64_t>(XXH3_64bits(out.bytes.data(), out.bytes.size())));

    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    std::string temp = file.string() + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) return;
    bool written = true;
    for (const std::string* part : {&header.bytes, &out.bytes})
        for (std::size_t done = 0; written && done < part->size();) {
            const ssize_t wrote = ::write(fd, part->data() + done, part->size() - done);
            written = wrote > 0;
            done += written ? static_cast<std::size_t>(wrote) : 0;
        }
    if (::close(fd) != 0 || !written || ::rename(temp.c_str(), file.c_str()) != 0) ::unlink(temp.c_str());
}

}  // namespace bomwatch::policy::osv_detail
