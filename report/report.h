// Rendering a diff and its findings: for people (text, Markdown, HTML), for programs (JSON, CSV)
// and for CI tools (SARIF, JUnit). Renderers take the changes and findings as they are and never
// re-derive them. Every format is documented in docs/formats.md.
#pragma once

#include <optional>
#include <ostream>

#include "diff/changes.h"
#include "policy/finding.h"

namespace bomwatch::report {

struct Options {
    bool color = false;    // ANSI colours in text
    bool explain = false;  // say why each old/new pair was matched
    bool tree = false;     // text: show where the new packages hang in the dependency graph
    const policy::Findings* findings = nullptr;  // the policy's judgement, shown first; none when null
    std::optional<policy::Severity> fail_on{};   // the --fail-on threshold (JUnit failures), none when unset
};

// Summary line, the findings by severity, then the changes grouped by kind.
void write_text(std::ostream& out, const diff::Changes& changes, const Options& options);

// The versioned JSON contract "bomwatch.diff/2" (docs/json-report.md).
void write_json(std::ostream& out, const diff::Changes& changes, const Options& options);

// For a pull-request comment or $GITHUB_STEP_SUMMARY: findings by severity, then a compact table
// of changes; never longer than kMarkdownLimit characters (it says what it left out).
inline constexpr std::size_t kMarkdownLimit = 65536;
void write_markdown(std::ostream& out, const diff::Changes& changes, const Options& options);

// SARIF 2.1.0 for code scanning: a rule per rule id, results at the new SBOM file, with stable
// fingerprints.
void write_sarif(std::ostream& out, const diff::Changes& changes, const Options& options);

// JUnit XML for GitLab and Jenkins test tabs: a test case per rule, failing for unexpected
// findings at or above `fail_on`.
void write_junit(std::ostream& out, const diff::Changes& changes, const Options& options);

// One self-contained offline HTML page: summary chart, findings, a sortable and filterable table
// of changes, and the path from the root of each added component.
void write_html(std::ostream& out, const diff::Changes& changes, const Options& options);

// One row per change, with its findings, for spreadsheets (RFC 4180).
void write_csv(std::ostream& out, const diff::Changes& changes, const Options& options);

}  // namespace bomwatch::report
