// The bomwatch command as users and CI run it: exit codes, outputs, errors, stdin and gzip.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "tests/cli/run_bomwatch.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch {
namespace {

using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

using test::bomwatch;
using test::bomwatch_in;
using test::Outcome;

const std::string kBefore = test::testdata("axios/before.cdx.json");
const std::string kAfter = test::testdata("axios/after.cdx.json");
const std::string kAfterSpdx = test::testdata("axios/after.spdx.json");

TEST(Diff, ReportsTheChangesAndExitsZero) {
    const Outcome r = bomwatch("diff " + kBefore + " " + kAfterSpdx);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("+ plain-crypto-js (npm) 4.2.1  via axios@1.14.1"));
    EXPECT_THAT(r.out, Not(HasSubstr("\x1b[")));  // not a terminal: no colour
    EXPECT_EQ(r.err, "");
}

TEST(Diff, FailOnIsTheCiGate) {
    // The axios pair's worst findings are high (new-dependency-in-update, name-confusion).
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on high").code, 1);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on info").code, 1);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on critical").code, 0);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on none").code, 0);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter).code, 0);  // default: none
    EXPECT_EQ(bomwatch("diff " + kAfter + " " + kAfterSpdx + " --fail-on info").code, 0);  // no changes, no findings
    const Outcome bad = bomwatch("diff " + kBefore + " " + kAfter + " --fail-on sometimes");
    EXPECT_EQ(bad.code, 2);
    EXPECT_THAT(bad.err, HasSubstr("--fail-on: sometimes not in {none,info,low,medium,high,critical}"));
}

TEST(Diff, LeadsWithTheFindings) {
    const Outcome r = bomwatch("diff " + kBefore + " " + kAfter);
    EXPECT_THAT(r.out, HasSubstr("Findings: 2 high, 1 info\n"));
    EXPECT_THAT(r.out, HasSubstr("  HIGH     new-dependency-in-update  plain-crypto-js 4.2.1 is new, pulled in by axios, whose "
                                 "update 1.14.0 → 1.14.1 is only a patch step.\n"
                                 "           path: checkout-web 2.3.1 → axios 1.14.1 → plain-crypto-js 4.2.1\n"));
    EXPECT_THAT(r.out, HasSubstr("  HIGH     name-confusion  plain-crypto-js is new, and its name imitates crypto-js"));
    EXPECT_LT(r.out.find("Findings:"), r.out.find("Added (1)"));
}

TEST(Policy, TheWorkingDirectorysPolicyFileApplies) {
    test::TempDir dir;
    test::write_file((dir.path() / ".bomwatch.yml").string(),
                     "fail-on: high\n"
                     "expected:\n"
                     "  - purl: pkg:npm/plain-crypto-js\n"
                     "    version: 4.2.1\n"
                     "    reason: reviewed in SEC-7\n");
    // The entry covers new-dependency-in-update, not name-confusion: still high.
    Outcome r = bomwatch_in(dir.path(), "diff " + kBefore + " " + kAfter);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_THAT(r.out, HasSubstr("(expected: reviewed in SEC-7)"));
    EXPECT_EQ(bomwatch_in(dir.path(), "diff " + kBefore + " " + kAfter + " --no-policy").code, 0);
    EXPECT_EQ(bomwatch_in(dir.path(), "diff " + kBefore + " " + kAfter + " --fail-on critical").code, 0);  // the flag wins
}

TEST(Policy, ABadPolicyFileIsAnErrorNamingTheLine) {
    test::TempDir dir;
    const std::string policy = (dir.path() / "p.yml").string();
    test::write_file(policy, "fail-on: high\nseverity:\n  typo-rule: low\n");
    const Outcome r = bomwatch("diff " + kBefore + " " + kAfter + " --policy " + policy);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "bomwatch: error: " + policy + ":3:3: severity: 'typo-rule' is not a rule id (see docs/rules.md)\n");
    EXPECT_EQ(r.out, "");
    const Outcome missing = bomwatch("diff " + kBefore + " " + kAfter + " --policy " + policy + ".nope");
    EXPECT_EQ(missing.code, 2);
    EXPECT_THAT(missing.err, HasSubstr(policy + ".nope: cannot open the policy file: No such file or directory"));
}

TEST(Policy, InitWritesAStarterAndAcceptMakesTheFindingsExpected) {
    test::TempDir dir;
    Outcome r = bomwatch_in(dir.path(), "init");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(bomwatch_in(dir.path(), "init").code, 2);  // no overwrite without --force
    EXPECT_EQ(bomwatch_in(dir.path(), "diff " + kBefore + " " + kAfter).code, 1);  // the starter fails on high

    r = bomwatch_in(dir.path(), "accept " + kBefore + " " + kAfter + " --reason 'checked: see SEC-7' --expires 2999-01-01");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "bomwatch: added 2 expected entries to .bomwatch.yml\n");
    const std::string policy = test::read_file((dir.path() / ".bomwatch.yml").string());
    EXPECT_THAT(policy, HasSubstr("# bomwatch policy"));  // the comments are kept
    EXPECT_THAT(policy, HasSubstr("  - purl: \"pkg:npm/plain-crypto-js\"\n"
                                  "    version: \"vers:npm/4.2.1\"\n"
                                  "    rules: [new-dependency-in-update, name-confusion]\n"
                                  "    reason: \"checked: see SEC-7\"\n"
                                  "    expires: 2999-01-01\n"));
    r = bomwatch_in(dir.path(), "diff " + kBefore + " " + kAfter + " --fail-on low");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("No unexpected findings: 3 expected"));
    r = bomwatch_in(dir.path(), "accept " + kBefore + " " + kAfter + " --reason again");
    EXPECT_EQ(r.err, "bomwatch: nothing to accept: no unexpected findings\n");
    r = bomwatch_in(dir.path(), "accept " + kBefore + " " + kAfter + " --reason again --expires 2020-01-01");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("--expires 2020-01-01 is in the past"));
    r = bomwatch_in(dir.path(), "accept " + kBefore + " " + kAfter + " --reason again --expires 2026-13-01");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("'2026-13-01' is not"));
}

TEST(Diff, WithAnOsvDatabase) {
    const std::string rules = test::testdata("rules/");
    Outcome r = bomwatch("diff " + rules + "old.cdx.json " + rules + "new.cdx.json --osv " + rules + "osv --fail-on critical");
    EXPECT_EQ(r.code, 1);
    EXPECT_THAT(r.out, HasSubstr("CRITICAL known-malicious  plain-crypto-js 4.2.1 is listed as malicious by MAL-TEST-0001"));
    r = bomwatch("diff " + rules + "old.cdx.json " + rules + "new.cdx.json --osv " + rules + "nowhere");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr(rules + "nowhere"));
    r = bomwatch("diff " + rules + "old.cdx.json " + rules + "new.cdx.json --only integrity-drift,removed --format json");
    const auto report = nlohmann::json::parse(r.out);
    ASSERT_EQ(report["findings"].size(), 2u);
    EXPECT_EQ(report["findings"][0]["rule"], "integrity-drift");
    EXPECT_EQ(report["findingsSummary"]["ignored"], 24);
    EXPECT_EQ(bomwatch("diff " + rules + "old.cdx.json " + rules + "new.cdx.json --only no-such-rule").code, 2);
}

TEST(Diff, SeveralFormatsFromOneRun) {
    test::TempDir dir;
    const std::string json_path = (dir.path() / "diff.json").string(), csv_path = (dir.path() / "diff.csv").string();
    Outcome r = bomwatch("diff " + kBefore + " " + kAfter + " --format json=" + json_path + " --format csv=" + csv_path +
                         " --format text --fail-on high");
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Findings: 2 high, 1 info"));  // the format without a file: stdout
    EXPECT_EQ(nlohmann::json::parse(test::read_file(json_path))["findings"].size(), 3u);
    EXPECT_THAT(test::read_file(csv_path), Not(testing::IsEmpty()));

    r = bomwatch("diff " + kBefore + " " + kAfter + " --format json --format text");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("only one format can go to -o or stdout; give the others a file (FORMAT=FILE)"));
    r = bomwatch("diff " + kBefore + " " + kAfter + " --format pdf");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("'pdf' is not a report format (text, json, markdown, sarif, junit, html, csv)"));
    r = bomwatch("diff " + kBefore + " " + kAfter + " --format json= ");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("the file after '=' is missing"));
    r = bomwatch("diff " + kBefore + " " + kAfter + " --format json=- --format text");
    EXPECT_EQ(r.code, 2);  // "-" is stdout too
    EXPECT_THAT(r.err, HasSubstr("only one format can go to -o or stdout"));
    r = bomwatch("diff " + kBefore + " " + kAfter + " --format json=" + json_path + " --format csv=" + json_path);
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr(json_path + " is named for two formats"));
    r = bomwatch("diff " + kBefore + " " + kAfter + " --format json=" + json_path + " -o " + csv_path);
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("every --format names its own file"));
}

TEST(Diff, TreeShowsWhereTheNewPackagesHang) {
    const Outcome r = bomwatch("diff " + test::testdata("rules/old.cdx.json") + " " + test::testdata("rules/new.cdx.json") + " --tree");
    EXPECT_THAT(r.out, HasSubstr("\nWhere the new packages hang\n"
                                 "  rules-demo 1.0.1\n"
                                 "  ├─ + @types/node 20.11.30\n"
                                 "  ├─ axios 1.14.1\n"
                                 "  │  └─ + plain-crypto-js 4.2.1\n"
                                 "  ├─ express 4.19.2\n"
                                 "  │  └─ + qs-parse-helper 1.0.0\n"
                                 "  ├─ + lodash.merge 4.6.2\n"
                                 "  ├─ + react-dom 18.3.1\n"
                                 "  ├─ + reqeusts 2.31.0\n"
                                 "  ├─ webpack 5.90.0\n"
                                 "  │  └─ + watchpack 2.4.0\n"
                                 "  └─ + zod 3.23.8\n"));
    EXPECT_THAT(bomwatch("diff " + kBefore + " " + kAfter).out, Not(HasSubstr("Where the new packages hang")));
    // A kind that spans several ecosystems is grouped by ecosystem.
    EXPECT_THAT(r.out, HasSubstr("Added (8)\n npm (7)\n  + @types/node (npm) 20.11.30  direct dependency\n"));
    EXPECT_THAT(r.out, HasSubstr("\n pypi (1)\n  + reqeusts (pypi) 2.31.0  direct dependency\n"));
    EXPECT_THAT(r.out, HasSubstr("Removed (1)\n  - uuid (npm) 9.0.1\n"));  // one ecosystem: no heading
}

TEST(Diff, WritesJsonToAFileAtomically) {
    test::TempDir dir;
    const std::string target = (dir.path() / "diff.json").string();
    const Outcome r = bomwatch("diff " + kBefore + " " + kAfter + " --format json -o " + target);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    const auto report = nlohmann::json::parse(test::read_file(target));
    EXPECT_EQ(report["summary"]["added"], 1);
    // Only the report is left in the folder: no temporary file.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);

    // A failed run leaves the previous report untouched and no half-written file.
    const std::string broken = dir.write("broken.json", R"({"bomFormat": "CycloneDX", "components": [)");
    const Outcome failed = bomwatch("diff " + kBefore + " " + broken + " --format json -o " + target);
    EXPECT_EQ(failed.code, 2);
    EXPECT_EQ(nlohmann::json::parse(test::read_file(target)), report);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);

    const Outcome nowhere = bomwatch("diff " + kBefore + " " + kAfter + " -o " + (dir.path() / "no/such/dir/x.json").string());
    EXPECT_EQ(nowhere.code, 2);
    EXPECT_THAT(nowhere.err, HasSubstr("no/such/dir/x.json: cannot create"));
}

TEST(Diff, ReadsStdinAndGzip) {
    test::TempDir dir;
    const std::string gz = dir.write_gz("before.json.gz", test::read_file(kBefore));
    const Outcome r = bomwatch("diff " + gz + " - --format json", kAfter);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    EXPECT_EQ(report["new"]["source"], "<stdin>");
    EXPECT_EQ(report["summary"]["versionChanged"], 1);
    EXPECT_EQ(bomwatch("diff - -").code, 2);
}

TEST(Diff, SameInputsGiveTheSameBytes) {
    const std::string kinds_old = test::testdata("kinds/old.cdx.json"), kinds_new = test::testdata("kinds/new.cdx.json");
    for (const char* format : {"text", "json"}) {
        const Outcome a = bomwatch("diff " + kinds_old + " " + kinds_new + " --explain --format " + format);
        const Outcome b = bomwatch("diff " + kinds_old + " " + kinds_new + " --explain --format " + format);
        EXPECT_EQ(a.out, b.out) << format;
        EXPECT_FALSE(a.out.empty());
    }
}

TEST(Diff, ColourFollowsTheFlagAndNoColor) {
    EXPECT_THAT(bomwatch("diff " + kBefore + " " + kAfter + " --color always").out, HasSubstr("\x1b[32m"));
    EXPECT_THAT(bomwatch("diff " + kBefore + " " + kAfter + " --color never").out, Not(HasSubstr("\x1b[")));
}

TEST(Errors, InputErrorsNameFileAndPositionAndExitTwo) {
    test::TempDir dir;
    const std::string bad = dir.write("bad.json", "{\"bomFormat\": \"CycloneDX\",\n \"components\": [{\"name\": 7}]}");
    const Outcome r = bomwatch("diff " + kBefore + " " + bad);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "bomwatch: error: " + bad + ":2:27: components[0].name: expected a string, found a number\n");

    const Outcome missing = bomwatch("diff " + kBefore + " " + (dir.path() / "gone.json").string());
    EXPECT_EQ(missing.code, 2);
    EXPECT_THAT(missing.err, HasSubstr("gone.json: cannot open: No such file or directory"));

    const Outcome binary = bomwatch("show " + std::string(BOMWATCH_BINARY));
    EXPECT_EQ(binary.code, 2);
    EXPECT_THAT(binary.err, HasSubstr("not an SBOM: binary data"));
}

TEST(Errors, UsageErrorsExitTwo) {
    EXPECT_EQ(bomwatch("").code, 2);
    EXPECT_EQ(bomwatch("diff " + kBefore).code, 2);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --format yaml").code, 2);
    EXPECT_EQ(bomwatch("frobnicate").code, 2);
}

TEST(Warnings, GoToStderrAndStrictMakesThemErrors) {
    const std::string file = test::corpus("invalid/cdx-spec_invalid-hash-alg-1.6.json");
    const Outcome r = bomwatch("diff " + file + " " + file);
    EXPECT_EQ(r.code, 0);
    EXPECT_THAT(r.err, HasSubstr("bomwatch: warning: " + file + ": components[0].hashes: unknown hash algorithm 'FOO'"));
    EXPECT_THAT(r.out, HasSubstr("No changes"));
    const Outcome strict = bomwatch("diff " + file + " " + file + " --strict");
    EXPECT_EQ(strict.code, 2);
    EXPECT_THAT(strict.err, HasSubstr("an error with --strict"));
}

TEST(Help, ReadsLikeAManual) {
    const Outcome top = bomwatch("--help");
    EXPECT_EQ(top.code, 0);
    EXPECT_THAT(top.out, HasSubstr("Exit codes: 0 done, 1 unexpected findings at or above --fail-on, 2 usage, input or store error,\n"
                                   "3 an alert could not be delivered (it waits in the outbox)."));
    const Outcome diff = bomwatch("diff --help");
    EXPECT_EQ(diff.code, 0);
    EXPECT_THAT(diff.out, HasSubstr("bomwatch diff old.json new.json --fail-on high"));
    EXPECT_THAT(diff.out, HasSubstr("--explain"));
    const Outcome version = bomwatch("--version");
    EXPECT_EQ(version.code, 0);
    EXPECT_THAT(version.out, StartsWith("bomwatch "));
}

TEST(Show, DescribesOneSbom) {
    const Outcome text = bomwatch("show " + kAfter);
    EXPECT_EQ(text.code, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("format:        cyclonedx-json 1.6"));
    EXPECT_THAT(text.out, HasSubstr("with hashes:   18 (100.0%): SHA-512 18"));
    const Outcome json = bomwatch("show " + kAfterSpdx + " --format json");
    ASSERT_EQ(json.code, 0) << json.err;
    const auto report = nlohmann::json::parse(json.out);
    EXPECT_EQ(report["format"], "spdx-json");
    EXPECT_EQ(report["components"], 18);
    EXPECT_EQ(report["ecosystems"]["npm"], 18);
    EXPECT_EQ(report["hashAlgorithms"]["SHA-512"], 18);
    EXPECT_EQ(report["root"]["name"], "checkout-web");
}

}  // namespace
}  // namespace bomwatch
