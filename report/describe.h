// Naming components and changes the same way in every report.
#pragma once

#include <string>
#include <string_view>

#include "diff/changes.h"
#include "diff/components.h"

namespace bomwatch::report {

using diff::name_of;
using diff::new_component;
using diff::old_component;
using diff::reference_of;

// The identity's qualifiers ("classifier=sources", "arch=amd64"): what tells apart artifacts of
// one package; "" when there are none.
std::string_view variant_of(const sbom::Component& component);
// "pkg:npm/axios" for an identity, "(root)" for the root ("").
std::string identity_label(std::string_view identity);

// "Added", "Version changed", ... for headings.
std::string_view kind_title(diff::ChangeKind kind);
// "added", "version changed", "edges added", ... for a summary line of `n` such changes.
std::string_view summary_words(diff::ChangeKind kind, std::size_t n);

}  // namespace bomwatch::report
