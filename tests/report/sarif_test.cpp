// The SARIF report: valid against the SARIF 2.1.0 schema on real pairs, a rule per rule id, levels
// from severities, suppressions for expected findings, and fingerprints that stay the same for the
// same finding and differ between findings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "policy/judge.h"
#include "policy/policy.h"
#include "report/report.h"
#include "tests/report/judged_pair.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::report {
namespace {

using nlohmann::json;
using test::JudgedPair;

json render_sarif(const JudgedPair& pair) { return json::parse(pair.render(write_sarif)); }

// Validates with Debian's python3-jsonschema (/usr/bin/python3: .ci/setup installs it there, and a
// python3 earlier on PATH may lack it); returns its exit status (0: valid).
int validate_against_schema(const std::string& sarif_text) {
    const test::TempDir dir;
    const std::string file = dir.write("report.sarif", sarif_text);
    const std::string command =
        "/usr/bin/python3 -c 'import json,sys,jsonschema\n"
        "try: jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))\n"
        "except jsonschema.ValidationError as e: sys.exit(\"invalid SARIF at %s: %s\" % (list(e.absolute_path), e.message[:500]))' '" +
        file + "' '" + test::shared("schemas/sarif-schema-2.1.0.json") + "'";
    return std::system(command.c_str());
}

// ruleId + fullyQualifiedName -> fingerprint, for comparing runs.
std::map<std::string, std::string> fingerprints_of(const json& sarif) {
    std::map<std::string, std::string> out;
    for (const json& result : sarif["runs"][0]["results"]) {
        const std::string key = result["ruleId"].get<std::string>() + " " +
                                result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].get<std::string>();
        out[key] = result["partialFingerprints"]["bomwatch/v1"];
    }
    return out;
}

// A CycloneDX document with a root and the given npm packages ("name@version"), all direct.
std::string cyclonedx(const std::vector<std::pair<std::string, std::string>>& packages) {
    json components = json::array();
    json root_deps = json::array();
    for (const auto& [name, version] : packages) {
        const std::string purl = "pkg:npm/" + name + "@" + version;
        components.push_back({{"type", "library"}, {"bom-ref", purl}, {"name", name}, {"version", version}, {"purl", purl}});
        root_deps.push_back(purl);
    }
    return json({{"bomFormat", "CycloneDX"},
                 {"specVersion", "1.6"},
                 {"version", 1},
                 {"metadata", {{"component", {{"type", "application"}, {"bom-ref", "root"}, {"name", "app"}, {"version", "1.0.0"}}}}},
                 {"components", components},
                 {"dependencies", json::array({{{"ref", "root"}, {"dependsOn", root_deps}}})}})
        .dump();
}

TEST(Sarif, RealPairsAreValidAgainstTheSchema) {
    const JudgedPair axios(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    const JudgedPair rules(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    const JudgedPair corpus(test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"), test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json"));
    for (const JudgedPair* pair : {&axios, &rules, &corpus}) {
        const std::string text = pair->render(write_sarif);
        EXPECT_EQ(validate_against_schema(text), 0) << text.substr(0, 2000);
        // One result per finding, none skipped.
        EXPECT_EQ(json::parse(text)["runs"][0]["results"].size(), pair->findings.items.size());
    }
    EXPECT_FALSE(rules.findings.items.empty());
    EXPECT_FALSE(corpus.findings.items.empty());
}

TEST(Sarif, TheValidatorRejectsABrokenLog) {
    // The check above must be able to fail: a result without its message breaks the schema.
    json sarif = render_sarif(JudgedPair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json")));
    sarif["runs"][0]["results"][0].erase("message");
    EXPECT_NE(validate_against_schema(sarif.dump()), 0);
}

TEST(Sarif, DescribesEveryRuleInRuleOrder) {
    const json sarif = render_sarif(JudgedPair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json")));
    EXPECT_EQ(sarif["version"], "2.1.0");
    ASSERT_EQ(sarif["runs"].size(), 1u);
    const json& driver = sarif["runs"][0]["tool"]["driver"];
    EXPECT_EQ(driver["name"], "bomwatch");
    EXPECT_FALSE(driver["version"].get<std::string>().empty());
    const json& rules = driver["rules"];
    ASSERT_EQ(rules.size(), policy::kRuleCount);
    ASSERT_EQ(rules.size(), 17u);
    const std::map<std::string, std::pair<std::string, std::string>> by_severity = {
        {"critical", {"error", "9.5"}}, {"high", {"error", "8.0"}}, {"medium", {"warning", "5.5"}}, {"low", {"note", "3.0"}}, {"info", {"note", "0.0"}}};
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto rule = static_cast<policy::Rule>(i);
        const json& r = rules[i];
        EXPECT_EQ(r["id"], std::string(policy::rule_id(rule)));
        EXPECT_THAT(r["shortDescription"]["text"].get<std::string>(), testing::StartsWith(std::string(policy::rule_summary(rule))));
        EXPECT_THAT(r["help"]["markdown"].get<std::string>(), testing::HasSubstr(".bomwatch.yml"));
        EXPECT_THAT(r["help"]["text"].get<std::string>(), testing::HasSubstr("expected entry"));
        const auto& [level, score] = by_severity.at(std::string(policy::severity_name(policy::default_severity(rule))));
        EXPECT_EQ(r["defaultConfiguration"]["level"], level) << r["id"];
        EXPECT_EQ(r["properties"]["security-severity"], score) << r["id"];
        EXPECT_EQ(r["properties"]["tags"], json::array({"security", "supply-chain"}));
    }
    EXPECT_EQ(rules[0]["id"], "integrity-drift");
    EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "error");
    EXPECT_EQ(rules[6]["id"], "supplier-changed");
    EXPECT_EQ(rules[6]["defaultConfiguration"]["level"], "warning");
    EXPECT_EQ(rules[16]["id"], "removed");
    EXPECT_EQ(rules[16]["defaultConfiguration"]["level"], "note");
    // Compromise rules say that an expected entry must name them.
    EXPECT_THAT(rules[1]["help"]["markdown"].get<std::string>(), testing::HasSubstr("rules: [known-malicious]"));
    EXPECT_THAT(rules[15]["help"]["markdown"].get<std::string>(), testing::Not(testing::HasSubstr("rules: [")));
}

TEST(Sarif, AResultPerFindingAtTheNewSbom) {
    const JudgedPair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    const json sarif = render_sarif(pair);
    const json& run = sarif["runs"][0];
    const std::string uri = "file://" + test::testdata("rules/new.cdx.json");
    EXPECT_EQ(run["artifacts"], json::array({{{"location", {{"uri", uri}}}, {"roles", json::array({"analysisTarget"})}}}));
    const json& results = run["results"];
    ASSERT_EQ(results.size(), pair.findings.items.size());
    const std::map<policy::Severity, std::string> level = {{policy::Severity::Critical, "error"}, {policy::Severity::High, "error"},
                                                           {policy::Severity::Medium, "warning"}, {policy::Severity::Low, "note"},
                                                           {policy::Severity::Info, "note"}};
    bool saw_malicious = false;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const policy::Finding& f = pair.findings.items[i];
        const json& r = results[i];
        EXPECT_EQ(r["ruleId"], std::string(policy::rule_id(f.rule)));
        EXPECT_EQ(r["ruleIndex"], static_cast<int>(f.rule));
        EXPECT_EQ(r["level"], level.at(f.severity));  // the finding's severity, not the rule's default
        EXPECT_EQ(r["message"]["text"], f.message);
        EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], uri);
        EXPECT_EQ(r["locations"][0]["logicalLocations"][0], json({{"name", f.name}, {"fullyQualifiedName", f.reference}, {"kind", "package"}}));
        EXPECT_EQ(r["properties"]["severity"], std::string(policy::severity_name(f.severity)));
        for (const policy::Evidence& e : f.evidence) EXPECT_EQ(r["properties"]["evidence"][e.key], e.value);
        EXPECT_FALSE(r.contains("suppressions"));
        if (f.rule == policy::Rule::KnownMalicious) {
            saw_malicious = true;
            EXPECT_EQ(r["level"], "error");
            EXPECT_EQ(r["properties"]["security-severity"], "9.5");
        }
    }
    EXPECT_TRUE(saw_malicious);
}

TEST(Sarif, ArtifactUrisAreEncoded) {
    JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    auto uri_of = [&](const std::string& source) {
        pair.new_doc.source = source;
        const json sarif = render_sarif(pair);
        EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                  sarif["runs"][0]["artifacts"][0]["location"]["uri"]);
        return sarif["runs"][0]["artifacts"][0]["location"]["uri"].get<std::string>();
    };
    EXPECT_EQ(uri_of("sboms/new build #2.cdx.json"), "sboms/new%20build%20%232.cdx.json");
    EXPECT_EQ(uri_of("./out/bom.json"), "out/bom.json");
    EXPECT_EQ(uri_of("out\\bom 100%.json"), "out/bom%20100%25.json");
    EXPECT_EQ(uri_of("a:b/bom.json"), "a%3Ab/bom.json");  // not a scheme
    EXPECT_EQ(uri_of("/tmp/ü.json"), "file:///tmp/%C3%BC.json");
    EXPECT_EQ(uri_of("<stdin>"), "stdin");
}

TEST(Sarif, ExpectedFindingsAreSuppressedWithTheReason) {
    const sbom::Document old_doc = sbom::read_sbom(test::testdata("axios/before.cdx.json"));
    const sbom::Document new_doc = sbom::read_sbom(test::testdata("axios/after.cdx.json"));
    const diff::Changes changes = diff::compare(old_doc, new_doc);
    const policy::Policy policy = policy::parse_policy(
        "expected:\n"
        "  - purl: pkg:npm/plain-crypto-js\n"
        "    reason: vetted by security (SEC-7)\n",
        "test.yml");
    const policy::Findings findings = policy::judge(changes, {.policy = &policy, .today = "2026-11-26"});
    std::ostringstream out;
    write_sarif(out, changes, {.findings = &findings});
    EXPECT_EQ(validate_against_schema(out.str()), 0);
    const json results = json::parse(out.str())["runs"][0]["results"];
    ASSERT_EQ(results.size(), findings.items.size());
    std::size_t suppressed = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const policy::Finding& f = findings.items[i];
        const json& r = results[i];
        if (f.rule == policy::Rule::NewDependencyInUpdate) {
            EXPECT_TRUE(f.expected);
        }
        if (f.rule == policy::Rule::NameConfusion) {
            EXPECT_FALSE(f.expected);  // a compromise rule is covered only when named
        }
        if (f.expected) {
            ++suppressed;
            EXPECT_EQ(r["suppressions"], json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", "vetted by security (SEC-7)"}}}));
        } else {
            EXPECT_FALSE(r.contains("suppressions")) << r["ruleId"];
        }
    }
    EXPECT_EQ(suppressed, 1u);
}

TEST(Sarif, OutputIsDeterministicAndFingerprintsAreStable) {
    const std::string first = JudgedPair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json")).render(write_sarif);
    const std::string second = JudgedPair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json")).render(write_sarif);
    EXPECT_EQ(first, second);
    const auto fingerprints = fingerprints_of(json::parse(first));
    EXPECT_EQ(fingerprints.size(), 3u);
    for (const auto& [key, fingerprint] : fingerprints) EXPECT_THAT(fingerprint, testing::MatchesRegex("[0-9a-f]{16}")) << key;

    // The same build as SPDX, and from the CycloneDX before to the SPDX after: the same findings,
    // the same fingerprints, though file, format and the rendered JSON differ.
    const std::string spdx = JudgedPair(test::testdata("axios/before.spdx.json"), test::testdata("axios/after.spdx.json")).render(write_sarif);
    const std::string mixed = JudgedPair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.spdx.json")).render(write_sarif);
    EXPECT_NE(spdx, first);
    EXPECT_EQ(fingerprints_of(json::parse(spdx)), fingerprints);
    EXPECT_EQ(fingerprints_of(json::parse(mixed)), fingerprints);
}

TEST(Sarif, FingerprintsDifferBetweenFindings) {
    const JudgedPair axios(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    const JudgedPair rules(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    const JudgedPair corpus(test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"), test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json"));
    std::size_t results = 0;
    // Within a run (pairs may share a finding: that one rightly keeps its fingerprint).
    for (const JudgedPair* pair : {&axios, &rules, &corpus}) {
        const json sarif = render_sarif(*pair);  // kept: a loop over a temporary's member would dangle
        std::set<std::string> fingerprints;
        for (const json& r : sarif["runs"][0]["results"]) {
            const std::string fingerprint = r["partialFingerprints"]["bomwatch/v1"];
            EXPECT_THAT(fingerprint, testing::MatchesRegex("[0-9a-f]{16}")) << "a collision needed an occurrence number";
            EXPECT_TRUE(fingerprints.insert(fingerprint).second) << r["ruleId"] << " " << r["message"]["text"];
            ++results;
        }
    }
    EXPECT_GT(results, 100u);
}

TEST(Sarif, AnotherVersionIsAnotherFindingButAMovedFileIsNot) {
    const test::TempDir dir;
    const std::string before = dir.write("before.json", cyclonedx({{"left-pad", "1.3.0"}}));
    const std::string evil_100 = dir.write("after.json", cyclonedx({{"left-pad", "1.3.0"}, {"evil-pkg", "1.0.0"}}));
    std::filesystem::create_directories(dir.path() / "moved");
    const std::string evil_100_moved = dir.write("moved/after.json", cyclonedx({{"left-pad", "1.3.0"}, {"evil-pkg", "1.0.0"}}));
    const std::string evil_101 = dir.write("after-101.json", cyclonedx({{"left-pad", "1.3.0"}, {"evil-pkg", "1.0.1"}}));

    const auto first = fingerprints_of(render_sarif(JudgedPair(before, evil_100)));
    const auto moved = fingerprints_of(render_sarif(JudgedPair(before, evil_100_moved)));
    const auto bumped = fingerprints_of(render_sarif(JudgedPair(before, evil_101)));
    ASSERT_EQ(first.count("new-direct-dependency pkg:npm/evil-pkg@1.0.0"), 1u);
    ASSERT_EQ(bumped.count("new-direct-dependency pkg:npm/evil-pkg@1.0.1"), 1u);
    EXPECT_EQ(moved, first);
    EXPECT_NE(bumped.at("new-direct-dependency pkg:npm/evil-pkg@1.0.1"), first.at("new-direct-dependency pkg:npm/evil-pkg@1.0.0"));
}

TEST(Sarif, NoFindingsIsAnEmptyValidRun) {
    const JudgedPair same(test::testdata("axios/before.cdx.json"), test::testdata("axios/before.spdx.json"));
    std::ostringstream out;
    write_sarif(out, same.changes, {});
    const json sarif = json::parse(out.str());
    EXPECT_EQ(sarif["runs"][0]["results"], json::array());
    EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), 17u);
    EXPECT_EQ(validate_against_schema(out.str()), 0);
}

}  // namespace
}  // namespace bomwatch::report
