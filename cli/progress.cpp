#include "cli/progress.h"

#include <cstdio>

namespace bomwatch::cli {

namespace {
constexpr std::uint64_t kShowAbove = 50ull * 1000 * 1000;
constexpr auto kRedrawEvery = std::chrono::milliseconds(200);

std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}
}  // namespace

sbom::ProgressFn Progress::track(const std::string& name) {
    if (!enabled_) return {};
    std::lock_guard lock(mutex_);
    inputs_.push_back({name});
    const std::size_t slot = inputs_.size() - 1;
    return [this, slot](std::uint64_t done, std::uint64_t total) { update(slot, done, total); };
}

void Progress::update(std::size_t slot, std::uint64_t done, std::uint64_t total) {
    std::lock_guard lock(mutex_);
    inputs_[slot].done = done;
    inputs_[slot].total = total;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < kRedrawEvery) return;
    std::uint64_t largest = 0, all_done = 0;
    for (const auto& input : inputs_) {
        largest = std::max(largest, std::max(input.total, input.done));
        all_done += input.done;
    }
    if (largest <= kShowAbove) return;
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::string line = "reading";
    for (const auto& input : inputs_) {
        line += ' ';  // piece by piece: GCC 12 warns wrongly (-Wrestrict) on "literal" + std::string
        line += input.name;
        line += ' ';
        line += megabytes(input.done);
        if (input.total) line += "/" + megabytes(input.total);
        line += ";";
    }
    char rate[48];
    std::snprintf(rate, sizeof rate, " %.0f MB/s", seconds > 0 ? static_cast<double>(all_done) / 1e6 / seconds : 0.0);
    line += rate;
    std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    std::lock_guard lock(mutex_);
    if (drawn_) {
        std::fprintf(stderr, "\r\x1b[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace bomwatch::cli
