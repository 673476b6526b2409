// bomwatch check, record, history, projects and prune as CI runs them, against both back ends:
// a SQLite file and the PostgreSQL test server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "tests/cli/run_bomwatch.h"
#include "tests/store/test_stores.h"
#include "tests/test_paths.h"

namespace bomwatch {
namespace {

using testing::HasSubstr;
using testing::Not;
using test::Backend;
using test::Outcome;

const std::string kBefore = test::testdata("axios/before.cdx.json");
const std::string kAfter = test::testdata("axios/after.cdx.json");
const std::string kAfterSpdx = test::testdata("axios/after.spdx.json");

class History : public testing::TestWithParam<Backend> {
protected:
    History() : store_(GetParam()) {}

    // bomwatch COMMAND with this test's store; no CI environment leaks in from the machine.
    Outcome run(const std::string& args, const std::string& env = "") {
        return test::bomwatch(args + " --store '" + store_.location() + "'", "/dev/null",
                              "-u GITHUB_HEAD_REF -u GITHUB_REF_NAME -u CI_COMMIT_REF_NAME -u BUILDKITE_BRANCH -u BRANCH_NAME "
                              "-u GITHUB_RUN_ID -u CI_PIPELINE_ID -u BUILDKITE_BUILD_NUMBER -u BUILD_NUMBER -u BOMWATCH_STORE " + env);
    }
    Outcome check(const std::string& sbom, const std::string& more = "") {
        return run("check " + sbom + " --project checkout-web --branch main --no-policy " + more);
    }

    test::FreshStore store_;
};

TEST_P(History, TheFirstBuildIsTheBaselineAndTheNextIsComparedWithIt) {
    Outcome first = check(kBefore, "--build 100");
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_THAT(first.err, HasSubstr("no earlier build of checkout-web (main): recorded this one as the baseline, #1"));
    EXPECT_THAT(first.out, HasSubstr("No changes"));

    Outcome second = check(kAfterSpdx, "--build 101");
    EXPECT_EQ(second.code, 0) << second.err;  // no --fail-on: findings are reported, not failed
    EXPECT_THAT(second.err, HasSubstr("compared with checkout-web (main) #1 (build 100)"));
    EXPECT_THAT(second.err, HasSubstr("recorded as #2"));
    EXPECT_THAT(second.out, HasSubstr("old: history: checkout-web (main) #1"));
    EXPECT_THAT(second.out, HasSubstr("+ plain-crypto-js (npm) 4.2.1  via axios@1.14.1"));
    EXPECT_THAT(second.out, HasSubstr("HIGH     new-dependency-in-update"));

    Outcome third = check(kAfter);
    EXPECT_THAT(third.err, HasSubstr("compared with checkout-web (main) #2 (build 101)"));
    EXPECT_THAT(third.out, HasSubstr("No changes"));
}

TEST_P(History, AFailingBuildIsRecordedButNotPromoted) {
    ASSERT_EQ(check(kBefore).code, 0);
    Outcome failing = check(kAfter, "--fail-on high");
    EXPECT_EQ(failing.code, 1);
    EXPECT_THAT(failing.err, HasSubstr("recorded as #2, not promoted: its findings reach --fail-on high, so the next build is "
                                       "compared with #1"));
    // The next build is still compared with #1, so the bad change keeps failing.
    Outcome again = check(kAfter, "--fail-on high");
    EXPECT_EQ(again.code, 1);
    EXPECT_THAT(again.err, HasSubstr("compared with checkout-web (main) #1"));
    EXPECT_THAT(again.out, HasSubstr("plain-crypto-js"));
    // After a review, --promote makes it the last good one.
    Outcome promoted = check(kAfter, "--fail-on high --promote");
    EXPECT_EQ(promoted.code, 1);
    EXPECT_THAT(promoted.err, HasSubstr("recorded as #4, promoted (--promote)"));
    Outcome next = check(kAfter, "--fail-on high");
    EXPECT_EQ(next.code, 0) << next.out;
    EXPECT_THAT(next.err, HasSubstr("compared with checkout-web (main) #4"));
}

TEST_P(History, BranchesAndProjectsAreSeparate) {
    ASSERT_EQ(check(kBefore).code, 0);
    Outcome other_branch = run("check " + kAfter + " --project checkout-web --no-policy", "GITHUB_REF_NAME=release/2.3");
    EXPECT_THAT(other_branch.err, HasSubstr("no earlier build of checkout-web (release/2.3)"));
    Outcome other_project = run("check " + kAfter + " --project billing --branch main --no-policy");
    EXPECT_THAT(other_project.err, HasSubstr("no earlier build of billing (main)"));
    Outcome projects = run("projects");
    ASSERT_EQ(projects.code, 0) << projects.err;
    EXPECT_THAT(projects.out, HasSubstr("billing"));
    EXPECT_THAT(projects.out, HasSubstr("release/2.3"));
    const auto json = nlohmann::json::parse(run("projects --format json").out);
    ASSERT_EQ(json["projects"].size(), 3u);
    EXPECT_EQ(json["projects"][0]["project"], "billing");
    EXPECT_EQ(json["projects"][1]["branch"], "main");
    EXPECT_EQ(json["projects"][2]["branch"], "release/2.3");
}

TEST_P(History, NoRecordComparesOnly) {
    ASSERT_EQ(check(kBefore).code, 0);
    Outcome compared = check(kAfter, "--no-record");
    EXPECT_THAT(compared.err, HasSubstr("not recorded (--no-record)"));
    EXPECT_THAT(compared.out, HasSubstr("plain-crypto-js"));
    const auto history = nlohmann::json::parse(run("history --project checkout-web --branch main --format json").out);
    EXPECT_EQ(history["builds"].size(), 1u);
}

// check gives exactly the report diff gives for the same two files: the history keeps everything
// a diff needs. Real pairs from the corpus, in several formats.
TEST_P(History, CheckReportsWhatDiffReports) {
    const std::pair<std::string, std::string> pairs[] = {
        {kBefore, kAfterSpdx},
        {test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json")},
        {test::corpus("cyclonedx-json/bom-examples_proton-bridge-v1.6.3.json"), test::corpus("cyclonedx-xml/bom-examples_proton-bridge-v1.8.0.xml")},
        {test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"), test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json")},
        {test::corpus("cyclonedx-json/sbomqs_self_syft.cdx.json"), test::corpus("spdx-tv/sbomqs_self_trivy.spdx")},
        {test::corpus("spdx-json/spdx-examples_example14-enriched_2.3.spdx.json"), test::corpus("spdx3-jsonld/spdx-examples_example11-rust.spdx3.json")},
    };
    int n = 0;
    for (const auto& [old_file, new_file] : pairs) {
        SCOPED_TRACE(old_file + " -> " + new_file);
        const std::string project = "p" + std::to_string(n++);
        ASSERT_EQ(run("record " + old_file + " --project " + project + " --branch main").code, 0);
        Outcome checked = run("check " + new_file + " --project " + project + " --branch main --no-policy --no-record --format json");
        Outcome diffed = test::bomwatch("diff " + old_file + " " + new_file + " --no-policy --format json");
        ASSERT_EQ(checked.code, 0) << checked.err;
        ASSERT_EQ(diffed.code, 0) << diffed.err;
        auto from_history = nlohmann::json::parse(checked.out), from_files = nlohmann::json::parse(diffed.out);
        EXPECT_EQ(from_history["old"]["source"], "history: " + project + " (main) #1");
        from_history["old"].erase("source");
        from_files["old"].erase("source");
        EXPECT_EQ(from_history, from_files);
        EXPECT_GT(from_files["changes"].size(), 0u);
    }
}

TEST_P(History, HistoryListsBuildsAndAComponentsTimeline) {
    ASSERT_EQ(check(kBefore, "--build 100").code, 0);
    ASSERT_EQ(check(kAfter, "--build 101 --fail-on high").code, 1);
    ASSERT_EQ(check(kAfterSpdx, "--build 102").code, 0);  // compared with #1 again: still findings, but no --fail-on

    Outcome builds = run("history --project checkout-web --branch main");
    ASSERT_EQ(builds.code, 0) << builds.err;
    EXPECT_THAT(builds.out, HasSubstr("checkout-web (main): 3 builds"));
    EXPECT_THAT(builds.out, HasSubstr("not promoted, compared with #1"));
    EXPECT_THAT(builds.out, HasSubstr("2 high, 1 info"));
    const auto json = nlohmann::json::parse(run("history --project checkout-web --branch main --format json").out);
    ASSERT_EQ(json["builds"].size(), 3u);
    EXPECT_EQ(json["builds"][0]["number"], 3);  // newest first
    EXPECT_EQ(json["builds"][0]["build"], "102");
    EXPECT_EQ(json["builds"][1]["good"], false);
    EXPECT_EQ(json["builds"][2]["unexpectedFindings"]["high"], 0);

    Outcome axios = run("history --project checkout-web --branch main --component pkg:npm/axios@9.9.9");
    ASSERT_EQ(axios.code, 0) << axios.err;
    EXPECT_THAT(axios.out, HasSubstr("pkg:npm/axios in checkout-web (main), oldest build first"));
    EXPECT_THAT(axios.out, HasSubstr("1.14.0"));
    EXPECT_THAT(axios.out, HasSubstr("version changed"));
    const auto timeline = nlohmann::json::parse(run("history --project checkout-web --branch main --component pkg:npm/axios --format json").out);
    ASSERT_EQ(timeline["builds"].size(), 3u);
    EXPECT_EQ(timeline["builds"][0]["copies"][0]["version"], "1.14.0");
    EXPECT_EQ(timeline["builds"][1]["copies"][0]["version"], "1.14.1");

    Outcome absent = run("history --project checkout-web --branch main --component pkg:npm/left-pad");
    EXPECT_THAT(absent.out, HasSubstr("no recorded build of this project has it"));
    Outcome bad = run("history --project checkout-web --component not-a-purl");
    EXPECT_EQ(bad.code, 2);
}

TEST_P(History, PruneKeepsTheNewestAndTheLastGood) {
    ASSERT_EQ(check(kBefore).code, 0);                       // #1 good
    for (int i = 0; i < 3; ++i) ASSERT_EQ(check(kAfter, "--fail-on high").code, 1);  // #2..#4 not promoted
    Outcome pruned = run("prune --keep 1");
    ASSERT_EQ(pruned.code, 0) << pruned.err;
    EXPECT_THAT(pruned.err, HasSubstr("deleted 2 builds"));
    const auto json = nlohmann::json::parse(run("history --project checkout-web --branch main --format json").out);
    ASSERT_EQ(json["builds"].size(), 2u);
    EXPECT_EQ(json["builds"][0]["number"], 4);
    EXPECT_EQ(json["builds"][1]["number"], 1);
    // The last good build is still the one compared with, and numbering goes on.
    Outcome next = check(kAfter);
    EXPECT_THAT(next.err, HasSubstr("compared with checkout-web (main) #1"));
    EXPECT_THAT(next.err, HasSubstr("recorded as #5"));
}

TEST_P(History, AnUnreadableSbomRecordsNothing) {
    ASSERT_EQ(check(kBefore).code, 0);
    test::TempDir dir;
    const std::string broken = dir.write("broken.json", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [");
    Outcome failed = check(broken);
    EXPECT_EQ(failed.code, 2);
    EXPECT_THAT(failed.err, HasSubstr("broken.json"));
    const auto json = nlohmann::json::parse(run("history --project checkout-web --branch main --format json").out);
    EXPECT_EQ(json["builds"].size(), 1u);
}

// A hash that changed at the same version is flagged even with a build without the package in
// between: the signature of a republished or tampered artifact.
TEST_P(History, TheTimelineFlagsAHashChangedAtTheSameVersion) {
    ASSERT_EQ(run("record " + test::testdata("rules/old.cdx.json") + " --project shop --branch main").code, 0);
    ASSERT_EQ(run("record " + kBefore + " --project shop --branch main").code, 0);  // no left-pad
    ASSERT_EQ(run("record " + test::testdata("rules/new.cdx.json") + " --project shop --branch main").code, 0);
    const Outcome r = run("history --project shop --branch main --component pkg:npm/left-pad");
    ASSERT_EQ(r.code, 0) << r.err;
    // The table's line for build N: its change is the last column.
    const auto line_of = [&](const std::string& number) {
        std::istringstream lines(r.out);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with("  " + number + " ")) return line;
        return std::string();
    };
    EXPECT_THAT(line_of("1"), testing::EndsWith(" added"));
    EXPECT_THAT(line_of("2"), testing::EndsWith(" absent"));
    EXPECT_THAT(line_of("3"), testing::EndsWith(" HASH CHANGED at the same version"));
}

// Two runners checking the same project at once: both builds are recorded, numbered in commit
// order, and each says which build it was compared with: the last good one when it started.
TEST_P(History, RacingChecksAreBothRecorded) {
    ASSERT_EQ(check(kBefore).code, 0);
    const std::string one = "check " + kAfter + " --project checkout-web --branch main --no-policy --build one --store '" +
                            store_.location() + "' >/dev/null 2>&1";
    const std::string two = "check " + kAfterSpdx + " --project checkout-web --branch main --no-policy --build two --store '" +
                            store_.location() + "' >/dev/null 2>&1";
    // Each runner's exit status is waited for: both must succeed.
    const Outcome raced = test::bomwatch("--version; " + std::string(BOMWATCH_BINARY) + " " + one + " & p1=$!; " + BOMWATCH_BINARY +
                                         " " + two + " & p2=$!; wait $p1 && wait $p2");
    ASSERT_EQ(raced.code, 0) << raced.err;
    const auto json = nlohmann::json::parse(run("history --project checkout-web --branch main --format json").out);
    ASSERT_EQ(json["builds"].size(), 3u);
    const auto& first = json["builds"][2];  // #1, the baseline
    EXPECT_EQ(first["number"], 1);
    EXPECT_EQ(json["builds"][1]["number"], 2);
    EXPECT_EQ(json["builds"][0]["number"], 3);
    std::set<std::string> labels;
    for (int i = 0; i < 2; ++i) {
        const auto& b = json["builds"][i];
        labels.insert(b["build"].get<std::string>());
        // Compared with #1 when it started before the other committed (then it sees the axios
        // findings), or with the other, committed before it (the same build: nothing new). Never
        // with a build that committed after it.
        if (b["comparedWith"] == first["id"]) {
            EXPECT_EQ(b["unexpectedFindings"]["high"], 2);
        } else {
            EXPECT_EQ(i, 0) << "#2 can only have been compared with #1";
            EXPECT_EQ(b["comparedWith"], json["builds"][1]["id"]);
            EXPECT_EQ(b["unexpectedFindings"]["high"], 0);
        }
    }
    EXPECT_EQ(labels, (std::set<std::string>{"one", "two"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, History, testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const testing::TestParamInfo<Backend>& info) { return std::string(test::backend_name(info.param)); });

// SQLite only: what a user meets with a missing or broken file.
TEST(HistoryErrors, AMissingStoreIsNamedAndNotCreated) {
    test::TempDir dir;
    const std::string path = (dir.path() / "nothing.db").string();
    Outcome missing = test::bomwatch("history --project p --store " + path);
    EXPECT_EQ(missing.code, 2);
    EXPECT_THAT(missing.err, HasSubstr(path));
    EXPECT_FALSE(std::filesystem::exists(path));
    Outcome no_record = test::bomwatch("check " + kBefore + " --project p --no-record --store " + path);
    EXPECT_EQ(no_record.code, 0) << no_record.err;
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(HistoryErrors, AFileThatIsNotAStoreIsAnError) {
    test::TempDir dir;
    const std::string path = dir.write("history.db", "this is not a database, just text that someone put here by mistake\n");
    Outcome r = test::bomwatch("check " + kBefore + " --project p --store " + path);
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr(path));
    EXPECT_EQ(test::read_file(path), "this is not a database, just text that someone put here by mistake\n");  // nothing lost
}

TEST(HistoryErrors, TheDefaultStoreIsInDotBomwatch) {
    test::TempDir dir;
    Outcome r = test::bomwatch_in(dir.path(), "check " + kBefore + " --project p --branch main");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(dir.path() / ".bomwatch" / "history.db"));
}

TEST(HistoryErrors, ThePasswordOfAStoreUrlIsNeverShown) {
    // A closed port: the connection fails, and the message names the store without its password.
    Outcome r = test::bomwatch("history --project p --store 'postgresql://ci:Sup3rS3cretPw@127.0.0.1:1/bomwatch'");
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("postgresql://ci@127.0.0.1:1/bomwatch"));
    EXPECT_THAT(r.err + r.out, Not(HasSubstr("Sup3rS3cretPw")));
}

}  // namespace
}  // namespace bomwatch
