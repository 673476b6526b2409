// Progress on stderr while big inputs are read: only on a terminal, only for inputs of more than
// ~50 MB, one line for all inputs read at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sbom/input.h"

namespace bomwatch::cli {

class Progress {
public:
    // Shows progress only when `enabled` (stderr is a terminal).
    explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    ~Progress() { finish(); }

    // A callback for one input, to pass to the reader.
    sbom::ProgressFn track(const std::string& name);
    // Clears the progress line, if one was drawn.
    void finish();

private:
    struct Input {
        std::string name;
        std::uint64_t done = 0, total = 0;
    };
    void update(std::size_t slot, std::uint64_t done, std::uint64_t total);

    bool enabled_;
    std::chrono::steady_clock::time_point start_, last_draw_{};
    std::mutex mutex_;
    std::vector<Input> inputs_;
    bool drawn_ = false;
};

}  // namespace bomwatch::cli
