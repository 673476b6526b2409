#include <memory>

#include "cli/commands.h"
#include "cli/judged_diff.h"
#include "cli/reports.h"

namespace bomwatch::cli {

namespace {

struct DiffOptions {
    JudgeArgs judge;
    ReportArgs report;
};

int run_diff(const DiffOptions& o) {
    const std::vector<Output> outputs = plan_outputs(o.report);  // before the reading: a usage error costs nothing
    const JudgedDiff judged = judged_diff(o.judge);
    const auto threshold = fail_threshold(o.report, judged.policy);
    write_reports(outputs, o.report, judged, threshold);
    return fails(judged, threshold) ? kExitFindings : kExitOk;
}

}  // namespace

std::function<int()> add_diff_command(CLI::App& app) {
    auto o = std::make_shared<DiffOptions>();
    CLI::App* cmd = app.add_subcommand("diff", "Compare two SBOMs, judge the changes, and report them");
    add_judge_options(*cmd, o->judge);
    add_report_options(*cmd, o->report);
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
        "  bomwatch diff old.json new.json --format markdown=summary.md --format sarif=bomwatch.sarif\n"
        "  bomwatch diff old.json.gz - < new.json                 # gzip and stdin\n"
        "\nExit codes: 0 nothing unexpected at --fail-on, 1 unexpected findings at or above it, 2 usage or\n"
        "input error.");
    return [o] { return run_diff(*o); };
}

}  // namespace bomwatch::cli
