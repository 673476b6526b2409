// What the pieces of OsvDatabase share (osv*.cpp): package keys, the compiled record and its byte
// format, the compiled database, and the steps open() takes. Internal to the policy library.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/osv.h"
#include "sbom/version.h"

namespace bomwatch::policy::osv_detail {

constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;  // no real OSV record comes near

// ---- Package names: purl parts and OSV records meet on one normalised key (osv_record.cpp) ----

std::string lower(std::string_view text);

struct PackageKey {
    std::string ecosystem, name;
};

// Purl type and parts → OSV ecosystem key and name key; nullopt for types OSV has no ecosystem for.
std::optional<PackageKey> osv_package_for(std::string_view type, std::string_view namespace_, std::string_view name);
std::uint64_t key_hash(std::string_view ecosystem, std::string_view name);

// ---- The compiled form of a record (osv_record.cpp) ------------------------------------------

enum class EventKind : std::uint8_t { Introduced, Fixed, LastAffected, Limit };

struct Event {
    EventKind kind;
    std::string version;
};

struct AffectedPackage {
    std::string ecosystem, name;  // keys (see ecosystem_key, name_key)
    std::vector<std::string> versions;
    std::vector<std::vector<Event>> ranges;  // SEMVER and ECOSYSTEM only
};

struct CompiledRecord {
    Advisory advisory;
    std::vector<AffectedPackage> affected;
};

// Whether `version` is in the package's versions or any of its OSV ranges.
bool affects(const AffectedPackage& package, sbom::VersionScheme scheme, std::string_view version);

// ---- Bytes: the compiled records and the cache file, in native byte order ---------------------

struct ByteWriter {
    std::string bytes;
    template <typename T>
    void number(T value) { bytes.append(reinterpret_cast<const char*>(&value), sizeof value); }
    void text(std::string_view value) {
        number(static_cast<std::uint32_t>(value.size()));
        bytes.append(value);
    }
    void texts(const std::vector<std::string>& values) {
        number(static_cast<std::uint32_t>(values.size()));
        for (const std::string& value : values) text(value);
    }
};

// Reads what ByteWriter wrote; every read is bounds-checked and a failure sticks (ok() false).
class ByteReader {
public:
    explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
    template <typename T>
    T number() {
        T value{};
        if (!take(sizeof value)) return value;
        std::memcpy(&value, bytes_.data() + pos_ - sizeof value, sizeof value);
        return value;
    }
    std::string text() {
        const auto size = number<std::uint32_t>();
        return take(size) ? std::string(bytes_.substr(pos_ - size, size)) : std::string();
    }
    std::vector<std::string> texts() {
        std::vector<std::string> values(count(4));
        for (std::string& value : values) value = text();
        return values;
    }
    // An element count, refused when the bytes left could not hold that many elements.
    std::size_t count(std::size_t min_element_size) {
        const auto n = number<std::uint32_t>();
        if (n > (bytes_.size() - pos_) / min_element_size) ok_ = false;
        return ok_ ? n : 0;
    }
    std::string_view rest() const { return bytes_.substr(pos_); }
    bool ok() const { return ok_; }

private:
    bool take(std::size_t size) {
        if (!ok_ || size > bytes_.size() - pos_) return ok_ = false;
        pos_ += size;
        return true;
    }
    std::string_view bytes_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

struct IndexEntry {
    std::uint64_t key;
    std::uint32_t record;
    auto operator<=>(const IndexEntry&) const = default;
};

// What decides whether a cache file still describes the database.
struct Fingerprint {
    std::string canonical_path;
    bool is_zip = false;
    std::uint64_t size = 0, inode = 0;
    std::int64_t mtime_ns = 0;
    std::vector<std::pair<std::string, std::int64_t>> folders;  // relative path ("." = root) → mtime
};

std::int64_t mtime_ns(const struct stat& status);

// The compiled database: what open() builds or loads and affecting() reads.
struct Compiled {
    std::string source_prefix;  // "<path>/" for a folder, "<path>!/" for a zip
    std::string storage;        // the compiled records (and, from a cache file, what precedes them)
    std::size_t records_begin = 0;
    std::vector<std::uint64_t> record_offsets;  // into the records
    std::vector<IndexEntry> index;              // sorted by key hash
    // Where each range of hashes (by their top bits) starts in the index: one probe instead of a
    // binary search whose 17 steps over 100k entries are each a cache miss.
    std::vector<std::uint32_t> directory;
    int directory_shift = 64;
    std::vector<std::pair<std::string, std::string>> problems;  // relative source, problem
    std::vector<std::string> warnings;                          // "<source>: <problem>"
    std::size_t record_count = 0;
    std::vector<std::unique_ptr<CompiledRecord>> decoded;  // by record number, filled on first match

    std::string_view records() const { return std::string_view(storage).substr(records_begin); }

    void warn(const std::string& relative_source, std::string problem) {
        warnings.push_back(source_prefix + relative_source + ": " + problem);
        problems.emplace_back(relative_source, std::move(problem));
    }

    const CompiledRecord* record(std::uint32_t number);  // decoded on first use (osv_record.cpp)
    // Parses and compiles one record file's bytes (osv_record.cpp).
    void add(std::string_view bytes, const std::string& relative_source);
    void finish();
    // The index entries whose key hash is `key`.
    std::pair<const IndexEntry*, const IndexEntry*> entries_for(std::uint64_t key) const;
};

// ---- Compiling a folder or zip (osv_scan.cpp) -------------------------------------------------

bool read_all(int fd, std::string& bytes, std::size_t size);
void compile_folder(const std::string& path, Fingerprint& fingerprint, Compiled& impl);
void compile_zip(const std::string& path, Compiled& impl);

// ---- The cache file (osv_cache.cpp) -----------------------------------------------------------

// The cache file for a database; nullopt when the cache is off or there is no cache folder.
std::optional<std::filesystem::path> cache_file_for(const std::string& canonical_path);
bool changed_recently(const Fingerprint& fingerprint);
// Reads a cache file into `impl` when it is intact and describes `current`.
bool load_cache(const std::filesystem::path& file, const Fingerprint& current, Compiled& impl);
// Writes the cache file atomically; a cache that cannot be written is simply not there next time.
void save_cache(const std::filesystem::path& file, const Fingerprint& fingerprint, const Compiled& impl);

}  // namespace bomwatch::policy::osv_detail
