// The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers: one run, a rule per
// rule id (all of them, in rule order, so viewers can describe any result), a result per finding
// located at the new SBOM file, with a fingerprint that stays the same across runs. Keys are
// written in a fixed order, so the same inputs give the same bytes.
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "policy/fingerprint.h"
#include "report/describe.h"
#include "report/report.h"

namespace bomwatch::report {

namespace {

using Json = nlohmann::ordered_json;
using policy::Rule;
using policy::Severity;

#ifdef BOMWATCH_VERSION
constexpr std::string_view kToolVersion = BOMWATCH_VERSION;
#else
constexpr std::string_view kToolVersion = "0.1.0";  // keep in step with project(VERSION) in CMakeLists.txt
#endif

constexpr std::string_view kSchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
// The partialFingerprints key. A change to what the fingerprint hashes needs a new key, so that
// viewers do not match old and new fingerprints that mean different things.
constexpr std::string_view kFingerprintKey = "bomwatch/v1";

// What to check when a rule fires, in Rule's order: the help text code scanning shows.
constexpr std::array<std::string_view, policy::kRuleCount> kRuleAdvice{{
    "Find out why the bytes of this version changed (a republished release, another mirror, a poisoned cache) and "
    "compare the artifact with the digest the registry publishes. Rebuild from a trusted source.",
    "Remove the package or pin the version before it, rotate the credentials the build could reach, and check the "
    "machines that installed it.",
    "Update to a version the advisory lists as fixed, or plan the fix and record it with an expiry date.",
    "Read the parent's release notes and check the new package before shipping: a patch or minor release that adds a "
    "dependency is how the 2026 axios compromise spread. Pin the parent to its previous version until it is verified.",
    "Check that this is the package meant (name, publisher, repository, downloads): a lookalike of a known name is a "
    "typosquat until shown otherwise.",
    "Check why the package now comes from another registry, repository or host: a fork, a git URL or another registry "
    "can serve other code under the same name.",
    "Check who publishes the package now and why it changed hands: handovers are when packages have been turned "
    "malicious (event-stream, 2018).",
    "Check why the version went down: a downgrade re-opens fixed vulnerabilities and can pin a poisoned release.",
    "Restore the stronger hashes in the lockfile or SBOM generator: without them a tampered artifact passes.",
    "Check that the new licence fits how the product is distributed, above all when it is copyleft.",
    "Review the breaking changes of the major release.",
    "Check that the new direct dependency was added on purpose and is the package meant.",
    "Check where the new package came from (its path from the root) and that it is wanted.",
    "Check that code that was optional is meant to ship now.",
    "Check that a pre-release is meant to ship; pin a release version otherwise.",
    "Routine: review it when the package is sensitive.",
    "Routine: nothing to do unless the removal was not planned.",
}};

std::string_view level_of(Severity severity) {
    switch (severity) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low:
    case Severity::Info: return "note";
    }
    return "note";
}

// GitHub ranks security alerts by this score (a CVSS-like 0.0-10.0, written as a string).
std::string_view security_severity_of(Severity severity) {
    switch (severity) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "8.0";
    case Severity::Medium: return "5.5";
    case Severity::Low: return "3.0";
    case Severity::Info: return "0.0";
    }
    return "0.0";
}

// How to mark a planned change as expected, for the rule's help.
std::string handling_markdown(Rule rule) {
    const std::string id(policy::rule_id(rule));
    std::string text = policy::is_compromise_rule(rule)
                           ? "This rule is evidence of compromise. Only for a false alarm or an accepted risk, add an `expected` "
                             "entry to `.bomwatch.yml` that names the rule in `rules` (an entry without `rules` never covers it)"
                           : "When the change is planned, add an `expected` entry to `.bomwatch.yml`";
    text += ": its findings stay in the report, marked expected (suppressed here), and no longer fail the build.";
    text += "\n\n```yaml\nexpected:\n  - purl: pkg:npm/example\n    version: 1.2.3\n";
    if (policy::is_compromise_rule(rule)) text += "    rules: [" + id + "]\n";
    text += "    reason: why this change is fine (ticket)\n    expires: 2027-01-31\n```\n\nSee docs/rules.md#" + id + ".";
    return text;
}

Json rule_json(Rule rule) {
    const std::string id(policy::rule_id(rule));
    const std::string summary(policy::rule_summary(rule));
    const std::string_view advice = kRuleAdvice[static_cast<std::size_t>(rule)];
    const Severity severity = policy::default_severity(rule);
    const std::string handling_text =
        policy::is_compromise_rule(rule)
            ? "Only for a false alarm or an accepted risk, add an expected entry (purl, version range, reason, expiry) to "
              ".bomwatch.yml that names this rule in its rules list."
            : "When the change is planned, add an expected entry (purl, version range, reason, expiry) to .bomwatch.yml.";
    Json out;
    out["id"] = id;
    out["name"] = id;
    out["shortDescription"] = {{"text", summary + "."}};
    out["fullDescription"] = {{"text", summary + ". " + std::string(advice)}};
    out["help"] = {{"text", summary + ". " + std::string(advice) + " " + handling_text},
                   {"markdown", "**" + id + "**: " + summary + ".\n\n" + std::string(advice) + "\n\n" + handling_markdown(rule)}};
    out["defaultConfiguration"] = {{"level", level_of(severity)}};
    out["properties"] = {{"tags", Json::array({"security", "supply-chain"})},
                         {"security-severity", security_severity_of(severity)},
                         {"severity", policy::severity_name(severity)}};
    return out;
}

std::string percent_escape(unsigned char byte) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%%%02X", byte);
    return buffer;
}

// Percent-encodes everything but RFC 3986's unreserved characters and the path separator (and
// what `keep` names), so a file name with spaces, `#` or `%` stays one valid URI path.
std::string percent_encode(std::string_view path, std::string_view keep = "") {
    std::string out;
    for (const char ch : path) {
        const auto byte = static_cast<unsigned char>(ch);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
                                byte == '-' || byte == '.' || byte == '_' || byte == '~' || byte == '/';
        out += unreserved || keep.find(ch) != std::string_view::npos ? std::string(1, ch) : percent_escape(byte);
    }
    return out;
}

// The new SBOM's path as a URI: relative paths stay relative (code scanning reads them from the
// repository root), absolute ones become file:// URIs (upload-sarif makes them relative to the
// checkout), stdin is "stdin".
std::string artifact_uri(std::string_view source) {
    if (source.empty() || source == "<stdin>" || source == "-") return "stdin";
    std::string path(source);
    for (char& ch : path)
        if (ch == '\\') ch = '/';
    if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' && path[2] == '/')
        return "file:///" + path.substr(0, 2) + percent_encode(path.substr(2));
    if (path.starts_with('/')) return "file://" + percent_encode(path);
    while (path.starts_with("./")) path.erase(0, 2);
    return percent_encode(path);
}

Json result_json(const diff::Changes& changes, const policy::Finding& f, const std::string& uri, const std::string& fingerprint) {
    Json out;
    out["ruleId"] = policy::rule_id(f.rule);
    out["ruleIndex"] = static_cast<std::size_t>(f.rule);
    out["level"] = level_of(f.severity);
    out["message"] = {{"text", f.message}};
    // The SBOM as a whole is the location: line 1 anchors the alert, as code scanning needs a line.
    Json physical = {{"artifactLocation", {{"uri", uri}, {"index", 0}}}, {"region", {{"startLine", 1}}}};
    Json logical = {{"name", f.name}, {"fullyQualifiedName", f.reference}, {"kind", "package"}};
    out["locations"] = Json::array({{{"physicalLocation", std::move(physical)}, {"logicalLocations", Json::array({std::move(logical)})}}});
    out["partialFingerprints"] = {{kFingerprintKey, fingerprint}};
    if (f.expected)
        out["suppressions"] = Json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", f.expected_reason}}});
    Json properties;
    properties["severity"] = policy::severity_name(f.severity);
    properties["security-severity"] = security_severity_of(f.severity);
    properties["reference"] = f.reference;
    if (f.change != sbom::kNone && f.change < changes.changes.size())
        properties["change"] = diff::change_kind_name(changes.changes[f.change].kind);
    Json evidence = Json::object();
    for (const policy::Evidence& e : f.evidence) evidence[e.key] = e.value;
    properties["evidence"] = std::move(evidence);
    if (!f.path.empty()) properties["path"] = f.path;
    out["properties"] = std::move(properties);
    return out;
}

}  // namespace

void write_sarif(std::ostream& out, const diff::Changes& changes, const Options& options) {
    static const policy::Findings kNoFindings;
    const policy::Findings& findings = options.findings ? *options.findings : kNoFindings;
    const std::string uri = artifact_uri(changes.new_doc->source);

    Json rules = Json::array();
    for (std::size_t i = 0; i < policy::kRuleCount; ++i) rules.push_back(rule_json(static_cast<Rule>(i)));
    Json driver;
    driver["name"] = "bomwatch";
    driver["version"] = kToolVersion;
    driver["semanticVersion"] = kToolVersion;
    driver["rules"] = std::move(rules);

    Json results = Json::array();
    // Findings that hash alike (none should) get an occurrence number, so each result keeps its
    // own alert; the findings' order is deterministic, so the numbers are too.
    std::map<std::string, int> seen;
    for (const policy::Finding& f : findings.items) {
        std::string fingerprint = policy::fingerprint(changes, f);
        if (const int n = seen[fingerprint]++; n > 0) {
            fingerprint += ':';  // piece by piece: GCC 12 warns wrongly (-Wrestrict) on "literal" + std::string
            fingerprint += std::to_string(n + 1);
        }
        results.push_back(result_json(changes, f, uri, fingerprint));
    }

    Json run;
    run["tool"] = {{"driver", std::move(driver)}};
    run["artifacts"] = Json::array({{{"location", {{"uri", uri}}}, {"roles", Json::array({"analysisTarget"})}}});
    run["results"] = std::move(results);
    run["columnKind"] = "unicodeCodePoints";
    run["properties"] = {{"oldSbom", changes.old_doc->source},
                         {"newSbom", changes.new_doc->source},
                         {"ignoredFindings", findings.ignored}};

    Json sarif;
    sarif["$schema"] = kSchemaUri;
    sarif["version"] = "2.1.0";
    sarif["runs"] = Json::array({std::move(run)});
    out << sarif.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace bomwatch::report
