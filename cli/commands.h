// The subcommands. Each registers its options on the CLI11 app and returns an exit code:
// 0 done, 1 findings at or above --fail-on, 2 usage, input or store error.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "sbom/model.h"
#include "sbom/read.h"

namespace bomwatch::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// Adds a subcommand and returns the function that runs it once parsing is done.
std::function<int()> add_diff_command(CLI::App& app);
std::function<int()> add_show_command(CLI::App& app);
std::function<int()> add_init_command(CLI::App& app);
std::function<int()> add_accept_command(CLI::App& app);
std::function<int()> add_check_command(CLI::App& app);
std::function<int()> add_record_command(CLI::App& app);
std::function<int()> add_history_command(CLI::App& app);
std::function<int()> add_projects_command(CLI::App& app);
std::function<int()> add_prune_command(CLI::App& app);

// Reads the given inputs, in parallel when there are several (one thread each), showing
// progress on a terminal and printing each input's warnings. `then(i, doc)`, when given, runs in
// the thread that read input i, right after it: work that needs only that document overlaps
// with the reading of the others. Throws sbom::InputError for the first input (in argument
// order) that cannot be read. The documents keep their addresses when the vector is moved.
using AfterRead = std::function<void(std::size_t, const sbom::Document&)>;
std::vector<sbom::Document> read_inputs(const std::vector<std::string>& paths, bool strict, const AfterRead& then = {});

// Whether to colour output: --color always/never, or for auto a terminal and no NO_COLOR.
bool use_colour(const std::string& mode, bool to_terminal);

}  // namespace bomwatch::cli
