// Every input of fuzz/regressions/<reader>/ (inputs that once crashed or hung a reader, and
// hand-made nasty ones) through its reader, in the normal sanitizer build, with the fuzzers'
// own check (fuzz/check_input.h): refused with a one-line InputError, or read into a document
// that diffs against itself as "no changes". An input whose name starts with "refused-" must be
// refused (an XXE or billion-laughs file is an error, never expanded).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fuzz/check_input.h"

namespace bomwatch::fuzz {
namespace {

namespace fs = std::filesystem;

// An input taking longer than this, even in the sanitizer build, is a hang (they take
// milliseconds; the bound leaves room for a loaded machine).
constexpr auto kTimeLimit = std::chrono::seconds(20);

// Ends the process when the reading of an input outlives kTimeLimit: a hang fails at once, with
// the input's name, rather than at ctest's timeout.
class Watchdog {
public:
    explicit Watchdog(std::string input)
        : thread_([this, input = std::move(input)] {
              std::unique_lock lock(mutex_);
              if (!stopped_.wait_for(lock, kTimeLimit, [this] { return done_; })) {
                  std::fprintf(stderr, "%s: still being read after %lld s: a hang\n", input.c_str(),
                               static_cast<long long>(kTimeLimit.count()));
                  std::_Exit(1);
              }
          }) {}
    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        stopped_.notify_one();
        thread_.join();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable stopped_;
    bool done_ = false;
    std::thread thread_;  // last: started once the members it uses exist
};

fs::path regressions_dir() { return fs::path(BOMWATCH_TESTDATA_DIR).parent_path() / "fuzz" / "regressions"; }

struct Input {
    std::string reader;
    fs::path file;
};

// How gtest shows an input in test names and messages.
void PrintTo(const Input& input, std::ostream* out) { *out << input.reader << "/" << input.file.filename().string(); }

std::vector<Input> all_inputs() {
    std::vector<Input> inputs;
    for (const auto& folder : fs::directory_iterator(regressions_dir())) {
        if (!folder.is_directory()) continue;
        for (const auto& file : fs::directory_iterator(folder.path()))
            if (file.is_regular_file()) inputs.push_back({folder.path().filename().string(), file.path()});
    }
    std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.file < b.file; });
    return inputs;
}

std::string test_name(const testing::TestParamInfo<Input>& info) {
    std::string name = info.param.reader + "_" + info.param.file.filename().string();
    std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
    return name;
}

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

class FuzzRegression : public testing::TestWithParam<Input> {};

TEST_P(FuzzRegression, IsRefusedOrReadConsistently) {
    const Input& input = GetParam();
    const Reader* reader = find_reader(input.reader);
    ASSERT_NE(reader, nullptr) << "fuzz/regressions/" << input.reader << "/ is not named after a reader of fuzz/check_input.h";
    const std::string bytes = contents(input.file);

    Outcome outcome;
    {
        Watchdog watchdog(input.file.string());
        outcome = check_input(*reader, bytes);
    }
    EXPECT_EQ(outcome.violation, "") << input.file;
    if (input.file.filename().string().starts_with("refused-")) {
        EXPECT_FALSE(outcome.read) << input.file << " must be refused, and was read";
    }
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, testing::ValuesIn(all_inputs()), test_name);

// Each harness has regression inputs from day one, and every folder is a harness's.
TEST(FuzzRegressions, EveryReaderHasInputs) {
    const std::vector<Input> inputs = all_inputs();
    for (const Reader& reader : kReaders) {
        const auto count = std::count_if(inputs.begin(), inputs.end(), [&](const Input& i) { return i.reader == reader.name; });
        EXPECT_GE(count, 3) << "fuzz/regressions/" << reader.name << "/";
    }
    for (const Input& input : inputs) EXPECT_NE(find_reader(input.reader), nullptr) << input.file;
}

}  // namespace
}  // namespace bomwatch::fuzz
