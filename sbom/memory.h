// Large allocations for a document's model, backed by transparent huge pages where the kernel
// offers them (madvise mode, as on Debian): a 100k-component model touches tens of megabytes of
// fresh memory, and taking it in 2 MiB pages instead of 4 KiB ones spares ~20k page faults.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>

namespace bomwatch::sbom {

inline constexpr std::size_t kHugePage = 2u << 20;

// Memory for `bytes`, uninitialised; huge-page aligned and advised when it is that large.
inline void* allocate_large(std::size_t bytes) {
    if (bytes < kHugePage) {
        if (void* p = std::malloc(bytes)) return p;
        throw std::bad_alloc();
    }
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without THP the pages are ordinary
    return p;
}

struct FreeLarge {
    void operator()(void* p) const noexcept { std::free(p); }
};

// A std::allocator for the big vectors of a document (components, hashes).
template <typename T>
struct LargeAllocator {
    using value_type = T;
    LargeAllocator() = default;
    template <typename U>
    LargeAllocator(const LargeAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_alloc();
        return static_cast<T*>(allocate_large(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t) noexcept { std::free(p); }
    template <typename U>
    bool operator==(const LargeAllocator<U>&) const noexcept { return true; }
};

}  // namespace bomwatch::sbom
