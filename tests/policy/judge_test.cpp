// The rules on hand-built pairs (testdata/rules: one component per case, positive and negative)
// and on the axios pattern, and the policy applied to their findings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "diff/changes.h"
#include "policy/judge.h"
#include "policy/osv.h"
#include "policy/policy.h"
#include "sbom/read.h"
#include "tests/test_paths.h"

namespace bomwatch::policy {
namespace {

using Seen = std::tuple<std::string, std::string, std::string>;  // rule, name, severity

struct Pair {
    sbom::Document old_doc, new_doc;
    diff::Changes changes;
    Pair(const std::string& old_path, const std::string& new_path)
        : old_doc(sbom::read_sbom(old_path)), new_doc(sbom::read_sbom(new_path)), changes(diff::compare(old_doc, new_doc)) {}
};

std::set<Seen> seen(const Findings& findings) {
    std::set<Seen> out;
    for (const Finding& f : findings.items)
        out.emplace(std::string(rule_id(f.rule)), f.name, std::string(severity_name(f.severity)));
    return out;
}

const Finding* find(const Findings& findings, Rule rule, std::string_view name) {
    for (const Finding& f : findings.items)
        if (f.rule == rule && f.name == name) return &f;
    return nullptr;
}

std::string evidence(const Finding& f, std::string_view key) {
    for (const Evidence& e : f.evidence)
        if (e.key == key) return e.value;
    return "<none>";
}

Findings judge_rules_pair(const Policy* policy = nullptr, bool with_osv = true, std::vector<Rule> only = {}) {
    static const Pair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"));
    std::optional<OsvDatabase> osv;
    if (with_osv) osv = OsvDatabase::open(test::testdata("rules/osv"));
    return judge(pair.changes, {.policy = policy, .osv = osv ? &*osv : nullptr, .only = std::move(only), .today = "2026-11-26"});
}

TEST(Rules, EachCaseOfTheRulesPairGivesExactlyItsFindings) {
    const std::set<Seen> expected{
        {"integrity-drift", "left-pad", "critical"},
        {"known-malicious", "plain-crypto-js", "critical"},
        {"known-vulnerable", "semver", "medium"},  // the advisory's MODERATE
        {"new-dependency-in-update", "plain-crypto-js", "high"},  // axios 1.14.0 -> 1.14.1, a patch step
        {"new-dependency-in-update", "qs-parse-helper", "high"},  // express did not change version
        {"name-confusion", "plain-crypto-js", "high"},            // crypto-js with "plain-"
        {"name-confusion", "reqeusts", "high"},                   // requests, two letters swapped
        {"source-changed", "colors", "high"},
        {"supplier-changed", "com.example:util", "medium"},
        {"version-downgrade", "minimist", "medium"},
        {"hash-weakened", "ms", "medium"},
        {"license-changed", "mylib", "medium"},     // MIT -> GPL-3.0-only: copyleft introduced
        {"license-changed", "otherlib", "low"},     // MIT -> Apache-2.0
        {"license-changed", "duallib", "low"},      // MIT -> "GPL-2.0-only OR MIT": MIT may still be chosen
        {"major-update", "chalk", "low"},
        {"major-update", "webpack", "low"},
        {"new-direct-dependency", "zod", "low"},
        {"new-direct-dependency", "react-dom", "low"},  // popular itself: no name-confusion
        {"new-direct-dependency", "reqeusts", "low"},
        {"new-direct-dependency", "lodash.merge", "low"},  // a family member of lodash, not a lookalike
        {"new-direct-dependency", "@types/node", "low"},   // nor is @types/node one of node
        {"new-transitive-dependency", "watchpack", "low"},  // webpack's update is major: not the axios pattern
        {"scope-changed", "fsevents", "low"},
        {"prerelease-version", "typescript", "low"},
        {"version-update", "typescript", "info"},
        {"version-update", "axios", "info"},
        {"version-update", "semver", "info"},
        {"removed", "uuid", "info"},
    };
    const Findings findings = judge_rules_pair();
    EXPECT_EQ(seen(findings), expected);
    EXPECT_EQ(findings.items.size(), expected.size()) << "a finding appears twice";
    // Not there: is-number's advisory is for a version both builds have (a scanner's news, not
    // drift), nor its supplier's change of case; semver's download URL changes with its version
    // on the same registry host; nothing about the unchanged or edge-only components.
    EXPECT_EQ(find(findings, Rule::KnownVulnerable, "is-number"), nullptr);
}

TEST(Rules, FindingsComeMostSevereFirstAndAreCounted) {
    const Findings findings = judge_rules_pair();
    EXPECT_TRUE(std::is_sorted(findings.items.begin(), findings.items.end(),
                               [](const Finding& a, const Finding& b) { return a.severity > b.severity; }));
    EXPECT_EQ(findings.unexpected_by_severity[static_cast<int>(Severity::Critical)], 2u);
    EXPECT_EQ(findings.unexpected_by_severity[static_cast<int>(Severity::High)], 5u);
    EXPECT_EQ(findings.worst_unexpected(), Severity::Critical);
}

TEST(Rules, FindingsCarryTheirEvidence) {
    const Findings findings = judge_rules_pair();
    const Finding* drift = find(findings, Rule::IntegrityDrift, "left-pad");
    ASSERT_NE(drift, nullptr);
    EXPECT_EQ(evidence(*drift, "algorithm"), "SHA-512");
    EXPECT_EQ(evidence(*drift, "oldDigest"), std::string(128, 'a'));
    EXPECT_EQ(evidence(*drift, "newDigest"), std::string(128, 'e'));
    EXPECT_EQ(drift->reference, "pkg:npm/left-pad@1.3.0");

    const Finding* axios = find(findings, Rule::NewDependencyInUpdate, "plain-crypto-js");
    ASSERT_NE(axios, nullptr);
    EXPECT_EQ(axios->path, (std::vector<std::string>{"rules-demo 1.0.1", "axios 1.14.1", "plain-crypto-js 4.2.1"}));
    EXPECT_EQ(evidence(*axios, "parentOldVersion"), "1.14.0");
    EXPECT_EQ(evidence(*axios, "parentStep"), "patch");
    EXPECT_THAT(axios->message, testing::HasSubstr("1.14.0 → 1.14.1 is only a patch step"));

    const Finding* confusion = find(findings, Rule::NameConfusion, "plain-crypto-js");
    ASSERT_NE(confusion, nullptr);
    EXPECT_EQ(evidence(*confusion, "imitates"), "crypto-js");

    const Finding* malicious = find(findings, Rule::KnownMalicious, "plain-crypto-js");
    ASSERT_NE(malicious, nullptr);
    EXPECT_EQ(evidence(*malicious, "advisory"), "MAL-TEST-0001");
    EXPECT_NE(malicious->change, sbom::kNone);

    const Finding* vulnerable = find(findings, Rule::KnownVulnerable, "semver");
    ASSERT_NE(vulnerable, nullptr);
    EXPECT_EQ(evidence(*vulnerable, "aliases"), "CVE-TEST-0002");
}

TEST(Rules, AMaliciousVersionIsReportedEvenWhenBothBuildsHaveIt) {
    // flatmap-stream 0.1.1 is in both builds; the real record lists every version as malicious.
    const Pair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"));
    OsvDatabase osv = OsvDatabase::open(test::shared("osv-sample"));
    const Findings findings = judge(pair.changes, {.osv = &osv, .today = "2026-11-26"});
    const Finding* f = find(findings, Rule::KnownMalicious, "flatmap-stream");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->change, sbom::kNone);  // no change is about it
    EXPECT_EQ(f->severity, Severity::Critical);
    EXPECT_EQ(evidence(*f, "advisory"), "MAL-2025-20690");
}

TEST(Rules, WithoutAnOsvDatabaseTheAdvisoryRulesAreSilent) {
    const Findings findings = judge_rules_pair(nullptr, false);
    for (const Finding& f : findings.items) {
        EXPECT_NE(f.rule, Rule::KnownMalicious);
        EXPECT_NE(f.rule, Rule::KnownVulnerable);
    }
}

TEST(Rules, TheAxiosPatternInEveryFormat) {
    for (const char* format : {"cdx.json", "spdx.json", "cdx.xml", "spdx", "spdx3.json"}) {
        const Pair pair(test::testdata(std::string("axios/before.") + format), test::testdata(std::string("axios/after.") + format));
        const Findings findings = judge(pair.changes, {.today = "2026-11-26"});
        const std::set<Seen> high_or_worse = [&] {
            std::set<Seen> out;
            for (const Seen& s : seen(findings))
                if (std::get<2>(s) == "high" || std::get<2>(s) == "critical") out.insert(s);
            return out;
        }();
        EXPECT_EQ(high_or_worse, (std::set<Seen>{{"new-dependency-in-update", "plain-crypto-js", "high"},
                                                 {"name-confusion", "plain-crypto-js", "high"}}))
            << format;
    }
}

TEST(Rules, ADocumentComparedWithItselfHasNoFindings) {
    const Pair pair(test::testdata("rules/new.cdx.json"), test::testdata("rules/new.cdx.json"));
    EXPECT_TRUE(judge(pair.changes, {.today = "2026-11-26"}).items.empty());
}

TEST(Rules, OnlyKeepsTheNamedRules) {
    const Findings findings = judge_rules_pair(nullptr, true, {Rule::IntegrityDrift, Rule::Removed});
    EXPECT_EQ(seen(findings), (std::set<Seen>{{"integrity-drift", "left-pad", "critical"}, {"removed", "uuid", "info"}}));
    EXPECT_EQ(findings.ignored, 26u);
}

// ---------------------------------------------------------------------------------------------
// The policy applied.

TEST(Policy, SeverityOverridesReplaceTheDefault) {
    const Policy policy = parse_policy("severity:\n  major-update: high\n  integrity-drift: low\n", "p.yml");
    const Findings findings = judge_rules_pair(&policy);
    EXPECT_EQ(find(findings, Rule::MajorUpdate, "chalk")->severity, Severity::High);
    EXPECT_EQ(find(findings, Rule::IntegrityDrift, "left-pad")->severity, Severity::Low);
}

TEST(Policy, IgnoreEntriesDropByRuleByPurlOrBoth) {
    const Policy policy = parse_policy(
        "ignore:\n"
        "  - rule: version-update\n"
        "  - purl: pkg:npm/web*\n"
        "  - rule: license-changed\n"
        "    purl: pkg:npm/otherlib\n",
        "p.yml");
    const Findings findings = judge_rules_pair(&policy);
    EXPECT_EQ(find(findings, Rule::VersionUpdate, "axios"), nullptr);
    EXPECT_EQ(find(findings, Rule::MajorUpdate, "webpack"), nullptr);
    EXPECT_EQ(find(findings, Rule::LicenseChanged, "otherlib"), nullptr);
    EXPECT_NE(find(findings, Rule::LicenseChanged, "mylib"), nullptr);  // rule alone does not drop it
    EXPECT_EQ(findings.ignored, 3u + 1u + 1u);
}

TEST(Policy, AnIgnoreEntryDropsACompromiseFindingOnlyWhenItNamesTheRule) {
    Policy policy = parse_policy("ignore:\n  - purl: pkg:npm/left-pad\n  - purl: pkg:npm/plain-crypto-js\n", "p.yml");
    Findings findings = judge_rules_pair(&policy);
    EXPECT_NE(find(findings, Rule::IntegrityDrift, "left-pad"), nullptr);
    EXPECT_NE(find(findings, Rule::KnownMalicious, "plain-crypto-js"), nullptr);
    EXPECT_NE(find(findings, Rule::NameConfusion, "plain-crypto-js"), nullptr);
    EXPECT_EQ(find(findings, Rule::NewDependencyInUpdate, "plain-crypto-js"), nullptr);  // not a compromise rule
    policy = parse_policy("ignore:\n  - rule: integrity-drift\n    purl: pkg:npm/left-pad\n", "p.yml");
    EXPECT_EQ(find(judge_rules_pair(&policy), Rule::IntegrityDrift, "left-pad"), nullptr);
}

TEST(Policy, AnExpectedEntryCoversItsRangeAndNotTheCompromiseRules) {
    const Policy policy = parse_policy(
        "expected:\n"
        "  - purl: pkg:npm/chalk\n"
        "    version: ^5.0.0\n"
        "    reason: chalk 5 migration\n"
        "  - purl: pkg:npm/webpack\n"
        "    version: ^6.0.0\n"  // the new 5.90.0 is not in it
        "    reason: a later plan\n"
        "  - purl: pkg:npm/axios\n"
        "    reason: axios is updated by a bot\n"
        "  - purl: pkg:npm/left-pad\n"
        "    reason: approved upgrades must not hide a tampered artifact\n",
        "p.yml");
    const Findings findings = judge_rules_pair(&policy);
    const Finding* chalk = find(findings, Rule::MajorUpdate, "chalk");
    EXPECT_TRUE(chalk->expected);
    EXPECT_EQ(chalk->expected_reason, "chalk 5 migration");
    EXPECT_FALSE(find(findings, Rule::MajorUpdate, "webpack")->expected);
    EXPECT_TRUE(find(findings, Rule::VersionUpdate, "axios")->expected);
    EXPECT_FALSE(find(findings, Rule::IntegrityDrift, "left-pad")->expected);
    EXPECT_EQ(findings.expected_by_severity[static_cast<int>(Severity::Low)], 1u);
}

TEST(Policy, AnEntryNamingACompromiseRuleCoversIt) {
    const Policy policy = parse_policy(
        "expected:\n"
        "  - purl: pkg:npm/left-pad\n"
        "    version: '1.3.0'\n"
        "    rules: [integrity-drift]\n"
        "    reason: the registry re-signed 1.3.0 (INC-42)\n",
        "p.yml");
    const Findings findings = judge_rules_pair(&policy);
    EXPECT_TRUE(find(findings, Rule::IntegrityDrift, "left-pad")->expected);
    EXPECT_EQ(findings.worst_unexpected(), Severity::Critical);  // plain-crypto-js is still malicious
}

TEST(Policy, AnExpiredEntryStopsCoveringAndTheFindingSaysSo) {
    const Policy policy = parse_policy(
        "expected:\n"
        "  - purl: pkg:npm/chalk\n"
        "    reason: chalk 5 migration\n"
        "    expires: 2026-11-25\n"
        "  - purl: pkg:npm/webpack\n"
        "    reason: webpack 5 migration\n"
        "    expires: 2026-11-26\n",  // the last day it covers
        "p.yml");
    const Findings findings = judge_rules_pair(&policy);
    const Finding* chalk = find(findings, Rule::MajorUpdate, "chalk");
    EXPECT_FALSE(chalk->expected);
    EXPECT_THAT(chalk->message, testing::HasSubstr("An expected entry (p.yml:2) covered this until 2026-11-25."));
    EXPECT_EQ(evidence(*chalk, "expiredEntry"), "p.yml:2");
    EXPECT_TRUE(find(findings, Rule::MajorUpdate, "webpack")->expected);
}

TEST(Policy, ScopedNpmPatternsMatchTheEncodedPurl) {
    const Pair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    EXPECT_TRUE(PurlPattern("pkg:npm/@babel/*").matches("pkg:npm/%40babel/runtime"));
    EXPECT_TRUE(PurlPattern("pkg:npm/%40babel/runtime").matches("pkg:npm/%40babel/runtime"));
    EXPECT_FALSE(PurlPattern("pkg:npm/@babel/*").matches("pkg:npm/babel-core"));
    EXPECT_TRUE(PurlPattern("pkg:*/left-pad").matches("pkg:npm/left-pad"));
    EXPECT_FALSE(PurlPattern("pkg:npm/left-pad").matches("pkg:npm/left-pad-extra"));
    EXPECT_EQ(purl_without_version("pkg:npm/%40babel/runtime@7.24.0?arch=x#sub"), "pkg:npm/%40babel/runtime");
    EXPECT_EQ(purl_without_version("pkg:maven/org.a/b@1.0"), "pkg:maven/org.a/b");
    EXPECT_EQ(purl_without_version("pkg:golang/github.com/a/b"), "pkg:golang/github.com/a/b");
}

}  // namespace
}  // namespace bomwatch::policy
