#include "cli/reports.h"

#include <unistd.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "report/report.h"

namespace bomwatch::cli {

using Writer = void (*)(std::ostream&, const diff::Changes&, const report::Options&);

struct Format {
    std::string_view name;
    Writer write;
};

namespace {

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

std::string check_format(const std::string& spec) {
    const std::string name = spec.substr(0, spec.find('='));
    if (format_named(name)) return {};
    return "'" + name + "' is not a report format (text, json, markdown, sarif, junit, html, csv)";
}

}  // namespace

void add_report_options(CLI::App& cmd, ReportArgs& args) {
    cmd.add_option("-f,--format", args.formats,
                   "Report format: text (default), json (bomwatch.diff/2), markdown, sarif, junit, html or csv; "
                   "FORMAT=FILE writes that format to FILE, and several --format give several reports from one run")
        ->type_name("FORMAT[=FILE]")
        ->check([](const std::string& spec) { return check_format(spec); });
    cmd.add_option("-o,--output", args.output, "Write the report (the format without a file) to FILE, atomically, instead of stdout")
        ->type_name("FILE");
    cmd.add_option("--fail-on", args.fail_on,
                   "Exit with 1 when an unexpected finding is at or above this severity: info, low, medium, high, "
                   "critical, or none (default: the policy file's fail-on, else none)")
        ->check(CLI::IsMember({"none", "info", "low", "medium", "high", "critical"}))
        ->type_name("SEVERITY");
    cmd.add_flag("--explain", args.explain, "Say why each old/new pair of components was matched");
    cmd.add_flag("--tree", args.tree, "Text report: show where the new packages hang in the dependency graph");
    cmd.add_option("--color", args.color, "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
}

// --format FORMAT[=FILE], repeatable; at most one without a file, which goes to -o (or stdout).
std::vector<Output> plan_outputs(const ReportArgs& args) {
    std::vector<Output> outputs;
    bool to_output = false;
    for (const std::string& spec : args.formats.empty() ? std::vector<std::string>{"text"} : args.formats) {
        const auto equals = spec.find('=');
        Output output{format_named(spec.substr(0, equals)), equals == std::string::npos ? args.output : spec.substr(equals + 1)};
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
    if (!to_output && !args.output.empty())
        throw CLI::ValidationError("-o " + args.output + ": every --format names its own file, so nothing would go there");
    return outputs;
}

std::optional<policy::Severity> fail_threshold(const ReportArgs& args, const policy::Policy& policy) {
    if (!args.fail_on.empty()) return args.fail_on == "none" ? std::nullopt : policy::parse_severity(args.fail_on);
    return policy.fail_on_none ? std::nullopt : policy.fail_on;
}

bool fails(const JudgedDiff& judged, std::optional<policy::Severity> threshold) {
    const auto worst = judged.findings.worst_unexpected();
    return threshold && worst && *worst >= *threshold;
}

void write_reports(const std::vector<Output>& outputs, const ReportArgs& args, const JudgedDiff& judged,
                   std::optional<policy::Severity> threshold) {
    for (const Output& output : outputs) {
        const bool to_stdout = output.path.empty() || output.path == "-";
        const report::Options options{
            .color = output.format->name == "text" && use_colour(args.color, to_stdout && ::isatty(1)),
            .explain = args.explain,
            .tree = args.tree,
            .findings = &judged.findings,
            .fail_on = threshold,
        };
        write_output(output.path, [&](std::ostream& out) { output.format->write(out, judged.changes, options); });
    }
}

}  // namespace bomwatch::cli
