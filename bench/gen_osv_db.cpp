// gen_osv_db: writes a deterministic offline OSV database of N records and a list of queries with
// the number of advisories each must get. Same arguments, same bytes.
//
//   gen_osv_db --records N [--queries Q] [--seed S] --out DIR [--zip FILE]
//
// writes DIR/osv/malicious/<ecosystem>/<name>/<id>.json (ossf/malicious-packages' layout),
// DIR/queries.tsv (purl type, namespace, name, version, expected advisory count; one a line) and,
// with --zip, FILE holding the same records as flat, deflated `<ID>.json` entries (osv.dev's
// all.zip). N and Q may carry a k or m suffix.
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/gen/random.h"

namespace {

constexpr const char* kUsage =
    "usage: gen_osv_db --records N [--queries Q] [--seed S] --out DIR [--zip FILE]\n"
    "N and Q may carry a k or m suffix (100k = 100000).\n";

// An ecosystem as the generator renders it: OSV's name, ossf's folder name, the purl type.
struct Ecosystem {
    const char* osv;
    const char* folder;
    const char* purl_type;
    int weight;  // share of records, roughly as in ossf/malicious-packages
};
constexpr Ecosystem kEcosystems[] = {
    {"npm", "npm", "npm", 60},        {"PyPI", "pypi", "pypi", 22},        {"Maven", "maven", "maven", 3},
    {"Go", "go", "golang", 3},        {"crates.io", "crates.io", "cargo", 3}, {"RubyGems", "rubygems", "gem", 3},
    {"NuGet", "nuget", "nuget", 3},   {"Packagist", "packagist", "composer", 3},
};

struct Version {
    int major, minor, patch;
    auto operator<=>(const Version&) const = default;
    std::string text() const { return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch); }
};

// Which versions a record affects.
enum class Shape { AllVersions, VersionList, IntroducedFixed, UpToLastAffected };

struct Package {
    int ecosystem;
    std::string osv_name;                    // as the record spells it
    std::string purl_namespace, purl_name;  // as an SBOM's purl spells it
};

struct Record {
    std::string id;
    int package;  // index into the package list
    Shape shape;
    std::vector<Version> listed;  // VersionList
    Version low{}, high{};        // IntroducedFixed: [low, high); UpToLastAffected: [0, high]
    bool ghsa = false;            // a GHSA advisory with aliases and a severity, else a MAL record
    int severity_style = 0;       // GHSA: 0 database_specific word, 1 CVSS vector
};

bool affects(const Record& record, const Version& v) {
    switch (record.shape) {
        case Shape::AllVersions: return true;
        case Shape::VersionList:
            for (const Version& listed : record.listed)
                if (listed == v) return true;
            return false;
        case Shape::IntroducedFixed: return record.low <= v && v < record.high;
        case Shape::UpToLastAffected: return v <= record.high;
    }
    return false;
}

std::string syllables(bench::Rng& rng, int count) {
    static constexpr const char* kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "pri", "sto",
                                                 "gra", "bel", "dux", "fin", "qua", "wex", "yol", "hub", "jet", "cor"};
    std::string out;
    for (int i = 0; i < count; ++i) out += rng.pick(kSyllables);
    return out;
}

// A package name unique by construction (the counter), shaped like its ecosystem's names.
Package make_package(bench::Rng& rng, int ecosystem, int serial) {
    const std::string base = syllables(rng, rng.between(2, 3)) + "-" + syllables(rng, 1) + std::to_string(serial);
    Package p{ecosystem, "", "", base};
    const std::string_view osv = kEcosystems[ecosystem].osv;
    if (osv == "npm" && rng.chance(0.2)) {
        p.purl_namespace = "@" + syllables(rng, 2);
        p.osv_name = p.purl_namespace + "/" + base;
    } else if (osv == "PyPI") {
        // The record keeps the published spelling; the purl carries PEP 503's normal form.
        std::string published = base;
        if (rng.chance(0.3)) {
            published[0] = static_cast<char>(published[0] - 'a' + 'A');
            for (char& c : published)
                if (c == '-') c = '_';
        }
        p.osv_name = published;
    } else if (osv == "Maven") {
        p.purl_namespace = "com." + syllables(rng, 2);
        p.osv_name = p.purl_namespace + ":" + base;
    } else if (osv == "Go") {
        p.purl_namespace = "github.com/" + syllables(rng, 2);
        p.osv_name = p.purl_namespace + "/" + base;
    } else if (osv == "Packagist") {
        p.purl_namespace = syllables(rng, 2);
        p.osv_name = p.purl_namespace + "/" + base;
    } else {
        p.osv_name = base;
    }
    return p;
}

Version random_version(bench::Rng& rng) { return {rng.between(0, 4), rng.between(0, 9), rng.between(0, 9)}; }

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

// Renders a record the way ossf/malicious-packages and GHSA write theirs (two-space indent).
std::string render(const Record& record, const Package& package, bench::Rng& rng) {
    const Ecosystem& eco = kEcosystems[package.ecosystem];
    std::string out = "{\n  \"modified\": \"2025-08-14T18:52:04Z\",\n  \"published\": \"2025-08-14T18:52:04Z\",\n";
    out += "  \"schema_version\": \"1.5.0\",\n  \"id\": ";
    append_json_string(out, record.id);
    out += ",\n";
    if (record.ghsa) {
        out += "  \"aliases\": [\n    \"CVE-2025-" + std::to_string(10000 + rng.below(90000)) + "\"\n  ],\n";
        out += "  \"summary\": \"Improper input validation in " + package.osv_name + "\",\n";
        out += "  \"details\": \"Versions of the package are vulnerable to a crafted request that bypasses validation.\",\n";
        if (record.severity_style == 1)
            out += "  \"severity\": [\n    {\n      \"type\": \"CVSS_V3\",\n      \"score\": "
                   "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N\"\n    }\n  ],\n";
    } else {
        out += "  \"summary\": \"Malicious code in " + package.osv_name + " (" + eco.osv + ")\",\n";
        out += "  \"details\": \"\\n---\\n_-= Per source details. Do not edit below this line.=-_\\n\\n## Source: "
               "ossf-package-analysis\\nThe package " + package.osv_name +
               " was found to contain malicious code: an install script that contacts a remote host.\\n\",\n";
    }
    out += "  \"affected\": [\n    {\n      \"package\": {\n        \"ecosystem\": ";
    append_json_string(out, eco.osv);
    out += ",\n        \"name\": ";
    append_json_string(out, package.osv_name);
    out += "\n      }";
    const bool semver = std::string_view(eco.osv) == "npm" || std::string_view(eco.osv) == "Go" ||
                        std::string_view(eco.osv) == "crates.io";
    const std::string range_head =
        std::string(",\n      \"ranges\": [\n        {\n          \"type\": \"") + (semver ? "SEMVER" : "ECOSYSTEM") +
        "\",\n          \"events\": [\n";
    const std::string range_tail = "\n          ]\n        }\n      ]";
    switch (record.shape) {
        case Shape::AllVersions:
            out += range_head + "            {\n              \"introduced\": \"0\"\n            }" + range_tail;
            break;
        case Shape::VersionList:
            out += ",\n      \"versions\": [";
            for (std::size_t i = 0; i < record.listed.size(); ++i)
                out += (i ? ", \"" : "\n        \"") + record.listed[i].text() + "\"";
            out += "\n      ]";
            break;
        case Shape::IntroducedFixed:
            out += range_head + "            {\n              \"introduced\": \"" + record.low.text() +
                   "\"\n            },\n            {\n              \"fixed\": \"" + record.high.text() +
                   "\"\n            }" + range_tail;
            break;
        case Shape::UpToLastAffected:
            out += range_head + "            {\n              \"introduced\": \"0\"\n            },\n"
                   "            {\n              \"last_affected\": \"" + record.high.text() + "\"\n            }" +
                   range_tail;
            break;
    }
    out += "\n    }\n  ],\n";
    if (record.ghsa) {
        static constexpr const char* kWords[] = {"CRITICAL", "HIGH", "MODERATE", "LOW"};
        out += "  \"database_specific\": {\n    \"cwe_ids\": [\n      \"CWE-20\"\n    ],\n";
        if (record.severity_style == 0) out += std::string("    \"severity\": \"") + rng.pick(kWords) + "\",\n";
        out += "    \"github_reviewed\": true\n  }\n}\n";
    } else {
        out += "  \"credits\": [\n    {\n      \"name\": \"OpenSSF: Package Analysis\",\n      \"type\": \"FINDER\",\n"
               "      \"contact\": [\n        \"https://github.com/ossf/package-analysis\"\n      ]\n    }\n  ],\n"
               "  \"database_specific\": {\n    \"malicious-packages-origins\": [\n      {\n"
               "        \"import_time\": \"2025-08-14T19:06:12.716457364Z\",\n"
               "        \"modified_time\": \"2025-08-14T18:52:04Z\",\n        \"source\": \"ossf-package-analysis\",\n"
               "        \"versions\": [\n          \"1.0.0\"\n        ]\n      }\n    ]\n  }\n}\n";
    }
    return out;
}

long long parse_count(std::string_view text) {
    long long multiplier = 1;
    if (!text.empty() && (text.back() == 'k' || text.back() == 'm')) {
        multiplier = text.back() == 'k' ? 1000 : 1000000;
        text.remove_suffix(1);
    }
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) return -1;
    return value * multiplier;
}

bool write_file(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    long long record_count = -1, query_count = 100000;
    std::uint64_t seed = 1;
    std::string out_dir, zip_path;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--records" && has_value) record_count = parse_count(argv[++i]);
        else if (arg == "--queries" && has_value) query_count = parse_count(argv[++i]);
        else if (arg == "--seed" && has_value) seed = static_cast<std::uint64_t>(parse_count(argv[++i]));
        else if (arg == "--out" && has_value) out_dir = argv[++i];
        else if (arg == "--zip" && has_value) zip_path = argv[++i];
        else {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }
    if (record_count < 0 || query_count < 0 || out_dir.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }

    // The catalogue: packages and the records about them; about one package in ten has two.
    bench::Rng rng(seed, "osv-records");
    std::vector<int> weights;
    for (const Ecosystem& eco : kEcosystems) weights.push_back(eco.weight);
    std::vector<Package> packages;
    std::vector<Record> records;
    std::vector<std::vector<int>> records_of_package;
    for (long long i = 0; i < record_count; ++i) {
        Record record;
        if (!packages.empty() && rng.chance(0.1)) {
            record.package = static_cast<int>(rng.below(packages.size()));
        } else {
            packages.push_back(make_package(rng, rng.weighted(weights), static_cast<int>(packages.size())));
            records_of_package.emplace_back();
            record.package = static_cast<int>(packages.size() - 1);
        }
        record.ghsa = rng.chance(0.2);
        record.severity_style = static_cast<int>(rng.below(2));
        record.id = record.ghsa ? "GHSA-" + bench::hex_digits(static_cast<std::uint64_t>(i) ^ seed, 4) + "-" +
                                      bench::hex_digits(static_cast<std::uint64_t>(i) * 7 + seed, 4) + "-" +
                                      std::to_string(1000 + i % 9000)
                                : "MAL-2025-" + std::to_string(10000 + i);
        record.shape = static_cast<Shape>(rng.weighted(std::vector<int>{50, 20, 20, 10}));
        if (record.shape == Shape::VersionList)
            for (int n = rng.between(1, 3); n > 0; --n) record.listed.push_back(random_version(rng));
        record.low = random_version(rng);
        record.high = {record.low.major + rng.between(0, 1), rng.between(0, 9), rng.between(0, 9)};
        if (record.high <= record.low) record.high = {record.low.major + 1, 0, 0};
        records_of_package[static_cast<std::size_t>(record.package)].push_back(static_cast<int>(records.size()));
        records.push_back(std::move(record));
    }

    // The records, in the ossf layout, and optionally the zip.
    const std::filesystem::path root = std::filesystem::path(out_dir) / "osv" / "malicious";
    std::filesystem::remove_all(std::filesystem::path(out_dir) / "osv");
    zip_t* archive = nullptr;
    if (!zip_path.empty()) {
        std::filesystem::remove(zip_path);
        int error = 0;
        archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
        if (!archive) {
            std::fprintf(stderr, "gen_osv_db: cannot create %s (libzip error %d)\n", zip_path.c_str(), error);
            return 1;
        }
    }
    bench::Rng text_rng(seed, "osv-text");
    for (const Record& record : records) {
        const Package& package = packages[static_cast<std::size_t>(record.package)];
        const std::string json = render(record, package, text_rng);
        const std::filesystem::path folder = root / kEcosystems[package.ecosystem].folder / package.osv_name;
        std::filesystem::create_directories(folder);
        if (!write_file(folder / (record.id + ".json"), json)) {
            std::fprintf(stderr, "gen_osv_db: cannot write into %s\n", folder.c_str());
            return 1;
        }
        if (archive) {
            // libzip reads the buffer at zip_close, so hand it a heap copy that it frees itself.
            char* copy = static_cast<char*>(std::malloc(json.size()));
            std::copy(json.begin(), json.end(), copy);
            zip_source_t* source = zip_source_buffer(archive, copy, json.size(), 1);
            if (!source || zip_file_add(archive, (record.id + ".json").c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
                std::fprintf(stderr, "gen_osv_db: cannot add %s to the zip: %s\n", record.id.c_str(),
                             zip_strerror(archive));
                return 1;
            }
        }
    }
    if (archive && zip_close(archive) != 0) {
        std::fprintf(stderr, "gen_osv_db: cannot write %s: %s\n", zip_path.c_str(), zip_strerror(archive));
        return 1;
    }

    // The queries: a third a listed package at a version some record affects (a hit), a third a
    // listed package at any version (hit or miss), a third a package no record names (a miss).
    bench::Rng query_rng(seed, "osv-queries");
    std::string tsv;
    for (long long q = 0; q < query_count && !packages.empty(); ++q) {
        const int kind = static_cast<int>(query_rng.below(3));
        Version version = random_version(query_rng);
        const Package* package = nullptr;
        Package unknown;
        if (kind < 2) {
            const Record& record = records[query_rng.below(records.size())];
            package = &packages[static_cast<std::size_t>(record.package)];
            if (kind == 0) {
                if (record.shape == Shape::VersionList) version = record.listed.front();
                else if (record.shape == Shape::IntroducedFixed) version = record.low;
                else if (record.shape == Shape::UpToLastAffected) version = record.high;
            }
        } else {
            unknown = make_package(query_rng, query_rng.weighted(weights), static_cast<int>(q));
            unknown.purl_name = "absent-" + unknown.purl_name;
            package = &unknown;
        }
        int expected = 0;
        if (package != &unknown)
            for (int r : records_of_package[static_cast<std::size_t>(package - packages.data())])
                expected += affects(records[static_cast<std::size_t>(r)], version) ? 1 : 0;
        const Ecosystem& eco = kEcosystems[package->ecosystem];
        std::string purl_name = package->purl_name;
        if (std::string_view(eco.osv) == "PyPI")
            for (char& c : purl_name) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string version_text = (std::string_view(eco.osv) == "Go" ? "v" : "") + version.text();
        tsv += std::string(eco.purl_type) + "\t" + package->purl_namespace + "\t" + purl_name + "\t" + version_text +
               "\t" + std::to_string(expected) + "\n";
    }
    if (!write_file(std::filesystem::path(out_dir) / "queries.tsv", tsv)) {
        std::fprintf(stderr, "gen_osv_db: cannot write %s/queries.tsv\n", out_dir.c_str());
        return 1;
    }
    return 0;
}
