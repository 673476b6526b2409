#include <unistd.h>

#include <memory>

#include "cli/commands.h"
#include "cli/judged_diff.h"
#include "cli/output.h"
#include "report/report.h"

namespace bomwatch::cli {

namespace {

struct DiffOptions {
    JudgeArgs judge;
    std::string format = "text";
    std::string output;
    std::string fail_on;  // "" : the policy file's, else none
    std::string color = "auto";
    bool explain = false;
};

// The threshold: --fail-on, else the policy file's fail-on, else none.
std::optional<policy::Severity> fail_threshold(const std::string& fail_on, const policy::Policy& policy) {
    if (!fail_on.empty()) return fail_on == "none" ? std::nullopt : policy::parse_severity(fail_on);
    return policy.fail_on_none ? std::nullopt : policy.fail_on;
}

int run_diff(const DiffOptions& o) {
    const JudgedDiff judged = judged_diff(o.judge);
    const bool to_stdout = o.output.empty() || o.output == "-";
    report::Options options{.color = o.format == "text" && use_colour(o.color, to_stdout && ::isatty(1)),
                            .explain = o.explain,
                            .findings = &judged.findings};
    write_output(o.output, [&](std::ostream& out) {
        if (o.format == "json") report::write_json(out, judged.changes, options);
        else report::write_text(out, judged.changes, options);
    });
    const auto threshold = fail_threshold(o.fail_on, judged.policy);
    const auto worst = judged.findings.worst_unexpected();
    return threshold && worst && *worst >= *threshold ? kExitFindings : kExitOk;
}

}  // namespace

std::function<int()> add_diff_command(CLI::App& app) {
    auto o = std::make_shared<DiffOptions>();
    CLI::App* cmd = app.add_subcommand("diff", "Compare two SBOMs, judge the changes, and report them");
    add_judge_options(*cmd, o->judge);
    cmd->add_option("-f,--format", o->format, "Report format: text (for people) or json (bomwatch.diff/2, for programs)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Write the report to FILE (atomically) instead of stdout")->type_name("FILE");
    cmd->add_option("--fail-on", o->fail_on,
                    "Exit with 1 when an unexpected finding is at or above this severity: info, low, medium, high, "
                    "critical, or none (default: the policy file's fail-on, else none)")
        ->check(CLI::IsMember({"none", "info", "low", "medium", "high", "critical"}))
        ->type_name("SEVERITY");
    cmd->add_flag("--explain", o->explain, "Say why each old/new pair of components was matched");
    cmd->add_option("--color", o->color, "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    cmd->footer(
        "\nWhat changed in the components (added and removed packages, version changes with direction\n"
        "and step, hashes that changed at the same version, dropped or weakened hashes, licence,\n"
        "supplier, source and scope changes, dependency edges), and what the rules of docs/rules.md\n"
        "make of it: findings with a severity, led by the dangerous ones (integrity drift, known\n"
        "malicious versions, new dependencies in minor updates, lookalike names). Each input may be\n"
        "CycloneDX (JSON, XML) or SPDX (2.x JSON, tag-value, YAML, XML, RDF/XML; 3.0 JSON-LD), plain or\n"
        "gzip-compressed, told apart by content; the two need not be in the same format.\n"
        "\nExamples:\n"
        "  bomwatch diff old.cdx.json new.spdx.json\n"
        "  bomwatch diff old.json new.json --fail-on high        # CI gate\n"
        "  bomwatch diff old.json new.json --osv osv-npm.zip      # with an offline OSV database\n"
        "  bomwatch diff old.json new.json --format json -o diff.json\n"
        "  bomwatch diff old.json.gz - < new.json                 # gzip and stdin\n"
        "\nExit codes: 0 nothing unexpected at --fail-on, 1 unexpected findings at or above it, 2 usage or\n"
        "input error.");
    return [o] { return run_diff(*o); };
}

}  // namespace bomwatch::cli
