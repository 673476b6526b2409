// What the policy makes of a diff: findings, each a rule's judgement of one change (or of one
// component, for the advisory rules), with a severity and whether the policy expected it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diff/changes.h"

namespace bomwatch::policy {

enum class Severity : std::uint8_t { Info, Low, Medium, High, Critical };
inline constexpr std::size_t kSeverityCount = 5;

std::string_view severity_name(Severity severity);  // "info" ... "critical"
std::optional<Severity> parse_severity(std::string_view name);

// The rules, most severe by default first. Their ids are stable: documented in docs/rules.md,
// used in policy files, reports and alert fingerprints.
enum class Rule : std::uint8_t {
    IntegrityDrift,
    KnownMalicious,
    KnownVulnerable,
    NewDependencyInUpdate,
    NameConfusion,
    SourceChanged,
    SupplierChanged,
    VersionDowngrade,
    HashWeakened,
    LicenseChanged,
    MajorUpdate,
    NewDirectDependency,
    NewTransitiveDependency,
    ScopeChanged,
    PrereleaseVersion,
    VersionUpdate,
    Removed,
};
inline constexpr std::size_t kRuleCount = 17;

std::string_view rule_id(Rule rule);  // "integrity-drift", ...
std::optional<Rule> parse_rule(std::string_view id);
// The rule's severity before any policy override (license-changed: the low one; the rule raises
// it to medium when copyleft is introduced).
Severity default_severity(Rule rule);
// One line for --help, reports and docs: what the rule catches.
std::string_view rule_summary(Rule rule);
// Rules about evidence of compromise rather than change: an `expected` entry covers them only when
// it names them (an approved upgrade must not hide a tampered or malicious artifact).
bool is_compromise_rule(Rule rule);

// One fact behind a finding, for people and programs: "oldVersion" = "1.14.0", ...
struct Evidence {
    std::string key;
    std::string value;
};

struct Finding {
    Rule rule = Rule::VersionUpdate;
    Severity severity = Severity::Info;
    std::uint32_t change = sbom::kNone;     // index into Changes::changes; kNone for an unchanged component
    bool in_new = true;                     // `component` is in the new document (else the old: removed)
    std::uint32_t component = sbom::kNone;  // the component shown
    std::string name;                       // "@scope/name", "group:artifact", ...
    std::string reference;                  // purl with version, or name@version
    std::string message;                    // one sentence for people
    std::vector<Evidence> evidence;
    std::vector<std::string> path;          // name@version from the root down to the component (added ones)
    bool expected = false;                  // an `expected` entry covers it
    std::string expected_reason;            // that entry's reason
};

struct Findings {
    std::vector<Finding> items;  // by severity (highest first), then rule, then name and reference
    std::size_t ignored = 0;     // dropped by `ignore` entries or --only
    std::array<std::size_t, kSeverityCount> unexpected_by_severity{};
    std::array<std::size_t, kSeverityCount> expected_by_severity{};

    // The highest severity among unexpected findings, or nullopt when there are none.
    std::optional<Severity> worst_unexpected() const;
};

}  // namespace bomwatch::policy
