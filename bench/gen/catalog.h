// What the generated packages look like: ecosystems, names, versions, purls, licences and the
// URLs real generators record. Nothing here knows about documents or about old versus new.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "bench/gen/random.h"

namespace bench {

enum class Ecosystem : std::uint8_t { npm, pypi, maven, golang, deb, rpm, apk, cargo, nuget };
inline constexpr int kEcosystemCount = 9;

std::string_view purl_type(Ecosystem ecosystem);

// A version as numbers, formatted per ecosystem, so that bumps stay valid for that ecosystem.
struct Version {
    int epoch = 0;     // deb "1:..." (rpm epochs live in a purl qualifier and never change here)
    int major = 0;
    int minor = 0;
    int patch = 0;
    int revision = 0;  // deb "-N", rpm "-N.el9", apk "-rN"
    int security = 0;  // deb "+deb12uN"
    int suffix = 0;    // maven: "", ".Final", "-jre", ".RELEASE"
    int pseudo_minutes = -1;  // golang pseudo-version time (minutes after 2019-01-01), -1 when tagged
};

enum class Bump { patch, minor, major, downgrade };

std::string format_version(Ecosystem ecosystem, const Version& version, std::uint64_t identity_hash);
Version random_version(Ecosystem ecosystem, Rng& rng);
// A different version reached by `bump`; `step` (1, 2, ...) moves further, to step around collisions.
Version bumped_version(Ecosystem ecosystem, const Version& version, Bump bump, int step);

struct License {
    enum class Kind : std::uint8_t { id, expression, name };
    Kind kind;
    const char* text;  // the CycloneDX id, expression or free-text name
    const char* spdx;  // what an SPDX document says for it
};
const License& license_at(int index);

// One artifact identity: everything but the version. Two packages that differ only in an
// identity qualifier (arch, maven classifier) are two identities, as in real images.
struct Package {
    Ecosystem ecosystem = Ecosystem::npm;
    std::string namespace_;   // npm scope without '@', maven group, "github.com/org", "debian", ...
    std::string name;
    std::string qualifiers;   // canonical purl qualifiers (sorted keys, encoded), "" when none
    std::string description;  // "" when none
    std::string author;       // "" when none
    std::string supplier;     // "" when none
    std::string repository;   // https://github.com/org/repo, "" when none
    int license = 0;
    std::uint64_t identity_hash = 0;  // seeds digests and commit ids, stable across versions
};

// The strings documents need, derived from a package and one of its versions.
std::string purl_of(const Package& package, const std::string& version);
std::string npm_full_name(const Package& package);  // "@scope/name" or "name"
std::string display_name(const Package& package);   // CycloneDX "name" (golang: the module path)
std::string download_url(const Package& package, const std::string& version);  // "" when none
// Digest text of `hex_length` digits for this package at this version; `drift` > 0 gives the
// digest of a republished artifact.
std::string digest_of(const Package& package, const std::string& version, int drift, std::size_t hex_length);

// "YYYY-MM-DDThh:mm:ssZ" for a time in seconds after 1970-01-01 UTC.
std::string utc_timestamp(std::int64_t unix_seconds);

// Makes packages with unique identities (unique even after the case and separator folding that
// purl canonicalisation and registries apply, so no two can be confused by a reader).
class Catalog {
public:
    explicit Catalog(std::uint64_t seed) : rng_(seed, "catalog") {}
    Package make_package(Ecosystem ecosystem);
    // The same package for another arch (deb) or classifier (maven); false when there is none.
    bool make_twin(const Package& original, Package& twin);
    Rng& rng() { return rng_; }

private:
    std::string make_words(int min_words, int max_words, char separator);
    bool claim(const Package& package);
    void describe(Package& package);

    Rng rng_;
    std::unordered_set<std::string> used_;  // membership only, never iterated
};

}  // namespace bench
