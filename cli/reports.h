// The report options `diff` and `check` share (--format, -o, --fail-on, --color, --explain,
// --tree), and the writing of the reports they ask for.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/judged_diff.h"
#include "policy/finding.h"

namespace bomwatch::cli {

struct ReportArgs {
    std::vector<std::string> formats;  // FORMAT or FORMAT=FILE
    std::string output;
    std::string fail_on;  // "" : the policy file's, else none
    std::string color = "auto";
    bool explain = false;
    bool tree = false;
};

void add_report_options(CLI::App& cmd, ReportArgs& args);

struct Format;
// One report to write: a format and where ("" or "-" for stdout).
struct Output {
    const Format* format;
    std::string path;
};

// The reports asked for. Throws CLI::ValidationError for contradictions: called before any input
// is read, so a usage error costs nothing.
std::vector<Output> plan_outputs(const ReportArgs& args);

// The threshold: --fail-on, else the policy file's fail-on, else none.
std::optional<policy::Severity> fail_threshold(const ReportArgs& args, const policy::Policy& policy);

// Whether an unexpected finding is at or above the threshold.
bool fails(const JudgedDiff& judged, std::optional<policy::Severity> threshold);

// Writes every planned report, each file atomically.
void write_reports(const std::vector<Output>& outputs, const ReportArgs& args, const JudgedDiff& judged,
                   std::optional<policy::Severity> threshold);

}  // namespace bomwatch::cli
