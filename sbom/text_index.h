// A hash map from text to a number, for the per-component lookups of reading (interned values,
// refs). Open addressing over a flat array with XXH3 hashes: several times faster than
// std::unordered_map for this, and no allocation per entry. The texts must outlive the index.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace bomwatch::sbom {

class TextIndex {
public:
    static constexpr std::uint32_t kMissing = 0xffffffffu;

    // The value stored for `key`, or kMissing.
    std::uint32_t find(std::string_view key) const {
        if (entries_.empty()) return kMissing;
        const std::uint64_t hash = hash_of(key);
        for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
            const std::uint32_t e = slots_[slot];
            if (e == kMissing) return kMissing;
            if (entries_[e].hash == hash && entries_[e].key == key) return entries_[e].value;
        }
    }

    // Stores `value` for `key` unless the key is there; returns the value now stored.
    std::uint32_t insert(std::string_view key, std::uint32_t value) {
        if ((entries_.size() + 1) * 2 > slots_.size()) grow();
        const std::uint64_t hash = hash_of(key);
        std::size_t slot = hash & mask_;
        for (; slots_[slot] != kMissing; slot = (slot + 1) & mask_) {
            const Entry& entry = entries_[slots_[slot]];
            if (entry.hash == hash && entry.key == key) return entry.value;
        }
        slots_[slot] = static_cast<std::uint32_t>(entries_.size());
        entries_.push_back({hash, key, value});
        return value;
    }

    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::uint64_t hash;
        std::string_view key;
        std::uint32_t value;
    };

    static std::uint64_t hash_of(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

    void grow() {
        slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, kMissing);
        mask_ = slots_.size() - 1;
        for (std::uint32_t e = 0; e < entries_.size(); ++e) {
            std::size_t slot = entries_[e].hash & mask_;
            while (slots_[slot] != kMissing) slot = (slot + 1) & mask_;
            slots_[slot] = e;
        }
    }

    std::vector<std::uint32_t> slots_;
    std::vector<Entry> entries_;
    std::size_t mask_ = 0;
};

}  // namespace bomwatch::sbom
