// The steps of compare(), each in the file that does it.
#pragma once

#include <vector>

#include "diff/changes.h"

namespace bomwatch::diff::detail {

// Adds an `added` change for each of `added` (new artifacts) with its path from the root.
void add_introductions(Changes& out, const std::vector<std::uint32_t>& added);

// Adds edgeAdded / edgeRemoved between identities, when both documents state a graph.
void compare_edges(Changes& out);

// Puts the changes in their reported order: by kind, then name, then version.
void sort_changes(Changes& out);

}  // namespace bomwatch::diff::detail
