#include "policy/finding.h"

namespace bomwatch::policy {

namespace {

struct RuleInfo {
    std::string_view id;
    Severity severity;
    std::string_view summary;
};

// In Rule's order.
constexpr std::array<RuleInfo, kRuleCount> kRules{{
    {"integrity-drift", Severity::Critical, "Same package and version, different digest: republished, tampered or mis-mirrored"},
    {"known-malicious", Severity::Critical, "A version the OSV database lists as malicious (MAL- advisories)"},
    {"known-vulnerable", Severity::High, "A version affected by an OSV advisory (severity from the advisory)"},
    {"new-dependency-in-update", Severity::High, "A new package pulled in by a non-major update of an existing one (the axios pattern)"},
    {"name-confusion", Severity::High, "A new package whose name imitates a known or popular one (typosquat, lookalike)"},
    {"source-changed", Severity::High, "A package now comes from another registry, repository or download host"},
    {"supplier-changed", Severity::Medium, "A package's supplier, publisher or author changed"},
    {"version-downgrade", Severity::Medium, "A package went down to an older version"},
    {"hash-weakened", Severity::Medium, "A package's hashes were dropped, or only a weaker algorithm is left"},
    {"license-changed", Severity::Low, "A package's licence changed (medium when copyleft is introduced)"},
    {"major-update", Severity::Low, "A package went up a major version"},
    {"new-direct-dependency", Severity::Low, "A new package the root depends on directly"},
    {"new-transitive-dependency", Severity::Low, "A new package pulled in by another"},
    {"scope-changed", Severity::Low, "A package's scope changed (optional to required, ...)"},
    {"prerelease-version", Severity::Low, "A package is now at a pre-release version"},
    {"version-update", Severity::Info, "A package went up a minor, patch or pre-release step"},
    {"removed", Severity::Info, "A package is gone"},
}};

constexpr std::array<std::string_view, kSeverityCount> kSeverityNames{"info", "low", "medium", "high", "critical"};

}  // namespace

std::string_view severity_name(Severity severity) { return kSeverityNames[static_cast<std::size_t>(severity)]; }

std::optional<Severity> parse_severity(std::string_view name) {
    for (std::size_t i = 0; i < kSeverityCount; ++i)
        if (kSeverityNames[i] == name) return static_cast<Severity>(i);
    return std::nullopt;
}

std::string_view rule_id(Rule rule) { return kRules[static_cast<std::size_t>(rule)].id; }

std::optional<Rule> parse_rule(std::string_view id) {
    for (std::size_t i = 0; i < kRuleCount; ++i)
        if (kRules[i].id == id) return static_cast<Rule>(i);
    return std::nullopt;
}

Severity default_severity(Rule rule) { return kRules[static_cast<std::size_t>(rule)].severity; }

std::string_view rule_summary(Rule rule) { return kRules[static_cast<std::size_t>(rule)].summary; }

bool is_compromise_rule(Rule rule) {
    return rule == Rule::IntegrityDrift || rule == Rule::KnownMalicious || rule == Rule::KnownVulnerable ||
           rule == Rule::NameConfusion;
}

std::optional<Severity> Findings::worst_unexpected() const {
    for (std::size_t i = kSeverityCount; i-- > 0;)
        if (unexpected_by_severity[i] > 0) return static_cast<Severity>(i);
    return std::nullopt;
}

}  // namespace bomwatch::policy
