#include "bench/gen/document.h"

namespace bench {

DocumentStamp document_stamp(const Pair& pair, Side side) {
    Rng rng(pair.seed, side == Side::old_build ? "document:old" : "document:new");
    std::string hex = hex_digits(rng.next(), 32);
    hex[12] = '4';
    hex[16] = "89ab"[rng.below(4)];
    DocumentStamp stamp;
    stamp.uuid = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
                 hex.substr(20);
    // The old build some day of 2025; the new one 3 to 48 hours later.
    Rng time_rng(pair.seed, "document:time");
    const std::int64_t old_time = 1735689600 + static_cast<std::int64_t>(time_rng.below(300 * 86400));
    const std::int64_t gap = 3 * 3600 + static_cast<std::int64_t>(time_rng.below(45 * 3600));
    stamp.unix_time = side == Side::old_build ? old_time : old_time + gap;
    return stamp;
}

std::string instance_id_hex(const Pair& pair, Side side, int instance) {
    const std::uint64_t side_seed = hash_text(side == Side::old_build ? "old" : "new", pair.seed);
    return hex_digits(side_seed ^ (static_cast<std::uint64_t>(instance) * 0xd6e8feb86659fd93ULL), 16);
}

}  // namespace bench
