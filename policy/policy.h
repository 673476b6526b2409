// The policy file (.bomwatch.yml): severity overrides, ignored findings, expected changes and the
// fail-on threshold. Without one, every rule keeps its default severity and nothing is expected.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "policy/finding.h"
#include "policy/version_range.h"

namespace bomwatch::policy {

// A purl without version: "pkg:npm/axios", with `*` for any run of characters and `?` for one
// ("pkg:npm/@babel/*", "pkg:maven/org.apache.*/*", "pkg:*/left-pad"). Compared with a component's
// purl stripped of version, qualifiers and subpath; case-sensitive, as purls are canonical.
class PurlPattern {
public:
    PurlPattern() = default;
    explicit PurlPattern(std::string text);
    bool matches(std::string_view purl_without_version) const;
    const std::string& text() const { return text_; }
    // The purl type it names ("npm"), or "" when the type is a wildcard.
    std::string purl_type() const;

private:
    std::string text_;
};

// "pkg:npm/%40babel/core@7.0.0?x=y#sub" -> "pkg:npm/%40babel/core"; "" for "".
std::string_view purl_without_version(std::string_view purl);

struct IgnoreEntry {
    std::optional<Rule> rule;         // all rules when absent
    std::optional<PurlPattern> purl;  // all components when absent
    std::string reason;
    int line = 0;                     // in the policy file, for messages
};

struct ExpectedEntry {
    PurlPattern purl;
    std::optional<VersionRange> version;  // any version when absent
    std::vector<Rule> rules;              // which rules it covers; empty: every rule but the compromise rules
    std::string reason;
    std::string expires;                  // "YYYY-MM-DD" (inclusive), "" for never
    int line = 0;
};

// An alert sink (`alerts:` in the policy file). Secrets are never in the file: `target`, `secret`,
// `routing_key`, `username` and `password` are references, "env:NAME" or "file:PATH", read when
// an alert is sent. Only an email server and PagerDuty's events URL, which are not secrets, may be
// written out.
struct AlertSinkEntry {
    std::string name;    // unique; the kind when not given
    std::string kind;    // slack, teams, discord, mattermost, googlechat, webhook, pagerduty, email
    std::string target;  // webhook URL reference; email: smtp(s)://host:port; pagerduty: its events URL ("" : the default)
    Severity min_severity = Severity::High;
    std::vector<std::string> projects;  // globs (* and ?); every project when empty
    std::string secret, signing;        // webhook: HMAC key reference; "github" or "standard-webhooks"
    std::string routing_key;            // pagerduty: reference
    std::string from;                   // email
    std::vector<std::string> to;
    std::string username, password;     // email: references, "" : no SMTP AUTH
    bool plaintext = false;             // email: `tls: none` allows a server without STARTTLS
    int line = 0;

    bool covers(std::string_view project) const;
};

// The alert sink kinds the policy file and --notify accept.
inline constexpr std::array<std::string_view, 8> kAlertSinkKinds = {"slack",      "teams",   "discord",   "mattermost",
                                                                     "googlechat", "webhook", "pagerduty", "email"};

// Whether `text` is a secret reference (env:NAME or file:PATH).
bool is_secret_reference(std::string_view text);

struct Policy {
    std::string source;  // the file it came from, "" for the defaults
    std::array<std::optional<Severity>, kRuleCount> severity{};
    std::vector<IgnoreEntry> ignore;
    std::vector<ExpectedEntry> expected;
    std::optional<Severity> fail_on;  // nullopt: not set in the file
    bool fail_on_none = false;        // `fail-on: none` said explicitly
    std::vector<AlertSinkEntry> alerts;
};

// A policy file that cannot be used. what() is one line: "FILE:LINE:COL: key.path: problem".
class PolicyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads and checks a policy file. Unknown keys, wrong types and bad values are errors naming the
// line; so is a file that is not YAML.
Policy load_policy(const std::string& path);
// The same from text (tests; `source` names it in errors).
Policy parse_policy(const std::string& text, const std::string& source);

// The policy file of the working directory (".bomwatch.yml", else ".bomwatch.yaml"), or "".
std::string find_policy_file();

// A commented starter file for `bomwatch init`.
std::string starter_policy();

// An entry `bomwatch accept` adds: one component at one version, for the rules it lists.
struct NewExpectedEntry {
    std::string purl;     // without version
    std::string version;  // a vers range
    std::vector<Rule> rules;
    std::string reason;
    std::string expires;  // YYYY-MM-DD, or ""
};

// The policy file's text with `entries` added at the end of its `expected` list (made when there
// is none), leaving the rest of the text, comments included, as it was. `text` is "" for a new
// file. The result is checked by reading it back; throws PolicyError when `text` is not a policy.
std::string with_expected_entries(const std::string& text, const std::string& source, const std::vector<NewExpectedEntry>& entries);

}  // namespace bomwatch::policy
