// What `diff`, `accept` and `check` share: read two SBOMs, compare them, and judge the changes with the
// policy (the file given, or the working directory's) and the OSV database, when given.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "diff/changes.h"
#include "policy/finding.h"
#include "policy/osv.h"
#include "policy/policy.h"

namespace bomwatch::cli {

// What judging takes besides the SBOMs.
struct RuleArgs {
    std::string policy_path;            // "" : .bomwatch.yml of the working directory, if any
    bool no_policy = false;             // ignore any policy file
    std::string osv_path;               // "" : no advisory rules
    std::vector<std::string> only;      // rule ids
    bool strict = false;
};

struct JudgeArgs {
    std::string old_path, new_path;
    RuleArgs rules;
};

// Registers --policy, --no-policy, --osv, --only and --strict on a subcommand.
void add_rule_options(CLI::App& cmd, RuleArgs& args);
// Registers OLD, NEW and the rule options.
void add_judge_options(CLI::App& cmd, JudgeArgs& args);

// The policy and the OSV database, loaded before any SBOM is read: a bad policy file should not
// cost the reading of two large SBOMs.
struct Judging {
    policy::Policy policy;  // the defaults when no file applies
    std::optional<policy::OsvDatabase> osv;
    std::vector<policy::Rule> only;
};
// Throws policy::PolicyError for a bad policy file, sbom::InputError for an unreadable database.
Judging load_judging(const RuleArgs& args);

struct JudgedDiff {
    std::vector<sbom::Document> docs;  // old, new; only one when a document was compared with itself
    diff::Changes changes;
    policy::Policy policy;
    policy::Findings findings;
};

// Compares two prepared sides (of documents in `docs`) and judges the changes.
JudgedDiff judge_sides(std::vector<sbom::Document> docs, diff::Side old_side, diff::Side new_side, Judging judging);

// Reads OLD and NEW, compares and judges them. Throws sbom::InputError for unreadable inputs,
// policy::PolicyError for a bad policy file.
JudgedDiff judged_diff(const JudgeArgs& args);

}  // namespace bomwatch::cli
