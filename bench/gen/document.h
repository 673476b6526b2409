// What both document writers share: per-side document identity (serial number, time) and the
// rule that the old document is sorted, as generators write it, while the new one is shuffled,
// so that nothing can be matched by position.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/gen/pair.h"

namespace bench {

struct DocumentStamp {
    std::string uuid;        // a version-4-shaped UUID, different per side
    std::int64_t unix_time;  // creation time; the new build is a few hours after the old one
};
DocumentStamp document_stamp(const Pair& pair, Side side);

// 16 hex digits naming one instance in one side's document (ids differ between the sides).
std::string instance_id_hex(const Pair& pair, Side side, int instance);

// Puts `items` in emission order: sorted by `key_of(item)` for the old side, shuffled by `rng`
// for the new side.
template <typename KeyOf>
void order_for_side(std::vector<int>& items, Side side, Rng& rng, KeyOf key_of) {
    if (side == Side::new_build) {
        rng.shuffle(items);
        return;
    }
    std::vector<std::pair<std::string, int>> keyed;
    keyed.reserve(items.size());
    for (const int item : items) keyed.emplace_back(key_of(item), item);
    std::sort(keyed.begin(), keyed.end());  // pairs compare fully, so the order is total
    for (std::size_t i = 0; i < items.size(); ++i) items[i] = keyed[i].second;
}

// Write one side of the pair as a document to `out`; false if writing failed.
bool write_cyclonedx(const Pair& pair, Side side, std::FILE* out);       // CycloneDX 1.5 JSON
bool write_cyclonedx_xml(const Pair& pair, Side side, std::FILE* out);   // CycloneDX 1.6 XML
bool write_spdx(const Pair& pair, Side side, std::FILE* out);            // SPDX 2.3 JSON
bool write_spdx_tag_value(const Pair& pair, Side side, std::FILE* out);  // SPDX 2.3 tag-value

}  // namespace bench
