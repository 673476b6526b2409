// The steps of compare(), each in the file that does it.
#pragma once

#include <vector>

#include "diff/changes.h"

namespace bomwatch::diff::detail {

// The artifacts of a document, root left out, ordered by identity (hash, then text), then
// version. `members` receives the component indices the artifacts' spans point into.
std::vector<Artifact> group_artifacts(const sbom::Document& doc, std::vector<std::uint32_t>& members);

// Adds an `added` change for each of `added` (new artifacts) with its path from the root.
void add_introductions(Changes& out, const std::vector<std::uint32_t>& added);

// Adds edgeAdded / edgeRemoved between identities, when both documents state a graph.
void compare_edges(Changes& out);

// Puts the changes in their reported order: by kind, then name, then version.
void sort_changes(Changes& out);

}  // namespace bomwatch::diff::detail
