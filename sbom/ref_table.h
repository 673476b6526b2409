// Numbers the refs of one document (bom-refs, SPDXIDs, @ids) without keeping their text: a ref
// is known by a seeded 128-bit XXH3 hash of it. Refs are long ("SPDXRef-Package-npm-name-1.2.3-
// 0123456789abcdef") and only matter while reading; as text with an index they cost two
// documents being read at once about 40 MB at 100k components, as 16-byte keys 5 MB. By chance
// two of a million refs collide with a probability near 10^-27. XXH3 is not a keyed
// cryptographic hash, though: a document crafted with colliding refs (XXH3 has collision
// classes that hold whatever the seed) could make two refs one, which attaches that document's
// own edges to the wrong one of its components; it cannot change which components there are,
// nor their versions or hashes. A keyed cryptographic hash would close that.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace bomwatch::sbom {

class RefTable {
public:
    static constexpr std::uint32_t kMissing = 0xffffffff;

    RefTable() : seed_(random_seed()) {}

    // The ref's number, given on first sight: 0, 1, 2, ...
    std::uint32_t number(std::string_view ref) {
        const XXH128_hash_t key = key_of(ref);
        if (4 * (keys_.size() + 1) > 3 * slots_.size()) grow();
        std::uint32_t& slot = slots_[probe(key)];
        if (slot != 0) return slot - 1;
        keys_.push_back(key);
        slot = static_cast<std::uint32_t>(keys_.size());
        return slot - 1;
    }

    // The ref's number, or kMissing when it was never numbered.
    std::uint32_t find(std::string_view ref) const {
        if (slots_.empty()) return kMissing;
        const std::uint32_t slot = slots_[probe(key_of(ref))];
        return slot == 0 ? kMissing : slot - 1;
    }

    std::size_t size() const { return keys_.size(); }

private:
    static std::uint64_t random_seed() {
        try {
            std::random_device device;
            return (static_cast<std::uint64_t>(device()) << 32) ^ device();
        } catch (...) {
            return reinterpret_cast<std::uintptr_t>(&device_fallback) ^ 0x9e3779b97f4a7c15ULL;
        }
    }
    static inline char device_fallback = 0;

    XXH128_hash_t key_of(std::string_view ref) const { return XXH3_128bits_withSeed(ref.data(), ref.size(), seed_); }

    // The slot that holds `key`, or the empty one where it would go (linear probing).
    std::size_t probe(const XXH128_hash_t& key) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t at = key.low64 & mask;; at = (at + 1) & mask) {
            const std::uint32_t slot = slots_[at];
            if (slot == 0 || XXH128_isEqual(keys_[slot - 1], key)) return at;
        }
    }

    void grow() {
        std::vector<std::uint32_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
        for (std::uint32_t slot : old)
            if (slot != 0) slots_[probe(keys_[slot - 1])] = slot;
    }

    std::uint64_t seed_;
    std::vector<XXH128_hash_t> keys_;    // by number
    std::vector<std::uint32_t> slots_;   // number + 1, 0 for empty; a power of two in size
};

}  // namespace bomwatch::sbom
