// The reports: the JSON contract, golden diffs of real SBOM pairs, and the text view.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "diff/changes.h"
#include "policy/judge.h"
#include "report/report.h"
#include "sbom/read.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::report {
namespace {

using nlohmann::json;
using testing::HasSubstr;
using testing::Not;

std::string render(const std::string& old_path, const std::string& new_path, bool as_json, Options options = {}) {
    const sbom::Document old_doc = sbom::read_sbom(old_path);
    const sbom::Document new_doc = sbom::read_sbom(new_path);
    const diff::Changes changes = diff::compare(old_doc, new_doc);
    const policy::Findings findings = policy::judge(changes, {.today = "2026-11-26"});
    options.findings = &findings;
    std::ostringstream out;
    if (as_json) write_json(out, changes, options);
    else write_text(out, changes, options);
    return out.str();
}

TEST(Json, FollowsTheDocumentedSchema) {
    const json out = json::parse(render(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.spdx.json"), true));
    EXPECT_EQ(out["schema"], "bomwatch.diff/2");
    EXPECT_EQ(out["old"]["format"], "cyclonedx-json");
    EXPECT_EQ(out["old"]["specVersion"], "1.6");
    EXPECT_EQ(out["old"]["components"], 17);
    EXPECT_EQ(out["old"]["root"]["name"], "checkout-web");
    EXPECT_EQ(out["old"]["root"]["version"], "2.3.0");
    EXPECT_EQ(out["new"]["format"], "spdx-json");
    EXPECT_EQ(out["new"]["specVersion"], "SPDX-2.3");
    EXPECT_EQ(out["new"]["root"]["version"], "2.3.1");
    const json expected_summary = {{"added", 1},          {"removed", 0},         {"versionChanged", 1}, {"hashChanged", 0},
                                   {"hashWeakened", 0},   {"licenseChanged", 0},  {"supplierChanged", 0}, {"sourceChanged", 0},
                                   {"scopeChanged", 0},   {"edgeAdded", 1},       {"edgeRemoved", 0},    {"unchanged", 16}};
    EXPECT_EQ(out["summary"], expected_summary);
    ASSERT_EQ(out["changes"].size(), 3u);

    const json& added = out["changes"][0];
    EXPECT_EQ(added["kind"], "added");
    EXPECT_EQ(added["identity"], "pkg:npm/plain-crypto-js");
    EXPECT_EQ(added["ecosystem"], "npm");
    EXPECT_EQ(added["name"], "plain-crypto-js");
    EXPECT_EQ(added["new"]["version"], "4.2.1");
    EXPECT_EQ(added["new"]["purl"], "pkg:npm/plain-crypto-js@4.2.1");
    EXPECT_EQ(added["new"]["hashes"]["SHA-512"].get<std::string>().size(), 128u);
    EXPECT_EQ(added["introducedVia"], json::array({"pkg:npm/axios@1.14.1"}));
    EXPECT_FALSE(added.contains("old"));

    const json& bump = out["changes"][1];
    EXPECT_EQ(bump["kind"], "versionChanged");
    EXPECT_EQ(bump["old"]["version"], "1.14.0");
    EXPECT_EQ(bump["new"]["version"], "1.14.1");
    EXPECT_EQ(bump["direction"], "up");
    EXPECT_EQ(bump["step"], "patch");
    EXPECT_FALSE(bump.contains("match"));  // only with --explain

    EXPECT_EQ(out["changes"][2], json({{"kind", "edgeAdded"}, {"from", "pkg:npm/axios"}, {"to", "pkg:npm/plain-crypto-js"}}));
}

TEST(Json, NamesAreWrittenAsTheEcosystemWritesThem) {
    const json out = json::parse(render(test::testdata("kinds/old.cdx.json"), test::testdata("kinds/new.cdx.json"), true, {.explain = true}));
    std::set<std::string> names;
    for (const auto& change : out["changes"])
        if (change.contains("name")) names.insert(change["name"]);
    EXPECT_TRUE(names.count("org.apache.commons:commons-text"));
    EXPECT_EQ(out["matching"]["installLocation"], 1);
    for (const auto& change : out["changes"]) {
        if (change.contains("old") && change.contains("new")) {
            EXPECT_TRUE(change.contains("match")) << change.dump();
        }
    }
}

TEST(Json, SameInputsSameBytes) {
    const std::string a = render(test::testdata("kinds/old.cdx.json"), test::testdata("kinds/new.cdx.json"), true);
    const std::string b = render(test::testdata("kinds/old.cdx.json"), test::testdata("kinds/new.cdx.json"), true);
    EXPECT_EQ(a, b);
}

// Golden diffs of the real pairs in the corpus, checked by hand once (see the counts asserted in
// tests/diff) and pinned here. BOMWATCH_UPDATE_GOLDEN=1 rewrites them.
class Golden : public testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(Golden, RealPairMatchesThePinnedDiff) {
    const auto& [name, files] = GetParam();
    const auto space = files.find(' ');
    const std::string old_file = files.substr(0, space), new_file = files.substr(space + 1);
    json out = json::parse(render(test::corpus(old_file), test::corpus(new_file), true, {.explain = true}));
    // The paths depend on where the corpus is; the golden files name them from the corpus root.
    out["old"]["source"] = old_file;
    out["new"]["source"] = new_file;
    const std::string golden_path = test::testdata("golden/" + name + ".diff.json");
    if (const char* update = std::getenv("BOMWATCH_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        std::ofstream(golden_path) << out.dump(2) << "\n";
    }
    const json golden = json::parse(test::read_file(golden_path));
    EXPECT_EQ(out, golden) << "differs from " << golden_path;
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, Golden,
    testing::Values(std::pair<std::string, std::string>{"proton-bridge", "cyclonedx-json/bom-examples_proton-bridge-v1.6.3.json "
                                                                         "cyclonedx-json/bom-examples_proton-bridge-v1.8.0.json"},
                    std::pair<std::string, std::string>{"nats-box", "cyclonedx-json/sbom-utility_diff_nats1.json "
                                                                    "cyclonedx-json/sbom-utility_diff_nats2.json"}),
    [](const auto& info) { return info.param.first == "proton-bridge" ? std::string("ProtonBridge") : std::string("NatsBox"); });

TEST(Text, GroupsByKindAndShowsWhereNewPackagesHang) {
    const std::string text = render(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"), false);
    EXPECT_THAT(text, HasSubstr("3 changes: 1 added, 1 version changed, 1 edge added; 16 unchanged."));
    EXPECT_THAT(text, HasSubstr("Added (1)\n  + plain-crypto-js (npm) 4.2.1  via axios@1.14.1\n"));
    EXPECT_THAT(text, HasSubstr("Version changed (1)\n  ~ axios (npm) 1.14.0 → 1.14.1  (patch)\n"));
    EXPECT_THAT(text, Not(HasSubstr("\x1b[")));
    const std::string coloured =
        render(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"), false, {.color = true});
    EXPECT_THAT(coloured, HasSubstr("\x1b[32m+\x1b[0m"));
}

TEST(Text, SaysSoWhenNothingChanged) {
    const std::string text = render(test::testdata("axios/after.cdx.json"), test::testdata("axios/after.spdx.json"), false);
    EXPECT_THAT(text, HasSubstr("No changes: 18 packages match."));
}

TEST(Text, NeutralisesControlCharactersFromTheSbom) {
    test::TempDir dir;
    const std::string head = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [)";
    const auto old_path = dir.write("old.json", head + "]}");
    const auto new_path = dir.write("new.json", head + R"({"type": "library", "name": "evil\u001b[2J\u009b31m", "version": "1\r\n"}]})");
    const std::string text = render(old_path, new_path, false, {.color = false});
    EXPECT_THAT(text, HasSubstr("evil?[2J?31m"));
    EXPECT_THAT(text, Not(HasSubstr("\x1b")));
    EXPECT_THAT(text, Not(HasSubstr("\xc2\x9b")));
}

}  // namespace
}  // namespace bomwatch::report
