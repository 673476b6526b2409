#include "sbom/model.h"

#include "sbom/text.h"

#include <array>
#include <cstring>

namespace bomwatch::sbom {

std::string_view format_name(Format format) {
    switch (format) {
    case Format::CycloneDxJson: return "cyclonedx-json";
    case Format::CycloneDxXml: return "cyclonedx-xml";
    case Format::SpdxJson: return "spdx-json";
    case Format::SpdxTagValue: return "spdx-tag-value";
    case Format::SpdxYaml: return "spdx-yaml";
    case Format::SpdxXml: return "spdx-xml";
    case Format::SpdxRdfXml: return "spdx-rdf-xml";
    case Format::Spdx3JsonLd: return "spdx3-jsonld";
    }
    return "unknown";
}

namespace {
constexpr std::size_t kPoolBlock = kHugePage;
}

Text StringPool::store(std::string_view text) {
    if (text.empty()) return {};
    const std::uint32_t size = static_cast<std::uint32_t>(text.size());
    const std::size_t need = sizeof size + text.size();
    if (need > free_size_) {
        const std::size_t block = std::max(kPoolBlock, need);
        blocks_.emplace_back(static_cast<char*>(allocate_large(block)));
        free_ = blocks_.back().get();
        free_size_ = block;
    }
    std::memcpy(free_, &size, sizeof size);
    std::memcpy(free_ + sizeof size, text.data(), text.size());
    const Text stored(free_ + sizeof size);
    free_ += need;
    free_size_ -= need;
    bytes_used_ += need;
    return stored;
}

Text StringPool::intern(std::string_view text) {
    if (text.empty()) return {};
    if (const std::uint32_t found = index_.find(text); found != TextIndex::kMissing) return interned_[found];
    const Text stored = store(text);
    index_.insert(stored, static_cast<std::uint32_t>(interned_.size()));
    interned_.push_back(stored);
    return stored;
}

namespace {
struct AlgorithmInfo {
    HashAlgorithm algorithm;
    std::string_view name;
    int strength;
    std::size_t hex_length;
};

constexpr std::array kAlgorithms{
    AlgorithmInfo{HashAlgorithm::MD2, "MD2", 0, 32},
    AlgorithmInfo{HashAlgorithm::MD4, "MD4", 0, 32},
    AlgorithmInfo{HashAlgorithm::MD5, "MD5", 0, 32},
    AlgorithmInfo{HashAlgorithm::MD6, "MD6", 1, 0},
    AlgorithmInfo{HashAlgorithm::ADLER32, "ADLER32", 0, 8},
    AlgorithmInfo{HashAlgorithm::SHA1, "SHA-1", 0, 40},
    AlgorithmInfo{HashAlgorithm::SHA224, "SHA-224", 2, 56},
    AlgorithmInfo{HashAlgorithm::SHA256, "SHA-256", 3, 64},
    AlgorithmInfo{HashAlgorithm::SHA384, "SHA-384", 4, 96},
    AlgorithmInfo{HashAlgorithm::SHA512, "SHA-512", 5, 128},
    AlgorithmInfo{HashAlgorithm::SHA3_256, "SHA3-256", 3, 64},
    AlgorithmInfo{HashAlgorithm::SHA3_384, "SHA3-384", 4, 96},
    AlgorithmInfo{HashAlgorithm::SHA3_512, "SHA3-512", 5, 128},
    AlgorithmInfo{HashAlgorithm::BLAKE2b_256, "BLAKE2b-256", 3, 64},
    AlgorithmInfo{HashAlgorithm::BLAKE2b_384, "BLAKE2b-384", 4, 96},
    AlgorithmInfo{HashAlgorithm::BLAKE2b_512, "BLAKE2b-512", 5, 128},
    AlgorithmInfo{HashAlgorithm::BLAKE3, "BLAKE3", 5, 64},
};

const AlgorithmInfo& info(HashAlgorithm algorithm) { return kAlgorithms[static_cast<std::size_t>(algorithm)]; }
}  // namespace

std::string_view hash_algorithm_name(HashAlgorithm algorithm) { return info(algorithm).name; }
int hash_strength(HashAlgorithm algorithm) { return info(algorithm).strength; }
std::size_t hash_hex_length(HashAlgorithm algorithm) { return info(algorithm).hex_length; }

namespace {
// An algorithm's name reduced to lower-case letters and digits: "sha256", "sha3512", "blake2b256".
struct Squashed {
    char text[16] = {};
    std::size_t size = 0;
    constexpr bool operator==(const Squashed& other) const {
        return size == other.size && std::equal(text, text + size, other.text);
    }
};

constexpr Squashed squash(std::string_view name) {
    Squashed out;
    for (char c : name) {
        if (!ascii_alnum(c)) continue;
        if (out.size == sizeof out.text) return {};  // too long to be an algorithm name
        out.text[out.size++] = ascii_lower(c);
    }
    return out;
}

constexpr auto kSquashedNames = [] {
    std::array<Squashed, kAlgorithms.size()> names{};
    for (std::size_t i = 0; i < kAlgorithms.size(); ++i) names[i] = squash(kAlgorithms[i].name);
    return names;
}();
}  // namespace

std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view text) {
    // Compared on letters and digits only, lower-cased: "sha256", "SHA-256", "SHA_256" are one.
    const Squashed wanted = squash(text);
    if (wanted.size == 0) return std::nullopt;
    for (std::size_t i = 0; i < kSquashedNames.size(); ++i)
        if (kSquashedNames[i] == wanted) return kAlgorithms[i].algorithm;
    return std::nullopt;
}

std::string display_name(std::string_view ecosystem, std::string_view namespace_, std::string_view name) {
    if (namespace_.empty()) return std::string(name);
    if (ecosystem == "maven") return std::string(namespace_) + ":" + std::string(name);
    // For OS packages the namespace is the distribution, not part of the package's name.
    if (ecosystem == "deb" || ecosystem == "rpm" || ecosystem == "apk" || ecosystem == "alpm" || ecosystem == "qpkg")
        return std::string(name);
    return std::string(namespace_) + "/" + std::string(name);
}

std::string Hash::hex() const { return hex_of(digest.view()); }

}  // namespace bomwatch::sbom
