// The OSV database's records: purl parts and OSV packages as one normalised key, an advisory's
// severity, a JSON record compiled to what a query needs, OSV range evaluation, and the byte form
// of a compiled record (written when compiling, decoded on a query's first match).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "policy/osv_detail.h"
#include "sbom/version.h"

namespace bomwatch::policy::osv_detail {

using nlohmann::json;

// ---- Package names: purl parts and OSV records meet on one normalised key -------------------

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

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

std::string joined(std::string_view namespace_, char separator, std::string_view name) {
    if (namespace_.empty()) return std::string(name);
    return std::string(namespace_) + separator + std::string(name);
}

}  // namespace

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

namespace {

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

}  // namespace

bool affects(const AffectedPackage& package, sbom::VersionScheme scheme, std::string_view version) {
    for (const std::string& listed : package.versions)
        if (sbom::compare_versions(scheme, listed, version) == 0) return true;
    for (const auto& range : package.ranges)
        if (in_range(range, scheme, version)) return true;
    return false;
}

namespace {

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

}  // namespace

const CompiledRecord* Compiled::record(std::uint32_t number) {
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

void Compiled::add(std::string_view bytes, const std::string& relative_source) {
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

}  // namespace bomwatch::policy::osv_detail
