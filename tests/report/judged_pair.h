// A pair of SBOMs read, compared and judged (default rules, an OSV database when given), for the
// report tests: each renderer is tested on what `bomwatch diff` would give it.
#pragma once

#include <optional>
#include <sstream>
#include <string>

#include "diff/changes.h"
#include "policy/judge.h"
#include "policy/osv.h"
#include "report/report.h"
#include "sbom/read.h"

namespace bomwatch::test {

struct JudgedPair {
    sbom::Document old_doc, new_doc;
    diff::Changes changes;
    policy::Findings findings;

    JudgedPair(const std::string& old_path, const std::string& new_path, const std::string& osv_path = "")
        : old_doc(sbom::read_sbom(old_path)), new_doc(sbom::read_sbom(new_path)), changes(diff::compare(old_doc, new_doc)) {
        std::optional<policy::OsvDatabase> osv;
        if (!osv_path.empty()) osv = policy::OsvDatabase::open(osv_path);
        findings = policy::judge(changes, {.osv = osv ? &*osv : nullptr, .today = "2026-11-26"});
    }

    // Renders with `write` (report::write_markdown, ...) and the findings.
    template <typename Write>
    std::string render(Write write, report::Options options = {}) const {
        options.findings = &findings;
        std::ostringstream out;
        write(out, changes, options);
        return out.str();
    }
};

}  // namespace bomwatch::test
