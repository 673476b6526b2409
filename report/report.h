// Rendering a diff for people (text) and for programs (JSON). Renderers take the changes as
// they are and never re-derive them.
#pragma once

#include <ostream>

#include "diff/changes.h"
#include "policy/finding.h"

namespace bomwatch::report {

struct Options {
    bool color = false;    // ANSI colours in text
    bool explain = false;  // say why each old/new pair was matched
    const policy::Findings* findings = nullptr;  // the policy's judgement, shown first; none when null
};

// Summary line, the findings by severity, then the changes grouped by kind.
void write_text(std::ostream& out, const diff::Changes& changes, const Options& options);

// The versioned JSON contract "bomwatch.diff/2" (docs/json-report.md).
void write_json(std::ostream& out, const diff::Changes& changes, const Options& options);

}  // namespace bomwatch::report
