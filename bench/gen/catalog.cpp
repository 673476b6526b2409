#include "bench/gen/catalog.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace bench {

namespace {

constexpr std::int64_t kUnix2019 = 1546300800;  // 2019-01-01T00:00:00Z

constexpr const char* kSyllables[] = {
    "ba", "be", "bo", "ca", "ce", "co", "da", "de", "do", "fa", "fe", "fi", "ga", "ge", "go", "ha",
    "he", "hi", "ja", "jo", "ka", "ke", "ki", "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo",
    "na", "ne", "ni", "no", "pa", "pe", "pi", "po", "ra", "re", "ri", "ro", "ru", "sa", "se", "si",
    "so", "ta", "te", "ti", "to", "tu", "va", "ve", "vi", "xa", "ya", "za", "ze", "zo"};
constexpr const char* kEndings[] = {"", "", "n", "r", "x", "l", "s", "t", "k", "m"};
constexpr const char* kTechWords[] = {
    "json", "http", "async", "stream", "parse", "util", "core", "fast", "tiny", "cli", "config", "log",
    "cache", "path", "glob", "test", "mock", "crypto", "schema", "query", "graph", "client", "server",
    "types", "plugin", "loader", "buffer", "event", "color", "date", "string", "array", "object",
    "promise", "worker", "proxy", "auth", "token", "yaml", "xml", "url", "fs", "io", "net", "ws",
    "grpc", "proto", "sql", "db", "orm", "lint", "format", "build", "bundle", "compile", "codec",
    "retry", "queue", "metrics", "trace", "image", "mime", "locale", "semver", "diff", "tar", "zip"};
constexpr const char* kAdjectives[] = {
    "Fast", "Tiny", "Minimal", "Robust", "Streaming", "Pluggable", "Zero-dependency", "Type-safe",
    "Lightweight", "Portable", "Asynchronous", "Declarative", "Simple", "Extensible"};
constexpr const char* kNouns[] = {
    "parser", "client", "logger", "validator", "serializer", "router", "scheduler", "cache",
    "formatter", "tokenizer", "toolkit", "driver", "codec", "runtime", "helper library", "bindings"};
constexpr const char* kPurposes[] = {
    "for JSON documents", "for HTTP/2", "with retries and back-off", "for structured logs",
    "for configuration files", "with a small API", "for command-line tools", "for Unicode text",
    "for date and time values", "built on the standard library", "for message queues",
    "for SQL databases", "for <template> rendering", "for TLS & certificates"};
constexpr const char* kFirstNames[] = {"Anna", "Ben", "Chen", "Dario", "Elif", "Farah", "Jürgen", "Kaito",
                                       "Lena", "Marek", "Nadia", "Oskar", "Priya", "Søren", "Tomás",
                                       "Zoë", "Łukasz", "Ines", "Yusuf", "Maya"};
constexpr const char* kLastNames[] = {"Adams", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García",
                                      "Haddad", "Ivanova", "Jensen", "Kowalski", "Li", "Moreau", "Nakamura",
                                      "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka"};
constexpr const char* kOrgSuffixes[] = {" Foundation", " Labs", " Inc.", " Project", " Software", " GmbH"};

constexpr License kLicenses[] = {
    {License::Kind::id, "MIT", "MIT"},
    {License::Kind::id, "ISC", "ISC"},
    {License::Kind::id, "Apache-2.0", "Apache-2.0"},
    {License::Kind::id, "BSD-3-Clause", "BSD-3-Clause"},
    {License::Kind::id, "BSD-2-Clause", "BSD-2-Clause"},
    {License::Kind::expression, "MIT OR Apache-2.0", "MIT OR Apache-2.0"},
    {License::Kind::id, "GPL-2.0-only", "GPL-2.0-only"},
    {License::Kind::id, "GPL-2.0-or-later", "GPL-2.0-or-later"},
    {License::Kind::id, "LGPL-2.1-or-later", "LGPL-2.1-or-later"},
    {License::Kind::id, "MPL-2.0", "MPL-2.0"},
    {License::Kind::expression, "(MIT AND Zlib)", "MIT AND Zlib"},
    {License::Kind::name, "SEE LICENSE IN LICENSE.md", "NOASSERTION"},
    {License::Kind::expression, "Apache-2.0 AND BSD-3-Clause", "Apache-2.0 AND BSD-3-Clause"},
    {License::Kind::id, "0BSD", "0BSD"},
    {License::Kind::id, "EPL-2.0", "EPL-2.0"},
};

// Licence weights per ecosystem, in kLicenses order.
std::array<int, std::size(kLicenses)> license_weights(Ecosystem ecosystem) {
    switch (ecosystem) {
        case Ecosystem::npm: return {55, 15, 8, 6, 4, 2, 0, 0, 0, 1, 1, 4, 1, 3, 0};
        case Ecosystem::cargo: return {25, 0, 10, 3, 1, 55, 0, 0, 0, 2, 2, 0, 2, 0, 0};
        case Ecosystem::deb:
        case Ecosystem::rpm:
        case Ecosystem::apk: return {15, 2, 8, 8, 4, 0, 25, 20, 12, 2, 0, 4, 0, 0, 0};
        case Ecosystem::maven: return {10, 0, 60, 8, 2, 0, 0, 0, 4, 2, 0, 4, 2, 0, 8};
        case Ecosystem::nuget: return {60, 0, 25, 5, 1, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0};
        case Ecosystem::pypi:
        case Ecosystem::golang: break;
    }
    return {35, 0, 30, 20, 6, 2, 1, 1, 1, 2, 0, 2, 0, 0, 0};
}

// Folds what registries and purl canonicalisation treat as equal: case, '_', '.' and '-'.
std::string fold(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (c == '_' || c == '.') c = '-';
    }
    return out;
}

std::string lower_case(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string capitalised(std::string word) {
    if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    return word;
}

// Percent-encodes the characters of a purl version that the purl spec requires (and ':' too,
// which some generators encode and some do not; both decode to the same text).
std::string encode_version(std::string_view version) {
    std::string out;
    for (const char c : version) {
        if (c == '+') out += "%2B";
        else if (c == ':') out += "%3A";
        else out.push_back(c);
    }
    return out;
}

std::string qualifier_value(std::string_view qualifiers, std::string_view key) {
    std::size_t pos = 0;
    while (pos < qualifiers.size()) {
        std::size_t end = qualifiers.find('&', pos);
        if (end == std::string_view::npos) end = qualifiers.size();
        const std::string_view pair = qualifiers.substr(pos, end - pos);
        if (pair.substr(0, key.size()) == key && pair.size() > key.size() && pair[key.size()] == '=')
            return std::string(pair.substr(key.size() + 1));
        pos = end + 1;
    }
    return "";
}

// Go pseudo-version time stamp "YYYYMMDDhhmmss".
std::string pseudo_time(int minutes_after_2019) {
    const std::string iso = utc_timestamp(kUnix2019 + 60LL * minutes_after_2019);
    std::string digits;
    for (const char c : iso) if (c >= '0' && c <= '9') digits.push_back(c);
    return digits;
}

}  // namespace

std::string utc_timestamp(std::int64_t unix_seconds) {
    // civil-from-days, after H. Hinnant's date algorithms
    const std::int64_t days = unix_seconds / 86400;
    const std::int64_t second_of_day = unix_seconds % 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = z / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day),
                  static_cast<long long>(second_of_day / 3600), static_cast<long long>(second_of_day / 60 % 60),
                  static_cast<long long>(second_of_day % 60));
    return text;
}

std::string_view purl_type(Ecosystem ecosystem) {
    static constexpr std::string_view kTypes[] = {"npm", "pypi", "maven", "golang", "deb",
                                                  "rpm", "apk",  "cargo", "nuget"};
    return kTypes[static_cast<int>(ecosystem)];
}

const License& license_at(int index) { return kLicenses[index]; }

std::string format_version(Ecosystem ecosystem, const Version& v, std::uint64_t identity_hash) {
    const std::string numbers =
        std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
    switch (ecosystem) {
        case Ecosystem::golang:
            if (v.pseudo_minutes >= 0)
                return "v0.0.0-" + pseudo_time(v.pseudo_minutes) + "-" +
                       hex_digits(identity_hash ^ (static_cast<std::uint64_t>(v.pseudo_minutes) << 20), 12);
            return "v" + numbers;
        case Ecosystem::maven: {
            static constexpr const char* kSuffixes[] = {"", ".Final", "-jre", ".RELEASE"};
            return numbers + kSuffixes[v.suffix];
        }
        case Ecosystem::deb:
            return (v.epoch > 0 ? std::to_string(v.epoch) + ":" : "") + numbers + "-" + std::to_string(v.revision) +
                   (v.security > 0 ? "+deb12u" + std::to_string(v.security) : "");
        case Ecosystem::rpm: return numbers + "-" + std::to_string(v.revision) + ".el9";
        case Ecosystem::apk: return numbers + "-r" + std::to_string(v.revision);
        case Ecosystem::npm:
        case Ecosystem::pypi:
        case Ecosystem::cargo:
        case Ecosystem::nuget: break;
    }
    return numbers;
}

Version random_version(Ecosystem ecosystem, Rng& rng) {
    static constexpr int kMajorWeights[] = {22, 30, 15, 12, 8, 5, 3, 2, 1, 1, 1};
    Version v;
    v.major = rng.weighted(kMajorWeights);
    v.minor = rng.chance(0.85) ? rng.between(0, 12) : rng.between(13, 40);
    v.patch = rng.chance(0.8) ? rng.between(0, 9) : rng.between(10, 30);
    switch (ecosystem) {
        case Ecosystem::golang:
            // v2 and later would need a "/vN" module path; keep modules at v0 and v1.
            v.major = rng.chance(0.3) ? 0 : 1;
            if (rng.chance(0.12)) v = Version{.pseudo_minutes = rng.between(0, 6 * 365 * 1440)};
            break;
        case Ecosystem::maven: {
            static constexpr int kSuffixWeights[] = {70, 12, 8, 10};
            v.suffix = rng.weighted(kSuffixWeights);
            break;
        }
        case Ecosystem::deb:
            v.revision = rng.between(1, 5);
            if (rng.chance(0.08)) v.epoch = rng.between(1, 2);
            if (rng.chance(0.10)) v.security = rng.between(1, 3);
            break;
        case Ecosystem::rpm: v.revision = rng.between(1, 20); break;
        case Ecosystem::apk: v.revision = rng.between(0, 8); break;
        case Ecosystem::npm:
        case Ecosystem::pypi:
        case Ecosystem::cargo:
        case Ecosystem::nuget: break;
    }
    return v;
}

Version bumped_version(Ecosystem ecosystem, const Version& from, Bump bump, int step) {
    const bool distro = ecosystem == Ecosystem::deb || ecosystem == Ecosystem::rpm || ecosystem == Ecosystem::apk;
    Version v = from;
    if (v.pseudo_minutes >= 0) {  // pseudo-versions move in time only
        const int days = bump == Bump::patch ? 3 : bump == Bump::minor ? 30 : 180;
        if (bump == Bump::downgrade && v.pseudo_minutes >= step * 2 * 1440) v.pseudo_minutes -= step * 2 * 1440;
        else v.pseudo_minutes += step * days * 1440;
        return v;
    }
    // A Go major version changes the module path, i.e. the identity: keep Go bumps below major.
    if (bump == Bump::major && ecosystem == Ecosystem::golang) bump = Bump::minor;
    switch (bump) {
        case Bump::patch:
            if (distro && v.security > 0) v.security += step;
            else if (distro) v.revision += step;
            else v.patch += step;
            break;
        case Bump::minor:
            v.minor += step;
            v.patch = 0;
            v.revision = distro ? 1 : 0;
            v.security = 0;
            break;
        case Bump::major:
            v.major += step;
            v.minor = v.patch = 0;
            v.revision = distro ? 1 : 0;
            v.security = 0;
            break;
        case Bump::downgrade:
            if (distro && v.revision > step) v.revision -= step;
            else if (v.patch >= step) v.patch -= step;
            else if (v.minor >= 1) v.minor -= 1, v.patch = 10 + step;
            else if (v.major >= 1) v.major -= 1, v.minor = 9 + step, v.patch = 0;
            else v.patch += step;  // 0.0.0 cannot go down: make it an upgrade instead
            v.security = 0;
            break;
    }
    return v;
}

std::string Catalog::make_words(int min_words, int max_words, char separator) {
    const int count = rng_.between(min_words, max_words);
    std::string out;
    for (int i = 0; i < count; ++i) {
        if (i > 0) out.push_back(separator);
        if (rng_.chance(0.45)) {
            out += rng_.pick(kTechWords);
        } else {
            const int syllables = rng_.between(2, 3);
            for (int s = 0; s < syllables; ++s) out += rng_.pick(kSyllables);
            out += rng_.pick(kEndings);
        }
    }
    return out;
}

bool Catalog::claim(const Package& package) {
    std::string key = std::string(purl_type(package.ecosystem)) + "/" + fold(package.namespace_) + "/" +
                      fold(package.name) + "?" + package.qualifiers;
    return used_.insert(std::move(key)).second;
}

void Catalog::describe(Package& package) {
    // Not every package declares a description or a repository.
    if (rng_.chance(0.85))
        package.description = std::string(rng_.pick(kAdjectives)) + " " + rng_.pick(kNouns) + " " + rng_.pick(kPurposes);
    const Ecosystem e = package.ecosystem;
    const std::string person = std::string(rng_.pick(kFirstNames)) + " " + rng_.pick(kLastNames);
    if (e == Ecosystem::npm && rng_.chance(0.45)) package.author = person;
    if (e == Ecosystem::deb) package.supplier = "Debian " + capitalised(make_words(1, 1, '-')) + " Maintainers";
    else if (e == Ecosystem::rpm) package.supplier = "Red Hat, Inc.";
    else if (e == Ecosystem::apk) {
        package.supplier = "Alpine Linux";
        package.author = person + " <" + fold(person.substr(0, person.find(' '))) + "@alpinelinux.org>";
    }
    else if (e != Ecosystem::npm && rng_.chance(e == Ecosystem::maven ? 0.6 : e == Ecosystem::nuget ? 0.7 : 0.15))
        package.supplier = capitalised(make_words(1, 1, '-')) + rng_.pick(kOrgSuffixes);
    const std::string org = make_words(1, 1, '-');
    if (rng_.chance(0.7)) package.repository = "https://github.com/" + org + "/" + fold(package.name);
    package.license = rng_.weighted(license_weights(e));
    package.identity_hash = hash_text(purl_of(package, ""));
}

Package Catalog::make_package(Ecosystem ecosystem) {
    Package p;
    p.ecosystem = ecosystem;
    do {
        p.namespace_.clear();
        p.qualifiers.clear();
        switch (ecosystem) {
            case Ecosystem::npm:
                if (rng_.chance(0.2)) p.namespace_ = make_words(1, 1, '-');
                p.name = make_words(1, 3, '-');
                break;
            case Ecosystem::pypi: p.name = make_words(1, 3, '-'); break;
            case Ecosystem::maven: {
                static constexpr const char* kTopLevels[] = {"org", "com", "io", "net", "dev"};
                p.namespace_ = std::string(rng_.pick(kTopLevels)) + "." + make_words(1, 2, '.');
                p.name = make_words(1, 3, '-');
                p.qualifiers = "type=jar";
                break;
            }
            case Ecosystem::golang: {
                static constexpr const char* kHosts[] = {"github.com", "github.com", "github.com", "gitlab.com"};
                p.namespace_ = std::string(rng_.pick(kHosts)) + "/" + make_words(1, 1, '-');
                p.name = make_words(1, 2, '-');
                break;
            }
            case Ecosystem::deb:
                p.namespace_ = "debian";
                p.name = rng_.chance(0.4) ? "lib" : "";
                p.name += make_words(1, 2, '-');
                if (rng_.chance(0.3)) p.name += '1';
                p.qualifiers = rng_.chance(0.85) ? "arch=amd64&distro=debian-12" : "arch=all&distro=debian-12";
                break;
            case Ecosystem::rpm:
                p.namespace_ = "redhat";
                p.name = make_words(1, 2, '-') + (rng_.chance(0.25) ? "-libs" : "");
                p.qualifiers = rng_.chance(0.85) ? "arch=x86_64&distro=rhel-9.3" : "arch=noarch&distro=rhel-9.3";
                if (rng_.chance(0.05)) p.qualifiers += "&epoch=1";
                break;
            case Ecosystem::apk:
                p.namespace_ = "alpine";
                p.name = make_words(1, 2, '-');
                p.qualifiers = "arch=x86_64&distro=alpine-3.19.1";
                break;
            case Ecosystem::cargo: p.name = make_words(1, 3, rng_.chance(0.5) ? '-' : '_'); break;
            case Ecosystem::nuget: {
                const int words = rng_.between(2, 3);
                p.name.clear();
                for (int i = 0; i < words; ++i) {
                    if (i > 0) p.name += '.';
                    p.name += capitalised(make_words(1, 1, '-'));
                }
                break;
            }
        }
    } while (!claim(p));
    describe(p);
    return p;
}

bool Catalog::make_twin(const Package& original, Package& twin) {
    twin = original;
    if (original.ecosystem == Ecosystem::deb && original.qualifiers.starts_with("arch=amd64")) {
        twin.qualifiers = "arch=i386&distro=debian-12";
    } else if (original.ecosystem == Ecosystem::maven) {
        static constexpr const char* kClassifiers[] = {"linux-x86_64", "linux-aarch_64", "osx-x86_64", "windows-x86_64"};
        twin.qualifiers = std::string("classifier=") + rng_.pick(kClassifiers) + "&type=jar";
    } else {
        return false;
    }
    if (!claim(twin)) return false;
    twin.identity_hash = hash_text(purl_of(twin, ""));
    return true;
}

std::string npm_full_name(const Package& package) {
    return package.namespace_.empty() ? package.name : "@" + package.namespace_ + "/" + package.name;
}

std::string display_name(const Package& package) {
    if (package.ecosystem == Ecosystem::golang) return package.namespace_ + "/" + package.name;
    return package.name;
}

std::string purl_of(const Package& package, const std::string& version) {
    std::string purl = "pkg:";
    purl += purl_type(package.ecosystem);
    purl += '/';
    if (!package.namespace_.empty()) {
        if (package.ecosystem == Ecosystem::npm) purl += "%40";
        purl += package.namespace_;
        purl += '/';
    }
    purl += package.name;
    if (!version.empty()) {
        purl += '@';
        purl += encode_version(version);
    }
    if (!package.qualifiers.empty()) {
        purl += '?';
        purl += package.qualifiers;
    }
    return purl;
}

std::string download_url(const Package& p, const std::string& version) {
    switch (p.ecosystem) {
        case Ecosystem::npm:
            return "https://registry.npmjs.org/" + npm_full_name(p) + "/-/" + p.name + "-" + version + ".tgz";
        case Ecosystem::pypi: {
            std::string wheel = p.name;
            for (char& c : wheel) if (c == '-') c = '_';
            return "https://files.pythonhosted.org/packages/py3/" + p.name.substr(0, 1) + "/" + p.name + "/" + wheel +
                   "-" + version + "-py3-none-any.whl";
        }
        case Ecosystem::maven: {
            std::string group_path = p.namespace_;
            for (char& c : group_path) if (c == '.') c = '/';
            const std::string classifier = qualifier_value(p.qualifiers, "classifier");
            return "https://repo1.maven.org/maven2/" + group_path + "/" + p.name + "/" + version + "/" + p.name + "-" +
                   version + (classifier.empty() ? "" : "-" + classifier) + ".jar";
        }
        case Ecosystem::golang: return "https://proxy.golang.org/" + display_name(p) + "/@v/" + version + ".zip";
        case Ecosystem::cargo: return "https://crates.io/api/v1/crates/" + p.name + "/" + version + "/download";
        case Ecosystem::nuget: {
            const std::string lower = lower_case(p.name);
            return "https://api.nuget.org/v3-flatcontainer/" + lower + "/" + version + "/" + lower + "." + version + ".nupkg";
        }
        case Ecosystem::deb:
        case Ecosystem::rpm:
        case Ecosystem::apk: break;
    }
    return "";
}

std::string digest_of(const Package& package, const std::string& version, int drift, std::size_t hex_length) {
    // The length takes part so that the SHA-1 and SHA-256 of one artifact differ.
    const std::uint64_t seed = hash_text(version, package.identity_hash ^ hex_length);
    return hex_digits(seed + static_cast<std::uint64_t>(drift) * 0x9e3779b97f4a7c15ULL, hex_length);
}

}  // namespace bench
