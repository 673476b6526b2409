// bench_check_summary REPORT EXPECTED: compares the "summary" counts of a bomwatch JSON report
// with those in a generator's expected.json. Prints "OK", or "MISMATCH" and what differs.
// Exit 0 when they agree, 1 when they differ, 2 when a file cannot be read.
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

constexpr const char* kKeys[] = {"added", "removed", "versionChanged", "hashChanged"};

bool load(const char* path, nlohmann::json& document) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_check_summary: cannot open %s\n", path);
        return false;
    }
    try {
        document = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& error) {
        std::fprintf(stderr, "bench_check_summary: %s: %s\n", path, error.what());
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fputs("usage: bench_check_summary REPORT EXPECTED\n", stderr);
        return 2;
    }
    nlohmann::json report;
    nlohmann::json expected;
    if (!load(argv[1], report) || !load(argv[2], expected)) return 2;

    const nlohmann::json* actual_summary = report.is_object() && report.contains("summary") ? &report["summary"] : nullptr;
    std::string differences;
    for (const char* key : kKeys) {
        const nlohmann::json& want = expected.at("summary").at(key);
        const bool present = actual_summary != nullptr && actual_summary->is_object() && actual_summary->contains(key);
        if (!present) {
            differences += std::string(" ") + key + "=missing(expected " + want.dump() + ")";
        } else if (const nlohmann::json& got = actual_summary->at(key); got != want) {
            differences += std::string(" ") + key + "=" + got.dump() + "(expected " + want.dump() + ")";
        }
    }
    if (differences.empty()) {
        std::puts("OK");
        return 0;
    }
    std::printf("MISMATCH%s\n", differences.c_str());
    return 1;
}
