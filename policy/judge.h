// Judging a diff: the rules of docs/rules.md applied to the changes, then the policy.
#pragma once

#include <string>
#include <vector>

#include "diff/changes.h"
#include "policy/finding.h"
#include "policy/policy.h"

namespace bomwatch::policy {

class OsvDatabase;

struct JudgeOptions {
    const Policy* policy = nullptr;  // nullptr: the defaults
    OsvDatabase* osv = nullptr;      // nullptr: the advisory rules do not run
    std::vector<Rule> only{};        // when not empty, findings of these rules only
    std::string today{};             // "YYYY-MM-DD", for expiry dates; see today_utc()
};

Findings judge(const diff::Changes& changes, const JudgeOptions& options);

// Today's date in UTC, "YYYY-MM-DD".
std::string today_utc();

}  // namespace bomwatch::policy
