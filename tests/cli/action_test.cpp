// The GitHub Action's script (.ci/action/run) run as the runner runs it: inputs in the
// environment, $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT as files; and action.yml's wiring.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch {
namespace {

using testing::HasSubstr;

const std::string kSource = test::testdata("..");

struct ActionRun {
    int code;
    std::string log, summary, outputs;
};

// Runs the script in a fresh folder (the reports land there), with `inputs` as "NAME=value ...".
ActionRun run_action(const test::TempDir& dir, const std::string& inputs) {
    const std::filesystem::path summary = dir.path() / "summary.md", outputs = dir.path() / "outputs", log = dir.path() / "log";
    test::write_file(summary.string(), "");
    test::write_file(outputs.string(), "");
    const std::string command = "cd " + dir.path().string() + " && env -i PATH=\"$PATH\" RUNNER_TEMP=" + dir.path().string() +
                                " GITHUB_STEP_SUMMARY=" + summary.string() + " GITHUB_OUTPUT=" + outputs.string() +
                                " BOMWATCH=" + BOMWATCH_BINARY + " " + inputs + " sh " + kSource + "/.ci/action/run >" +
                                log.string() + " 2>&1";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_file(log.string()), test::read_file(summary.string()),
            test::read_file(outputs.string())};
}

const std::string kAxios = "INPUT_OLD=" + test::testdata("axios/before.cdx.json") + " INPUT_NEW=" + test::testdata("axios/after.spdx.json");

TEST(GithubAction, FailsOnTheAxiosPatternAndWritesTheSummaryAndReports) {
    test::TempDir dir;
    const ActionRun run = run_action(dir, kAxios + " INPUT_FAIL_ON=high");
    EXPECT_EQ(run.code, 1) << run.log;
    EXPECT_THAT(run.log, HasSubstr("new-dependency-in-update"));  // the text report, in the job's log
    EXPECT_THAT(run.log, HasSubstr("::error::bomwatch: unexpected findings at or above fail-on"));
    EXPECT_THAT(run.summary, HasSubstr("plain-crypto-js"));
    EXPECT_EQ(run.outputs, "exit-code=1\njson=bomwatch.json\nsarif=bomwatch.sarif\n");
    EXPECT_TRUE(std::filesystem::is_regular_file(dir.path() / "bomwatch.json"));
    EXPECT_TRUE(std::filesystem::is_regular_file(dir.path() / "bomwatch.sarif"));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 5);  // no temporary file left
}

TEST(GithubAction, PassesBelowTheThresholdAndCanSkipSarif) {
    test::TempDir dir;
    const ActionRun run = run_action(dir, kAxios + " INPUT_FAIL_ON=critical INPUT_SARIF=none");
    EXPECT_EQ(run.code, 0) << run.log;
    EXPECT_EQ(run.outputs, "exit-code=0\njson=bomwatch.json\n");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "bomwatch.sarif"));
}

TEST(GithubAction, SaysWhatIsMissing) {
    test::TempDir dir;
    ActionRun run = run_action(dir, "INPUT_NEW=x.json");
    EXPECT_EQ(run.code, 2);
    EXPECT_THAT(run.log, HasSubstr("::error::bomwatch action: the 'old' input (the earlier build's SBOM) or the 'project' input"));
    run = run_action(dir, kAxios + " INPUT_PROJECT=checkout-web");
    EXPECT_EQ(run.code, 2);
    EXPECT_THAT(run.log, HasSubstr("not both"));
    run = run_action(dir, "INPUT_OLD=" + test::testdata("axios/before.cdx.json") + " INPUT_NEW=" + dir.path().string() + "/missing.json");
    EXPECT_EQ(run.code, 2);
    EXPECT_THAT(run.log, HasSubstr("::error::bomwatch could not compare the SBOMs (exit 2; see the log)"));
    EXPECT_EQ(run.outputs, "exit-code=2\n");
}

// With a project instead of an old file: compared with the build history, and recorded. The
// pull request's head branch names the branch.
TEST(GithubAction, ChecksAgainstTheBuildHistory) {
    test::TempDir dir;
    const std::string check = "INPUT_PROJECT=checkout-web GITHUB_HEAD_REF=feature/x BOMWATCH_STORE=" + dir.path().string() +
                              "/history.db INPUT_FAIL_ON=high INPUT_NEW=";
    ActionRun run = run_action(dir, check + test::testdata("axios/before.cdx.json"));
    EXPECT_EQ(run.code, 0) << run.log;
    EXPECT_THAT(run.log, HasSubstr("no earlier build of checkout-web (feature/x): recorded this one as the baseline, #1"));
    run = run_action(dir, check + test::testdata("axios/after.spdx.json"));
    EXPECT_EQ(run.code, 1) << run.log;
    EXPECT_THAT(run.log, HasSubstr("compared with checkout-web (feature/x) #1"));
    EXPECT_THAT(run.summary, HasSubstr("plain-crypto-js"));
    EXPECT_EQ(run.outputs, "exit-code=1\njson=bomwatch.json\nsarif=bomwatch.sarif\n");
}

TEST(GithubAction, TheActionPassesEveryInputItDeclaresThroughTheEnvironment) {
    const YAML::Node action = YAML::LoadFile(kSource + "/action.yml");
    EXPECT_EQ(action["runs"]["using"].as<std::string>(), "composite");
    std::string steps;
    for (const auto& step : action["runs"]["steps"]) steps += YAML::Dump(step) + "\n";
    for (const auto& input : action["inputs"]) {
        const std::string name = input.first.as<std::string>();
        EXPECT_THAT(steps, HasSubstr("inputs." + name + " ")) << name << " is declared but never used";
        EXPECT_TRUE(input.second["description"]) << name;
    }
    // Inputs reach scripts through env, never spliced into `run:` (script injection).
    for (const auto& step : action["runs"]["steps"]) {
        if (step["run"]) {
            EXPECT_THAT(step["run"].as<std::string>(), testing::Not(HasSubstr("${{"))) << YAML::Dump(step);
        }
    }
}

}  // namespace
}  // namespace bomwatch
