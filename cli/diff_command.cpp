#include <unistd.h>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/judged_diff.h"
#include "cli/output.h"
#include "report/report.h"

namespace bomwatch::cli {

namespace {

struct DiffOptions {
    JudgeArgs judge;
    std::vector<std::string> formats;  // FORMAT or FORMAT=FILE
    std::string output;
    std::string fail_on;  // "" : the policy file's, else none
    std::string color = "auto";
    bool explain = false;
    bool tree = false;
};

using Writer = void (*)(std::ostream&, const diff::Changes&, const report::Options&);

struct Format {
    std::string_view name;
    Writer write;
};
constexpr Format kFormats[] = {
    {"text", report::write_text},   {"json", report::write_json},   {"markdown", report::write_markdown},
    {"sarif", report::write_sarif}, {"junit", report::write_junit}, {"html", report::write_html},
    {"csv", report::write_csv},
};

const Format* format_named(std::string_view name) {
    for (const Format& format : kFormats)
        if (format.name == name) return &format;
    return nullptr;
}

// One report to write: a format and where ("" or "-" for stdout).
struct Output {
    const Format* format;
    std::string path;
};

// --format FORMAT[=FILE], repeatable; at most one without a file, which goes to -o (or stdout).
std::vector<Output> outputs_of(const DiffOptions& o) {
    std::vector<Output> outputs;
    bool to_output = false;
    for (const std::string& spec : o.formats.empty() ? std::vector<std::string>{"text"} : o.formats) {
        const auto equals = spec.find('=');
        Output output{format_named(spec.substr(0, equals)), equals == std::string::npos ? o.output : spec.substr(equals + 1)};
        if (equals == std::string::npos || output.path == "-") {
            if (to_output) throw CLI::ValidationError("--format: only one format can go to -o or stdout; give the others a file (FORMAT=FILE)");
            to_output = true;
        } else if (output.path.empty()) {
            throw CLI::ValidationError("--format " + spec + ": the file after '=' is missing");
        }
        outputs.push_back(std::move(output));
    }
    for (std::size_t i = 0; i < outputs.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (!outputs[i].path.empty() && outputs[i].path != "-" && outputs[i].path == outputs[j].path)
                throw CLI::ValidationError("--format: " + outputs[i].path + " is named for two formats");
    if (!to_output && !o.output.empty())
        throw CLI::ValidationError("-o " + o.output + ": every --format names its own file, so nothing would go there");
    return outputs;
}

std::string check_format(const std::string& spec) {
    const std::string name = spec.substr(0, spec.find('='));
    if (format_named(name)) return {};
    return "'" + name + "' is not a report format (text, json, markdown, sarif, junit, html, csv)";
}

// The threshold: --fail-on, else the policy file's fail-on, else none.
std::optional<policy::Severity> fail_threshold(const std::string& fail_on, const policy::Policy& policy) {
    if (!fail_on.empty()) return fail_on == "none" ? std::nullopt : policy::parse_severity(fail_on);
    return policy.fail_on_none ? std::nullopt : policy.fail_on;
}

int run_diff(const DiffOptions& o) {
    const std::vector<Output> outputs = outputs_of(o);  // before the reading: a usage error costs nothing
    const JudgedDiff judged = judged_diff(o.judge);
    const auto threshold = fail_threshold(o.fail_on, judged.policy);
    for (const Output& output : outputs) {
        const bool to_stdout = output.path.empty() || output.path == "-";
        const report::Options options{
            .color = output.format->name == "text" && use_colour(o.color, to_stdout && ::isatty(1)),
            .explain = o.explain,
            .tree = o.tree,
            .findings = &judged.findings,
            .fail_on = threshold,
        };
        write_output(output.path, [&](std::ostream& out) { output.format->write(out, judged.changes, options); });
    }
    const auto worst = judged.findings.worst_unexpected();
    return threshold && worst && *worst >= *threshold ? kExitFindings : kExitOk;
}

}  // namespace

std::function<int()> add_diff_command(CLI::App& app) {
    auto o = std::make_shared<DiffOptions>();
    CLI::App* cmd = app.add_subcommand("diff", "Compare two SBOMs, judge the changes, and report them");
    add_judge_options(*cmd, o->judge);
    cmd->add_option("-f,--format", o->formats,
                    "Report format: text (default), json (bomwatch.diff/2), markdown, sarif, junit, html or csv; "
                    "FORMAT=FILE writes that format to FILE, and several --format give several reports from one run")
        ->type_name("FORMAT[=FILE]")
        ->check([](const std::string& spec) { return check_format(spec); });
    cmd->add_option("-o,--output", o->output, "Write the report (the format without a file) to FILE, atomically, instead of stdout")
        ->type_name("FILE");
    cmd->add_option("--fail-on", o->fail_on,
                    "Exit with 1 when an unexpected finding is at or above this severity: info, low, medium, high, "
                    "critical, or none (default: the policy file's fail-on, else none)")
        ->check(CLI::IsMember({"none", "info", "low", "medium", "high", "critical"}))
        ->type_name("SEVERITY");
    cmd->add_flag("--explain", o->explain, "Say why each old/new pair of components was matched");
    cmd->add_flag("--tree", o->tree, "Text report: show where the new packages hang in the dependency graph");
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
        "  bomwatch diff old.json new.json --format markdown=summary.md --format sarif=bomwatch.sarif\n"
        "  bomwatch diff old.json.gz - < new.json                 # gzip and stdin\n"
        "\nExit codes: 0 nothing unexpected at --fail-on, 1 unexpected findings at or above it, 2 usage or\n"
        "input error.");
    return [o] { return run_diff(*o); };
}

}  // namespace bomwatch::cli
