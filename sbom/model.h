// The one model every reader produces: what a diff needs of an SBOM, and nothing more.
#pragma once

#include <cstdint>
#include <cstring>
#include <ostream>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/memory.h"
#include "sbom/text_index.h"
#include "sbom/version.h"

namespace bomwatch::sbom {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

enum class Format : std::uint8_t {
    CycloneDxJson,
    CycloneDxXml,
    SpdxJson,       // SPDX 2.x
    SpdxTagValue,   // SPDX 2.x
    SpdxYaml,       // SPDX 2.x
    SpdxXml,        // SPDX 2.x, the XML form of the JSON schema
    SpdxRdfXml,     // SPDX 2.x, RDF/XML
    Spdx3JsonLd,
};

// "cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value", "spdx-yaml", "spdx-xml",
// "spdx-rdf-xml", "spdx3-jsonld": the names the reports use.
std::string_view format_name(Format format);

// A text owned by a StringPool: a pointer to its characters, which the pool stores right after
// their length. A component has a dozen such fields; at 8 bytes each instead of a string_view's
// 16 they keep a 100k-component document tens of megabytes smaller.
class Text {
public:
    constexpr Text() = default;
    std::string_view view() const noexcept {
        if (!data_) return {};
        std::uint32_t size;
        std::memcpy(&size, data_ - sizeof size, sizeof size);
        return {data_, size};
    }
    operator std::string_view() const noexcept { return view(); }
    bool empty() const noexcept { return data_ == nullptr; }
    const char* data() const noexcept { return data_; }  // without reading the length
    std::size_t size() const noexcept { return view().size(); }

    friend bool operator==(Text a, Text b) noexcept { return a.data_ == b.data_ || a.view() == b.view(); }
    friend bool operator==(Text a, std::string_view b) noexcept { return a.view() == b; }
    friend auto operator<=>(Text a, Text b) noexcept { return a.view() <=> b.view(); }
    friend std::ostream& operator<<(std::ostream& out, Text t) { return out << t.view(); }

private:
    friend class StringPool;
    explicit Text(const char* data) : data_(data) {}
    const char* data_ = nullptr;
};

// For nlohmann::json: a Text is written as its string.
template <typename Json>
void to_json(Json& json, Text text) {
    json = text.view();
}

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

    // A copy of `text` owned by the pool ("" gives the empty Text).
    Text store(std::string_view text);
    // Like store, but equal texts share one copy: for values that repeat a lot (licences,
    // suppliers, scopes, versions...).
    Text intern(std::string_view text);

    std::size_t bytes_used() const { return bytes_used_; }

private:
    std::vector<std::unique_ptr<char[], FreeLarge>> blocks_;
    char* free_ = nullptr;
    std::size_t free_size_ = 0;
    std::size_t bytes_used_ = 0;
    std::vector<Text> interned_;
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
    Text digest;  // the digest's bytes (half the memory of its hex: a 100k-component SBOM's hashes
                  // are tens of megabytes as text)
    std::string hex() const;  // lower-case hex, as reports show it
    friend bool operator==(const Hash&, const Hash&) = default;
};

// A licence as the document states it. `expression` is canonical (see sbom/license.h): ids in
// their usual case, operators upper-case, operands of AND/OR sorted. Names that are not SPDX
// expressions (a free-text licence name) are kept as `is_name`, so they are only compared with
// other names.
struct License {
    Text text;
    bool is_name = false;
    bool empty() const { return text.empty(); }
};

struct Component {
    Text purl;        // canonical purl with version, "" when the document gives none
    Text ecosystem;   // purl type ("npm", "maven", ...), "" when unknown
    Text namespace_;  // purl namespace as written, or the CycloneDX group when there is no purl
    Text name;        // purl name as written (the canonical spelling is in `purl`)
    Text version;
    Text type;        // CycloneDX component type / SPDX primaryPackagePurpose, lower-case
    // The identity: purl without version plus the qualifiers that make a different artifact,
    // canonical; or "name:<group>/<name>" without a purl. See diff/identity.
    std::string_view identity;
    std::uint64_t identity_hash = 0;
    VersionScheme version_scheme = VersionScheme::Generic;

    License license;
    Text supplier;    // supplier / manufacturer organisation or person, normalised
    Text publisher;   // CycloneDX publisher
    Text originator;  // SPDX originator, CycloneDX author(s)
    Text download;    // distribution URL / SPDX downloadLocation / purl download_url
    Text vcs;         // VCS URL / purl vcs_url
    Text repository;  // purl repository_url
    Text scope;       // required / optional / excluded, "" when not stated

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
    std::vector<Component, LargeAllocator<Component>> components;  // includes the root; the diff leaves the root out
    std::vector<Edge> edges;            // sorted and unique after reading
    std::vector<Hash, LargeAllocator<Hash>> hashes;
    std::vector<Text> locations;
    std::vector<Warning> warnings;  // the first kMaxWarnings
    std::size_t warning_count = 0;   // all of them
    StringPool text;

    std::span<const Hash> hashes_of(const Component& c) const {
        return {hashes.data() + c.hashes_begin, c.hashes_count};
    }
    std::span<const Text> locations_of(const Component& c) const {
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
