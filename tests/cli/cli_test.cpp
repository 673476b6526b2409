// The bomwatch command as users and CI run it: exit codes, outputs, errors, stdin and gzip.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch {
namespace {

using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

struct Outcome {
    int code;
    std::string out, err;
};

// Runs bomwatch with `args` (already shell-quoted where needed) in a shell, so tests can redirect.
Outcome bomwatch(const std::string& args, const std::string& stdin_path = "/dev/null") {
    test::TempDir dir;
    const auto out = dir.path() / "stdout", err = dir.path() / "stderr";
    const std::string command = std::string("env -u NO_COLOR ") + BOMWATCH_BINARY + " " + args + " <" + stdin_path + " >" +
                                out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_file(out.string()), test::read_file(err.string())};
}

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
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on any").code, 1);
    EXPECT_EQ(bomwatch("diff " + kAfter + " " + kAfterSpdx + " --fail-on any").code, 0);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on added,hashChanged").code, 1);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on hashChanged,removed").code, 0);
    EXPECT_EQ(bomwatch("diff " + kBefore + " " + kAfter + " --fail-on none").code, 0);
    const Outcome bad = bomwatch("diff " + kBefore + " " + kAfter + " --fail-on sometimes");
    EXPECT_EQ(bad.code, 2);
    EXPECT_THAT(bad.err, HasSubstr("'sometimes' is not 'any', 'none' or a change kind"));
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
    EXPECT_THAT(top.out, HasSubstr("Exit codes: 0 done, 1 changes at --fail-on, 2 usage or input error."));
    const Outcome diff = bomwatch("diff --help");
    EXPECT_EQ(diff.code, 0);
    EXPECT_THAT(diff.out, HasSubstr("bomwatch diff old.json new.json --fail-on any"));
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
