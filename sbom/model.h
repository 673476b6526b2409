// The one model every reader produces: what a diff needs of an SBOM, and nothing more.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/text_index.h"
#include "sbom/version.h"

namespace bomwatch::sbom {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

enum class Format : std::uint8_t { CycloneDxJson, SpdxJson };

// "cyclonedx-json", "spdx-json": the names the reports use.
std::string_view format_name(Format format);

// Owns the text of one document. Views it hands out stay valid, and keep their address, for as
// long as the pool lives (blocks are never moved). Keeping text here instead of in std::strings
// keeps a component small, which is what lets a 100k-component SBOM fit in well under its own
// size in memory.
class StringPool {
public:
    StringPool() = default;
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;
    StringPool(StringPool&&) = default;
    StringPool& operator=(StringPool&&) = default;

    // A copy of `text` owned by the pool.
    std::string_view store(std::string_view text);
    // Like store, but equal texts share one copy: for values that repeat a lot (licences,
    // suppliers, scopes, hash algorithms' owners...).
    std::string_view intern(std::string_view text);

    std::size_t bytes_used() const { return bytes_used_; }

private:
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* free_ = nullptr;
    std::size_t free_size_ = 0;
    std::size_t bytes_used_ = 0;
    std::vector<std::string_view> interned_;
    TextIndex index_;  // text -> position in interned_
};

// Hash algorithms by canonical name. Ordered from weakest to strongest for `hash-weakened`.
enum class HashAlgorithm : std::uint8_t {
    MD2, MD4, MD5, MD6, ADLER32, SHA1, SHA224, SHA256, SHA384, SHA512,
    SHA3_256, SHA3_384, SHA3_512, BLAKE2b_256, BLAKE2b_384, BLAKE2b_512, BLAKE3,
};

// "SHA-256", "SHA3-512", "BLAKE2b-256", "MD5", ...
std::string_view hash_algorithm_name(HashAlgorithm algorithm);
// Reads any common spelling ("sha256", "SHA-256", "SHA_256", "sha-512") of a known algorithm.
std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view text);
// How strong an algorithm is for integrity: 0 for broken ones (MD*, SHA-1, ADLER32), higher is
// stronger. Used to tell "only a weaker algorithm left".
int hash_strength(HashAlgorithm algorithm);
// The number of hex digits a digest of this algorithm has (0 when it varies, as for MD6).
std::size_t hash_hex_length(HashAlgorithm algorithm);

struct Hash {
    HashAlgorithm algorithm;
    std::string_view value;  // lower-case hex
    friend bool operator==(const Hash&, const Hash&) = default;
};

// A licence as the document states it. `expression` is canonical (see sbom/license.h): ids in
// their usual case, operators upper-case, operands of AND/OR sorted. Names that are not SPDX
// expressions (a free-text licence name) are kept as `is_name`, so they are only compared with
// other names.
struct License {
    std::string_view text;
    bool is_name = false;
    bool empty() const { return text.empty(); }
};

struct Component {
    std::string_view purl;        // canonical purl with version, "" when the document gives none
    std::string_view ecosystem;   // purl type ("npm", "maven", ...), "" when unknown
    std::string_view namespace_;  // purl namespace as written, or the CycloneDX group when there is no purl
    std::string_view name;        // purl name as written (the canonical spelling is in `purl`)
    std::string_view version;
    std::string_view type;        // CycloneDX component type / SPDX primaryPackagePurpose, lower-case
    // The identity: purl without version plus the qualifiers that make a different artifact,
    // canonical; or "name:<group>/<name>" without a purl. See diff/identity.
    std::string_view identity;
    std::uint64_t identity_hash = 0;
    VersionScheme version_scheme = VersionScheme::Generic;

    License license;
    std::string_view supplier;    // supplier / manufacturer organisation or person, normalised
    std::string_view publisher;   // CycloneDX publisher
    std::string_view originator;  // SPDX originator, CycloneDX author(s)
    std::string_view download;    // distribution URL / SPDX downloadLocation / purl download_url
    std::string_view vcs;         // VCS URL / purl vcs_url
    std::string_view repository;  // purl repository_url
    std::string_view scope;       // required / optional / excluded, "" when not stated

    // Hashes and install locations live in the document's shared arrays (see Document).
    std::uint32_t hashes_begin = 0, hashes_count = 0;
    std::uint32_t locations_begin = 0, locations_count = 0;
    std::uint32_t parent = kNone;  // the enclosing component for nested CycloneDX components
};

struct Edge {
    std::uint32_t from, to;  // component indices; `from` depends on `to`
    friend bool operator==(const Edge&, const Edge&) = default;
};

// One problem that did not stop the reading: `where` is a JSON path or a position, `message`
// says what was wrong.
struct Warning {
    std::string where;
    std::string message;
};

struct Document {
    std::string source;        // file name as the user gave it, or "<stdin>"
    Format format = Format::CycloneDxJson;
    std::string spec_version;  // "1.6", "SPDX-2.3"
    std::uint32_t root = kNone;  // index of the root component (metadata.component / described package)
    std::vector<Component> components;  // includes the root; the diff leaves the root out
    std::vector<Edge> edges;            // sorted and unique after reading
    std::vector<Hash> hashes;
    std::vector<std::string_view> locations;
    std::vector<Warning> warnings;  // the first kMaxWarnings
    std::size_t warning_count = 0;   // all of them
    StringPool text;

    std::span<const Hash> hashes_of(const Component& c) const {
        return {hashes.data() + c.hashes_begin, c.hashes_count};
    }
    std::span<const std::string_view> locations_of(const Component& c) const {
        return {locations.data() + c.locations_begin, c.locations_count};
    }
    const Component* root_component() const { return root == kNone ? nullptr : &components[root]; }
};

inline constexpr std::size_t kMaxWarnings = 1000;
inline void add_warning(Document& doc, std::string where, std::string message) {
    if (doc.warning_count++ < kMaxWarnings) doc.warnings.push_back({std::move(where), std::move(message)});
}

// The name as its ecosystem writes it: npm "@scope/name", maven "group:artifact", golang
// "github.com/org/repo", otherwise "namespace/name" or just the name.
std::string display_name(std::string_view ecosystem, std::string_view namespace_, std::string_view name);

}  // namespace bomwatch::sbom
