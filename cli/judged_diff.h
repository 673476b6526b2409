// What `diff` and `accept` share: read two SBOMs, compare them, and judge the changes with the
// policy (the file given, or the working directory's) and the OSV database, when given.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "diff/changes.h"
#include "policy/finding.h"
#include "policy/policy.h"

namespace bomwatch::cli {

struct JudgeArgs {
    std::string old_path, new_path;
    std::string policy_path;            // "" : .bomwatch.yml of the working directory, if any
    bool no_policy = false;             // ignore any policy file
    std::string osv_path;               // "" : no advisory rules
    std::vector<std::string> only;      // rule ids
    bool strict = false;
};

// Registers the options of JudgeArgs on a subcommand.
void add_judge_options(CLI::App& cmd, JudgeArgs& args);

struct JudgedDiff {
    std::vector<sbom::Document> docs;  // old, new
    diff::Changes changes;
    policy::Policy policy;             // the defaults when no file applies
    policy::Findings findings;
};

// Throws sbom::InputError for unreadable inputs, policy::PolicyError for a bad policy file.
JudgedDiff judged_diff(const JudgeArgs& args);

}  // namespace bomwatch::cli
