// bench_judge: what judging adds to a diff. Reads two SBOMs and compares them (as `bomwatch diff`
// does, both read in parallel), then judges the changes with the default rules, and again with
// an OSV database (opened from its cache, as on every run after the first), and prints each
// step's best time of N rounds, with judging as a share of the diff.
//
//   bench_judge OLD NEW [--osv PATH] [--repeat N]
//
// The target: judging a 100k-component diff with a 100k-record OSV database adds at most
// 20% to the diff's time. The OSV cache goes to a temporary XDG_CACHE_HOME, never the user's.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "diff/changes.h"
#include "policy/judge.h"
#include "policy/osv.h"
#include "sbom/error.h"
#include "sbom/read.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Times {
    double diff = 1e9, rules = 1e9, osv_open = 1e9, rules_with_osv = 1e9;
    std::size_t changes = 0, findings = 0, findings_with_osv = 0;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace bomwatch;
    std::string old_path, new_path, osv_path;
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--osv" && i + 1 < argc) osv_path = argv[++i];
        else if (arg == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else if (old_path.empty()) old_path = arg;
        else if (new_path.empty()) new_path = arg;
        else old_path.clear(), i = argc;
    }
    if (old_path.empty() || new_path.empty() || repeat < 1) {
        std::fprintf(stderr, "usage: bench_judge OLD NEW [--osv PATH] [--repeat N]\n");
        return 2;
    }
    const auto cache = std::filesystem::temp_directory_path() / ("bench_judge_cache." + std::to_string(::getpid()));
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    ::unsetenv("BOMWATCH_OSV_CACHE");
    try {
        if (!osv_path.empty()) policy::OsvDatabase::open(osv_path);  // builds the cache once
        Times best;
        for (int round = 0; round < repeat; ++round) {
            auto start = Clock::now();
            sbom::Document old_doc, new_doc;
            diff::Side old_side, new_side;
            std::thread old_thread([&] {
                old_doc = sbom::read_sbom(old_path);
                old_side = diff::prepare(old_doc);
            });
            new_doc = sbom::read_sbom(new_path);
            new_side = diff::prepare(new_doc);
            old_thread.join();
            const diff::Changes changes = diff::compare(std::move(old_side), std::move(new_side));
            best.diff = std::min(best.diff, seconds_since(start));
            best.changes = changes.changes.size();

            start = Clock::now();
            const policy::Findings plain = policy::judge(changes, {.today = "2026-11-26"});
            best.rules = std::min(best.rules, seconds_since(start));
            best.findings = plain.items.size();

            if (!osv_path.empty()) {
                start = Clock::now();
                policy::OsvDatabase osv = policy::OsvDatabase::open(osv_path);
                best.osv_open = std::min(best.osv_open, seconds_since(start));
                start = Clock::now();
                const policy::Findings with_osv = policy::judge(changes, {.osv = &osv, .today = "2026-11-26"});
                best.rules_with_osv = std::min(best.rules_with_osv, seconds_since(start));
                best.findings_with_osv = with_osv.items.size();
            }
        }
        std::filesystem::remove_all(cache);
        std::printf("%-28s %9s %9s %8s\n", "step", "best s", "of diff", "findings");
        std::printf("%-28s %9.3f %8s %8s   (%zu changes)\n", "read + compare (the diff)", best.diff, "-", "-", best.changes);
        std::printf("%-28s %9.3f %8.1f%% %8zu\n", "judge, default rules", best.rules, 100 * best.rules / best.diff, best.findings);
        if (!osv_path.empty()) {
            const double total = best.osv_open + best.rules_with_osv;
            std::printf("%-28s %9.3f %8.1f%% %8s\n", "open the OSV database", best.osv_open, 100 * best.osv_open / best.diff, "-");
            std::printf("%-28s %9.3f %8.1f%% %8zu\n", "judge, rules + OSV", best.rules_with_osv, 100 * best.rules_with_osv / best.diff,
                        best.findings_with_osv);
            std::printf("%-28s %9.3f %8.1f%% %8s\n", "judging in all (with OSV)", total, 100 * total / best.diff, "-");
        }
    } catch (const std::exception& e) {
        std::filesystem::remove_all(cache);
        std::fprintf(stderr, "bench_judge: %s\n", e.what());
        return 2;
    }
    return 0;
}
