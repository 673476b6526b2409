// What an alert says, before any platform's format: one per build (a check) and sink, with the
// findings the sink has not been sent yet. Renderers (alerts/render.h) turn it into a payload.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "diff/changes.h"
#include "policy/finding.h"

namespace bomwatch::alerts {

struct AlertFinding {
    policy::Severity severity = policy::Severity::Info;
    std::string rule;          // rule id, "new-dependency-in-update"
    std::string name;          // "@scope/name", "group:artifact", ...
    std::string ecosystem;     // purl type, "" when unknown
    std::string purl;          // with version, "" when none
    std::string old_version;   // "" when the package is new
    std::string new_version;   // "" when it was removed
    std::string message;       // the rule's one sentence: why it matters
    std::vector<std::string> path;  // name@version from the root down to the package, for new ones
    std::string fingerprint;   // policy::fingerprint
};

struct Alert {
    std::string project, branch, build;  // build: the CI's id, "" when none
    std::string link;                    // --link: the build or the report, "" when none
    std::string title;                   // "bomwatch: 2 high findings in checkout-web (main) build 4711"
    // Unexpected findings in this alert by severity (info .. critical), and in all.
    std::array<std::size_t, policy::kSeverityCount> counts{};
    std::size_t total = 0;
    // The findings, highest severity first. Renderers show as many as their platform's limits
    // allow and say "and N more" for the rest.
    std::vector<AlertFinding> findings;
    std::string timestamp;  // UTC, "2026-11-26T13:12:27Z": when the alert was made (kept across retries)
    std::string id;         // stable id of this alert: project, branch, build and fingerprints hashed
                            // (32 hex digits; a test alert's adds "-test-" and 16 random ones)
    bool test = false;      // sample_alert's: made up, to check a sink; PagerDuty gets it as info
};

struct AlertContext {
    std::string project, branch, build, link;
    std::string timestamp;  // "" : now
};

// The alert for `findings` of a judged diff. The caller picks them (the unexpected ones at or above
// the sink's minimum severity whose fingerprints were not sent to it yet); all of them are taken,
// highest severity first and otherwise in the order given (pass them in the Findings order).
// Versions, ecosystem and purl come from each finding's change, fingerprints from
// policy::fingerprint. The timestamp is context.timestamp, or now when that is "".
Alert make_alert(const diff::Changes& changes, const std::vector<const policy::Finding*>& findings, const AlertContext& context);

// 32 hex digits of XXH3-128 of `input`: an alert's id, and the key of one queued message's
// deliveries (the same on every retry).
std::string hash128_hex(std::string_view input);

// A sample alert for `bomwatch alerts test`: the axios pattern, made up, marked as a test (`test`
// set, "[test]" in the title and every message). Its id ends in a random part, so that each test
// is delivered as a new message rather than deduplicated into the last one.
Alert sample_alert(const AlertContext& context);

}  // namespace bomwatch::alerts
