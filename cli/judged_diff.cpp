#include "cli/judged_diff.h"

#include <array>
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "policy/judge.h"
#include "policy/osv.h"

namespace bomwatch::cli {

void add_rule_options(CLI::App& cmd, RuleArgs& args) {
    cmd.add_option("--policy", args.policy_path,
                   "The policy file (default: .bomwatch.yml in the working directory, when there is one)")
        ->type_name("FILE");
    cmd.add_flag("--no-policy", args.no_policy, "Use the default rules, whatever policy file there is");
    cmd.add_option("--osv", args.osv_path,
                   "An offline OSV database (a folder of OSV JSON records, or a zip of them) for the known-malicious and "
                   "known-vulnerable rules")
        ->type_name("PATH");
    cmd.add_option("--only", args.only, "Report findings of these rules only (ids as in docs/rules.md; repeat or comma-separate)")
        ->delimiter(',')
        ->type_name("RULE")
        ->check([](const std::string& id) {
            return policy::parse_rule(id) ? std::string() : "'" + id + "' is not a rule id (see docs/rules.md)";
        });
    cmd.add_flag("--strict", args.strict, "Treat warnings about the inputs (small schema breaks) as errors");
}

void add_judge_options(CLI::App& cmd, JudgeArgs& args) {
    cmd.add_option("OLD", args.old_path, "The SBOM of the earlier build ('-' for stdin)")->required();
    cmd.add_option("NEW", args.new_path, "The SBOM of the later build ('-' for stdin)")->required();
    add_rule_options(cmd, args.rules);
}

Judging load_judging(const RuleArgs& args) {
    Judging judging;
    const std::string policy_path = args.no_policy ? std::string() : !args.policy_path.empty() ? args.policy_path : policy::find_policy_file();
    if (!policy_path.empty()) judging.policy = policy::load_policy(policy_path);
    if (!args.osv_path.empty()) {
        judging.osv = policy::OsvDatabase::open(args.osv_path);
        const auto& warnings = judging.osv->warnings();
        for (std::size_t i = 0; i < warnings.size() && i < 5; ++i) std::fprintf(stderr, "bomwatch: warning: %s\n", warnings[i].c_str());
        if (warnings.size() > 5) std::fprintf(stderr, "bomwatch: warning: %s: %zu more records skipped\n", args.osv_path.c_str(), warnings.size() - 5);
    }
    for (const std::string& id : args.only) judging.only.push_back(*policy::parse_rule(id));
    return judging;
}

JudgedDiff judge_sides(std::vector<sbom::Document> docs, diff::Side old_side, diff::Side new_side, Judging judging) {
    JudgedDiff out;
    out.docs = std::move(docs);  // the sides point into the documents, which keep their addresses
    out.changes = diff::compare(std::move(old_side), std::move(new_side));
    out.policy = std::move(judging.policy);
    policy::JudgeOptions options{.policy = &out.policy, .osv = judging.osv ? &*judging.osv : nullptr, .today = policy::today_utc()};
    options.only = std::move(judging.only);
    out.findings = policy::judge(out.changes, options);
    return out;
}

JudgedDiff judged_diff(const JudgeArgs& args) {
    if (args.old_path == "-" && args.new_path == "-") throw CLI::ValidationError("only one of OLD and NEW can be '-' (stdin)");
    Judging judging = load_judging(args.rules);
    std::array<diff::Side, 2> sides;
    std::vector<sbom::Document> docs = read_inputs({args.old_path, args.new_path}, args.rules.strict,
                                                   [&](std::size_t i, const sbom::Document& doc) { sides[i] = diff::prepare(doc); });
    return judge_sides(std::move(docs), std::move(sides[0]), std::move(sides[1]), std::move(judging));
}

}  // namespace bomwatch::cli
