// An offline OSV database, compiled once into a compact index and kept in a cache.
//
// Why a cache. Measured on the 2-core build machine with a warm page cache and 100k records from
// bench/gen_osv_db (about 1.1 KB each, 91k folders in the ossf layout): walking the folder tree
// alone takes 0.43 s, reading its 100k files 0.55 s more, a nlohmann SAX pass over them 0.7 s;
// libzip takes 0.14 s just to open a 100k-entry zip and 0.85 s to inflate every entry. The budget
// for open + 100k queries is about 0.2 s, so no scan of the records, however lazy (names only, full
// parse on a hit), can meet it; and the ossf path does not reliably name the package either
// (`crates-io/` beside `crates.io/`, old scoped npm names at the top level), so it cannot replace
// reading the record.
//
// So open() compiles the database on its first sight of it: every record is parsed once, and what a
// query needs (id, aliases, summary, severity, affected packages with versions and SEMVER/ECOSYSTEM
// range events) is serialised into one blob, with an index sorted by the XXH3 hash of the
// normalised (ecosystem, name) key. The result is written atomically (temp file + rename) to
// $XDG_CACHE_HOME/bomwatch/osv/ (else ~/.cache/...), named by a hash of the database's canonical path,
// with a checksum; a later open() reads that one file, checks it is fresh and answers queries from
// it, decoding a record only when a queried package matches. A stale, foreign or corrupt cache file
// is rebuilt; BOMWATCH_OSV_CACHE=off turns the cache off (every open then compiles).
//
// Freshness. A zip: its size, mtime (ns) and inode. A folder: the mtime of every folder in its tree
// (one stat each, ~0.1 s for 91k folders, instead of 0.4 s of walking): a folder's mtime changes
// whenever an entry is added, removed or renamed in it, and git, rsync and unzip all replace files
// rather than write into them. A record rewritten in place under the same name (`cp` over it) is not
// noticed; that is the price of the budget (turn the cache off where it matters).
//
// Sections: names (purl → OSV key), severity, the compiled record and OSV range evaluation, the
// byte format, compiling a folder or zip, the cache file, the public API. (Longer than our usual
// ~600 lines; it splits along those lines into files when the policy target's sources may change.)
#include "policy/osv.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zip.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <thread>
#include <nlohmann/json.hpp>

#include "sbom/error.h"
#include "sbom/version.h"

namespace bomwatch::policy {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;  // no real OSV record comes near
constexpr char kCacheMagic[8] = {'B', 'W', 'O', 'S', 'V', 'I', 'X', '1'};
constexpr std::uint32_t kCacheFormat = 1;  // bump when the compiled form or its meaning changes

// ---- Package names: purl parts and OSV records meet on one normalised key -------------------

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// OSV ecosystem "Debian:12", "Alpine:v3.18" → "debian", "alpine".
std::string ecosystem_key(std::string_view ecosystem) { return lower(ecosystem.substr(0, ecosystem.find(':'))); }

// The package name as compared within its ecosystem, folding what the ecosystem itself folds.
std::string name_key(std::string_view ecosystem, std::string_view name) {
    if (ecosystem == "pypi") {  // PEP 503: lower case, runs of -_. become one -
        std::string out;
        for (char c : name) {
            if (c == '-' || c == '_' || c == '.') {
                if (out.empty() || out.back() != '-') out += '-';
            } else {
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        return out;
    }
    if (ecosystem == "swifturl") {  // "https://github.com/a/b.git" and "github.com/a/b" are one package
        if (const auto scheme = name.find("://"); scheme != std::string_view::npos) name.remove_prefix(scheme + 3);
        if (name.ends_with(".git")) name.remove_suffix(4);
        return lower(name);
    }
    // Case-insensitive registries (npm's old mixed-case names are lower case in purls).
    static constexpr std::string_view kCaseInsensitive[] = {"npm", "nuget", "packagist", "hex", "pub", "crates.io",
                                                            "debian", "ubuntu", "alpine", "github actions"};
    if (std::find(std::begin(kCaseInsensitive), std::end(kCaseInsensitive), ecosystem) != std::end(kCaseInsensitive))
        return lower(name);
    return std::string(name);
}

struct PackageKey {
    std::string ecosystem, name;
};

std::string joined(std::string_view namespace_, char separator, std::string_view name) {
    if (namespace_.empty()) return std::string(name);
    return std::string(namespace_) + separator + std::string(name);
}

// Purl type and parts → OSV ecosystem key and name key; nullopt for types OSV has no ecosystem for.
std::optional<PackageKey> osv_package_for(std::string_view type, std::string_view namespace_, std::string_view name) {
    const std::string purl_type = lower(type);
    const std::string distro = lower(namespace_);
    std::string ecosystem, osv_name(name);
    if (purl_type == "npm") {
        ecosystem = "npm";
        if (!namespace_.empty()) osv_name = (namespace_.starts_with('@') ? "" : "@") + joined(namespace_, '/', name);
    } else if (purl_type == "maven") {
        ecosystem = "maven", osv_name = joined(namespace_, ':', name);
    } else if (purl_type == "golang") {
        ecosystem = "go", osv_name = joined(namespace_, '/', name);
    } else if (purl_type == "composer" || purl_type == "swift" || purl_type == "github" ||
               purl_type == "githubactions") {
        ecosystem = purl_type == "composer" ? "packagist" : purl_type == "swift" ? "swifturl" : "github actions";
        osv_name = joined(namespace_, '/', name);
    } else if (purl_type == "deb") {
        ecosystem = distro.empty() ? "debian" : distro;  // "debian", "ubuntu"
    } else if (purl_type == "apk") {
        ecosystem = distro.empty() ? "alpine" : distro;  // "alpine", "wolfi", "chainguard"
    } else if (purl_type == "rpm") {
        static constexpr std::pair<std::string_view, std::string_view> kRpmDistros[] = {
            {"redhat", "red hat"}, {"almalinux", "almalinux"}, {"rocky-linux", "rocky linux"},
            {"opensuse", "opensuse"}, {"suse", "suse"}, {"mageia", "mageia"}, {"openeuler", "openeuler"}};
        for (const auto& [purl_distro, osv_ecosystem] : kRpmDistros)
            if (distro == purl_distro) ecosystem = osv_ecosystem;
    } else {
        static constexpr std::pair<std::string_view, std::string_view> kSimple[] = {
            {"pypi", "pypi"}, {"cargo", "crates.io"}, {"gem", "rubygems"}, {"nuget", "nuget"}, {"hex", "hex"},
            {"pub", "pub"}, {"hackage", "hackage"}, {"cran", "cran"}, {"conan", "conancenter"},
            {"bitnami", "bitnami"}, {"opam", "opam"}, {"cocoapods", "cocoapods"}};
        for (const auto& [purl, osv_ecosystem] : kSimple)
            if (purl_type == purl) ecosystem = osv_ecosystem;
    }
    if (ecosystem.empty() || osv_name.empty()) return std::nullopt;
    std::string key_name = name_key(ecosystem, osv_name);
    return PackageKey{std::move(ecosystem), std::move(key_name)};
}

std::uint64_t key_hash(std::string_view ecosystem, std::string_view name) {
    std::string key;
    key.reserve(ecosystem.size() + 1 + name.size());
    key.append(ecosystem).append(1, '\0').append(name);  // a separator no name contains
    return XXH3_64bits(key.data(), key.size());
}

// ---- Severity ---------------------------------------------------------------------------------

// The CVSS v3.x base score of a vector ("CVSS:3.1/AV:N/AC:L/..."), per the v3.1 specification's
// formulas; nullopt when it is not a complete v3 vector.
std::optional<double> cvss3_base_score(std::string_view vector) {
    if (!vector.starts_with("CVSS:3.0/") && !vector.starts_with("CVSS:3.1/")) return std::nullopt;
    vector.remove_prefix(9);
    double av = -1, ac = -1, pr = -1, ui = -1, c = -1, i = -1, a = -1;
    char scope = 0, privileges = 0;
    while (!vector.empty()) {
        const auto slash = vector.find('/');
        const std::string_view metric = vector.substr(0, slash);
        vector = slash == std::string_view::npos ? std::string_view() : vector.substr(slash + 1);
        const auto colon = metric.find(':');
        if (colon == std::string_view::npos || colon + 2 != metric.size()) return std::nullopt;
        const std::string_view key = metric.substr(0, colon);
        const char value = metric[colon + 1];
        auto pick = [value](std::string_view letters, std::initializer_list<double> weights) {
            const auto at = letters.find(value);
            return at == std::string_view::npos ? -2.0 : *(weights.begin() + at);
        };
        if (key == "AV") av = pick("NALP", {0.85, 0.62, 0.55, 0.2});
        else if (key == "AC") ac = pick("LH", {0.77, 0.44});
        else if (key == "PR") privileges = value;
        else if (key == "UI") ui = pick("NR", {0.85, 0.62});
        else if (key == "S") scope = value;
        else if (key == "C") c = pick("HLN", {0.56, 0.22, 0});
        else if (key == "I") i = pick("HLN", {0.56, 0.22, 0});
        else if (key == "A") a = pick("HLN", {0.56, 0.22, 0});
        // temporal and environmental metrics do not change the base score
    }
    const bool changed = scope == 'C';
    if (scope != 'U' && !changed) return std::nullopt;
    if (privileges == 'N') pr = 0.85;
    else if (privileges == 'L') pr = changed ? 0.68 : 0.62;
    else if (privileges == 'H') pr = changed ? 0.5 : 0.27;
    else return std::nullopt;
    if (std::min({av, ac, pr, ui, c, i, a}) < 0) return std::nullopt;
    const double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    const double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
    if (impact <= 0) return 0.0;
    const double exploitability = 8.22 * av * ac * pr * ui;
    const double raw = std::min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10.0);
    // Roundup as v3.1 defines it, in integers so that 4.000000001 does not become 4.1.
    const auto scaled = static_cast<long long>(std::llround(raw * 100000));
    return scaled % 10000 == 0 ? static_cast<double>(scaled) / 100000.0
                               : static_cast<double>(scaled / 10000 + 1) / 10.0;
}

std::string severity_of(const json& record) {
    if (const auto specific = record.find("database_specific");
        specific != record.end() && specific->is_object()) {
        if (const auto word = specific->find("severity"); word != specific->end() && word->is_string()) {
            const std::string text = lower(word->get_ref<const std::string&>());
            if (text == "critical" || text == "high" || text == "medium" || text == "low") return text;
            if (text == "moderate") return "medium";
        }
    }
    if (const auto severities = record.find("severity"); severities != record.end() && severities->is_array()) {
        for (const json& entry : *severities) {
            if (!entry.is_object()) continue;
            const auto type = entry.find("type"), score = entry.find("score");
            if (type == entry.end() || score == entry.end() || !score->is_string() || *type != "CVSS_V3") continue;
            const auto base = cvss3_base_score(score->get_ref<const std::string&>());
            if (!base) continue;
            if (*base >= 9.0) return "critical";
            if (*base >= 7.0) return "high";
            if (*base >= 4.0) return "medium";
            return *base > 0 ? "low" : "";
        }
    }
    return "";
}

// ---- The compiled form of a record ------------------------------------------------------------

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

const std::string* string_member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// Turns a parsed record into its compiled form; nullopt with `problem` set when it is not OSV.
// Withdrawn records compile to no affected packages: they no longer claim anything.
std::optional<CompiledRecord> compile(const json& record, std::string& problem) {
    const std::string* id = record.is_object() ? string_member(record, "id") : nullptr;
    if (!id || id->empty()) {
        problem = "not an OSV record (no \"id\")";
        return std::nullopt;
    }
    CompiledRecord out;
    out.advisory.id = *id;
    if (const auto aliases = record.find("aliases"); aliases != record.end() && aliases->is_array())
        for (const json& alias : *aliases)
            if (alias.is_string()) out.advisory.aliases.push_back(alias.get<std::string>());
    if (const std::string* summary = string_member(record, "summary"))
        out.advisory.summary = summary->substr(0, summary->find('\n'));
    out.advisory.severity = severity_of(record);
    const auto affected = record.find("affected");
    if (affected == record.end() || record.contains("withdrawn")) return out;
    if (!affected->is_array()) {
        problem = "not an OSV record (\"affected\" is not an array)";
        return std::nullopt;
    }
    for (const json& entry : *affected) {
        const auto package = entry.is_object() ? entry.find("package") : entry.end();
        if (!entry.is_object() || package == entry.end() || !package->is_object()) continue;  // GIT-only entries
        const std::string* ecosystem = string_member(*package, "ecosystem");
        const std::string* name = string_member(*package, "name");
        if (!ecosystem || !name) continue;
        AffectedPackage compiled{ecosystem_key(*ecosystem), "", {}, {}};
        compiled.name = name_key(compiled.ecosystem, *name);
        if (const auto versions = entry.find("versions"); versions != entry.end() && versions->is_array())
            for (const json& version : *versions)
                if (version.is_string()) compiled.versions.push_back(version.get<std::string>());
        if (const auto ranges = entry.find("ranges"); ranges != entry.end() && ranges->is_array()) {
            for (const json& range : *ranges) {
                const std::string* type = range.is_object() ? string_member(range, "type") : nullptr;
                const auto events = type ? range.find("events") : range.end();
                if (!type || (*type != "SEMVER" && *type != "ECOSYSTEM") || events == range.end() ||
                    !events->is_array())
                    continue;
                std::vector<Event> compiled_events;
                for (const json& event : *events) {
                    if (!event.is_object()) continue;
                    static constexpr std::pair<const char*, EventKind> kKinds[] = {
                        {"introduced", EventKind::Introduced}, {"fixed", EventKind::Fixed},
                        {"last_affected", EventKind::LastAffected}, {"limit", EventKind::Limit}};
                    for (const auto& [key, kind] : kKinds)
                        if (const std::string* version = string_member(event, key)) {
                            compiled_events.push_back({kind, *version});
                            break;
                        }
                }
                compiled.ranges.push_back(std::move(compiled_events));
            }
        }
        out.affected.push_back(std::move(compiled));
    }
    return out;
}

// OSV's evaluation of one range: a version is affected when some `introduced` at or below it is
// not closed by a `fixed` (at or below it) or `last_affected` (below it) at or after that
// introduction, and no `limit` is at or below it. Equivalent to walking the sorted events, but
// needs no sort (Maven's order is not total).
bool in_range(const std::vector<Event>& events, sbom::VersionScheme scheme, std::string_view version) {
    auto cmp = [scheme](std::string_view a, std::string_view b) { return sbom::compare_versions(scheme, a, b); };
    for (const Event& event : events)
        if (event.kind == EventKind::Limit && event.version != "*" && cmp(version, event.version) >= 0) return false;
    for (const Event& introduced : events) {
        if (introduced.kind != EventKind::Introduced) continue;
        const bool from_start = introduced.version == "0";
        if (!from_start && cmp(version, introduced.version) < 0) continue;
        bool closed = false;
        for (const Event& end : events) {
            if (end.kind != EventKind::Fixed && end.kind != EventKind::LastAffected) continue;
            if (!from_start && cmp(end.version, introduced.version) < 0) continue;
            const int order = cmp(version, end.version);
            closed = end.kind == EventKind::Fixed ? order >= 0 : order > 0;
            if (closed) break;
        }
        if (!closed) return true;
    }
    return false;
}

bool affects(const AffectedPackage& package, sbom::VersionScheme scheme, std::string_view version) {
    for (const std::string& listed : package.versions)
        if (sbom::compare_versions(scheme, listed, version) == 0) return true;
    for (const auto& range : package.ranges)
        if (in_range(range, scheme, version)) return true;
    return false;
}

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

// Advisory.source is stored relative to the database (its path is prefixed when decoded).
void write_record(ByteWriter& out, const CompiledRecord& record) {
    const Advisory& advisory = record.advisory;
    out.text(advisory.id), out.text(advisory.summary), out.text(advisory.severity), out.text(advisory.source);
    out.texts(advisory.aliases);
    out.number(static_cast<std::uint32_t>(record.affected.size()));
    for (const AffectedPackage& package : record.affected) {
        out.text(package.ecosystem), out.text(package.name), out.texts(package.versions);
        out.number(static_cast<std::uint32_t>(package.ranges.size()));
        for (const auto& events : package.ranges) {
            out.number(static_cast<std::uint32_t>(events.size()));
            for (const Event& event : events) out.number(static_cast<std::uint8_t>(event.kind)), out.text(event.version);
        }
    }
}

std::optional<CompiledRecord> read_record(ByteReader& in) {
    CompiledRecord record;
    Advisory& advisory = record.advisory;
    advisory.id = in.text(), advisory.summary = in.text(), advisory.severity = in.text(), advisory.source = in.text();
    advisory.aliases = in.texts();
    record.affected.resize(in.count(16));
    for (AffectedPackage& package : record.affected) {
        package.ecosystem = in.text(), package.name = in.text(), package.versions = in.texts();
        package.ranges.resize(in.count(4));
        for (auto& events : package.ranges) {
            events.resize(in.count(5));
            for (Event& event : events) {
                const auto kind = in.number<std::uint8_t>();
                if (kind > static_cast<std::uint8_t>(EventKind::Limit)) return std::nullopt;
                event = {static_cast<EventKind>(kind), in.text()};
            }
        }
    }
    auto is_malicious = [](const std::string& name) { return name.starts_with("MAL-"); };
    advisory.malicious = is_malicious(advisory.id) || std::any_of(advisory.aliases.begin(), advisory.aliases.end(), is_malicious);
    if (!in.ok()) return std::nullopt;
    return record;
}

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

std::int64_t mtime_ns(const struct stat& status) {
    return static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
}

// nlohmann's DOM builder, with a parse error kept as a message instead of thrown.
struct RecordParser : nlohmann::detail::json_sax_dom_parser<json> {
    explicit RecordParser(json& result) : json_sax_dom_parser(result, false) {}
    template <typename Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& error) {
        message = error.what();
        return false;
    }
    std::string message;
};

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

    const CompiledRecord* record(std::uint32_t number) {
        std::unique_ptr<CompiledRecord>& slot = decoded[number];
        if (!slot) {
            ByteReader in(records().substr(record_offsets[number]));
            auto record = read_record(in);
            if (!record) return nullptr;  // unreachable for a checksummed cache; never trusted blindly
            record->advisory.source = source_prefix + record->advisory.source;
            slot = std::make_unique<CompiledRecord>(std::move(*record));
        }
        return slot.get();
    }

    // Parses and compiles one record file's bytes.
    void add(std::string_view bytes, const std::string& relative_source) {
        json document;
        RecordParser parser(document);
        if (!json::sax_parse(bytes, &parser)) return warn(relative_source, "not valid JSON: " + parser.message);
        std::string problem;
        std::optional<CompiledRecord> compiled = compile(document, problem);
        if (!compiled) return warn(relative_source, problem);
        compiled->advisory.source = relative_source;
        const auto number = static_cast<std::uint32_t>(record_offsets.size());
        record_offsets.push_back(storage.size());
        ByteWriter out{std::move(storage)};
        write_record(out, *compiled);
        storage = std::move(out.bytes);
        for (const AffectedPackage& package : compiled->affected) index.push_back({key_hash(package.ecosystem, package.name), number});
        ++record_count;
    }

    void finish() {
        std::sort(index.begin(), index.end());
        index.erase(std::unique(index.begin(), index.end()), index.end());
        decoded.resize(record_offsets.size());
        int bits = 1;
        while (bits < 24 && (std::size_t{1} << bits) < index.size()) ++bits;
        directory_shift = 64 - bits;
        directory.assign((std::size_t{1} << bits) + 1, 0);
        for (const IndexEntry& entry : index) ++directory[(entry.key >> directory_shift) + 1];
        for (std::size_t i = 1; i < directory.size(); ++i) directory[i] += directory[i - 1];
    }

    // The index entries whose key hash is `key`.
    std::pair<const IndexEntry*, const IndexEntry*> entries_for(std::uint64_t key) const {
        const std::size_t bucket = key >> directory_shift;
        const IndexEntry* first = index.data() + directory[bucket];
        const IndexEntry* last = index.data() + directory[bucket + 1];
        first = std::lower_bound(first, last, IndexEntry{key, 0});
        return {first, std::upper_bound(first, last, IndexEntry{key, UINT32_MAX})};
    }
};

using Impl = Compiled;

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

// Lists the *.json files under a folder (hidden entries such as .git skipped) and records every
// folder's mtime, read before its entries so that a change during the walk makes the cache stale.
void walk_folder(int folder_fd, const std::string& relative, int depth, Fingerprint& fingerprint,
                 std::vector<std::string>& files, Impl& impl) {
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

void compile_folder(const std::string& path, Fingerprint& fingerprint, Impl& impl) {
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

void compile_zip(const std::string& path, Impl& impl) {
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

// ---- The cache file ---------------------------------------------------------------------------

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
bool load_cache(const std::filesystem::path& file, const Fingerprint& current, Impl& impl) {
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
void save_cache(const std::filesystem::path& file, const Fingerprint& fingerprint, const Impl& impl) {
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

}  // namespace

struct OsvDatabase::Impl : Compiled {};

OsvDatabase OsvDatabase::open(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) throw sbom::InputError(path, std::strerror(errno));
    const bool is_folder = S_ISDIR(status.st_mode);
    if (!is_folder && (!S_ISREG(status.st_mode) || status.st_size == 0))
        throw sbom::InputError(path, "not a folder or a zip file");
    std::string shown = path;  // sources name the database as the caller did
    while (shown.size() > 1 && shown.ends_with('/')) shown.pop_back();
    auto impl = std::make_unique<Impl>();
    impl->source_prefix = shown + (is_folder ? "/" : "!/");

    Fingerprint current;
    std::error_code error;
    current.canonical_path = std::filesystem::canonical(path, error).string();
    if (error) current.canonical_path = std::filesystem::absolute(path).lexically_normal().string();
    current.is_zip = !is_folder;
    if (current.is_zip)
        current.size = static_cast<std::uint64_t>(status.st_size), current.inode = status.st_ino, current.mtime_ns = mtime_ns(status);

    const auto cache = cache_file_for(current.canonical_path);
    if (cache && load_cache(*cache, current, *impl)) return OsvDatabase(std::move(impl));
    std::string prefix = std::move(impl->source_prefix);
    *impl = Impl{};  // drop whatever a refused cache file left
    impl->source_prefix = std::move(prefix);
    if (is_folder) compile_folder(path, current, *impl);
    else compile_zip(path, *impl);
    impl->finish();
    if (cache && !changed_recently(current)) save_cache(*cache, current, *impl);
    return OsvDatabase(std::move(impl));
}

OsvDatabase::OsvDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OsvDatabase::OsvDatabase(OsvDatabase&&) noexcept = default;
OsvDatabase& OsvDatabase::operator=(OsvDatabase&&) noexcept = default;
OsvDatabase::~OsvDatabase() = default;

std::vector<const Advisory*> OsvDatabase::affecting(std::string_view purl_type, std::string_view namespace_,
                                                    std::string_view name, std::string_view version) {
    std::vector<const Advisory*> found;
    const std::optional<PackageKey> package = osv_package_for(purl_type, namespace_, name);
    if (!package) return found;
    const std::uint64_t key = key_hash(package->ecosystem, package->name);
    const sbom::VersionScheme scheme = sbom::version_scheme_for(purl_type);
    const auto [first, last] = impl_->entries_for(key);
    for (const IndexEntry* entry = first; entry != last; ++entry) {
        const CompiledRecord* record = impl_->record(entry->record);
        if (!record) continue;
        for (const AffectedPackage& affected : record->affected) {
            // The hash found candidates; the full key decides (and guards against collisions).
            if (affected.ecosystem == package->ecosystem && affected.name == package->name &&
                affects(affected, scheme, version)) {
                found.push_back(&record->advisory);
                break;
            }
        }
    }
    // Id order; one advisory filed twice (ossf keeps some ids under two spellings) is named once.
    std::sort(found.begin(), found.end(), [](const Advisory* a, const Advisory* b) {
        return a->id != b->id ? a->id < b->id : a->source < b->source;
    });
    found.erase(std::unique(found.begin(), found.end(), [](const Advisory* a, const Advisory* b) { return a->id == b->id; }),
                found.end());
    return found;
}

std::size_t OsvDatabase::record_count() const { return impl_->record_count; }
const std::vector<std::string>& OsvDatabase::warnings() const { return impl_->warnings; }

}  // namespace bomwatch::policy
