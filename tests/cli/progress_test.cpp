// Progress on stderr while large inputs are read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "cli/progress.h"
#include "tests/temp_file.h"

namespace bomwatch::cli {
namespace {

using testing::HasSubstr;

// What `draw` writes to stderr.
template <typename Draw>
std::string stderr_of(Draw draw) {
    test::TempDir dir;
    const std::string path = (dir.path() / "stderr").string();
    std::fflush(stderr);
    const int saved = ::dup(2);
    std::FILE* file = std::fopen(path.c_str(), "w");
    ::dup2(::fileno(file), 2);
    draw();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::fclose(file);
    return test::read_file(path);
}

TEST(Progress, ShowsBytesAndRateForLargeInputs) {
    const std::string out = stderr_of([] {
        Progress progress(true);
        auto old_input = progress.track("old.json");
        auto new_input = progress.track("new.json");
        new_input(1'000'000, 80'000'000);
        old_input(60'000'000, 120'000'000);  // redrawn no more than every 200 ms: this one is not drawn
        progress.finish();
    });
    EXPECT_THAT(out, HasSubstr("reading old.json 0.0 MB; new.json 1.0 MB/80.0 MB;"));
    EXPECT_THAT(out, HasSubstr(" MB/s"));
    EXPECT_THAT(out, testing::EndsWith("\r\x1b[K"));  // the line is cleared when reading ends
}

TEST(Progress, SaysNothingForSmallInputsOrWhenNotATerminal) {
    EXPECT_EQ(stderr_of([] {
                  Progress progress(true);
                  progress.track("small.json")(10'000'000, 40'000'000);
              }),
              "");
    EXPECT_EQ(stderr_of([] {
                  Progress progress(false);
                  auto track = progress.track("big.json");
                  EXPECT_FALSE(track);  // no callback at all: the reader does not even call it
              }),
              "");
}

}  // namespace
}  // namespace bomwatch::cli
