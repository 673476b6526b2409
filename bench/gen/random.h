// Deterministic randomness for the generator. Everything here is defined by this file alone
// (no std:: distributions, whose output differs between standard libraries), so the same seed
// gives the same bytes on every machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xxhash.h>

namespace bench {

inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A stable 64-bit digest of `text` (XXH3 has a fixed, documented output).
inline std::uint64_t hash_text(std::string_view text, std::uint64_t seed = 0) {
    return XXH3_64bits_withSeed(text.data(), text.size(), seed);
}

// xoshiro256** (Blackman and Vigna), seeded through splitmix64.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : state_) word = splitmix64(seed);
    }
    // A generator for one purpose, independent of how much the parent stream has been used.
    Rng(std::uint64_t seed, std::string_view purpose) : Rng(hash_text(purpose, seed)) {}

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, n), n > 0, without modulo bias.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const std::uint64_t r = next();
            if (r >= threshold) return r % n;
        }
    }
    // Uniform in [lo, hi].
    int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1)); }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }

    // Index chosen with the given integer weights.
    template <typename Weights>
    int weighted(const Weights& weights) {
        std::uint64_t total = 0;
        for (int w : weights) total += static_cast<std::uint64_t>(w);
        std::uint64_t r = below(total);
        int index = 0;
        for (int w : weights) {
            if (r < static_cast<std::uint64_t>(w)) return index;
            r -= static_cast<std::uint64_t>(w);
            ++index;
        }
        return index - 1;
    }

    template <typename T, std::size_t N>
    const T& pick(const T (&items)[N]) { return items[below(N)]; }
    template <typename T>
    const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

    // Fisher-Yates, so the permutation depends only on this generator.
    template <typename T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t state_[4];
};

// `length` lower-case hex digits drawn from a stream seeded by `seed`.
inline std::string hex_digits(std::uint64_t seed, std::size_t length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length);
    std::uint64_t state = seed;
    while (out.size() < length) {
        std::uint64_t word = splitmix64(state);
        for (int i = 0; i < 16 && out.size() < length; ++i, word >>= 4) out.push_back(kHex[word & 15]);
    }
    return out;
}

}  // namespace bench
