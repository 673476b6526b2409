// The libFuzzer harness of one reader, chosen at build time by BOMWATCH_FUZZ_READER (a name of
// kReaders in check_input.h). A sanitizer report, an exception other than InputError, or a
// document that does not diff against itself as "no changes" is a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz/check_input.h"

#ifndef BOMWATCH_FUZZ_READER
#error "BOMWATCH_FUZZ_READER names the reader this harness fuzzes"
#endif

namespace {
const bomwatch::fuzz::Reader& fuzzed_reader() {
    static const bomwatch::fuzz::Reader* reader = [] {
        const bomwatch::fuzz::Reader* found = bomwatch::fuzz::find_reader(BOMWATCH_FUZZ_READER);
        if (found == nullptr) {
            std::fprintf(stderr, "fuzz_reader: no reader named \"%s\"\n", BOMWATCH_FUZZ_READER);
            std::abort();
        }
        return found;
    }();
    return *reader;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bomwatch::fuzz::Outcome outcome =
        bomwatch::fuzz::check_input(fuzzed_reader(), {reinterpret_cast<const char*>(data), size});
    if (!outcome.violation.empty()) {
        std::fprintf(stderr, "fuzz_%s: %s\n", BOMWATCH_FUZZ_READER, outcome.violation.c_str());
        std::abort();
    }
    return 0;
}
