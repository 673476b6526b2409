// Naming components and changes the same way in every report.
#pragma once

#include <string>
#include <string_view>

#include "diff/changes.h"

namespace bomwatch::report {

// The component shown for a change on one side (old or new), or nullptr.
const sbom::Component* old_component(const diff::Changes& changes, const diff::Change& change);
const sbom::Component* new_component(const diff::Changes& changes, const diff::Change& change);

// "@scope/name", "group:artifact", ... as the ecosystem writes it.
std::string name_of(const sbom::Component& component);
// The identity's qualifiers ("classifier=sources", "arch=amd64"): what tells apart artifacts of
// one package; "" when there are none.
std::string_view variant_of(const sbom::Component& component);
// The purl with version, or "name@version" when there is no purl.
std::string reference_of(const sbom::Component& component);
// "pkg:npm/axios" for an identity, "(root)" for the root ("").
std::string identity_label(std::string_view identity);

// "Added", "Version changed", ... for headings.
std::string_view kind_title(diff::ChangeKind kind);

}  // namespace bomwatch::report
