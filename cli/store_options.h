// What the commands that use the build history share: --store, --project, --branch, --build,
// with their defaults from the environment, and the opening of the store.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "store/store.h"

namespace bomwatch::cli {

struct StoreArgs {
    std::string location;  // "" : store::default_store_location()
    std::string project, branch;
};

// --store; with `project`: --project (required when `project_required`) and --branch.
void add_store_options(CLI::App& cmd, StoreArgs& args, bool with_project, bool project_required);

// The branch: --branch, else the CI's ($GITHUB_HEAD_REF for pull requests, $GITHUB_REF_NAME,
// $CI_COMMIT_REF_NAME, $BUILDKITE_BRANCH, $BRANCH_NAME), else "default".
std::string branch_of(const StoreArgs& args);
// The CI's build id when --build is not given: $GITHUB_RUN_ID, $CI_PIPELINE_ID,
// $BUILDKITE_BUILD_NUMBER, $BUILD_NUMBER; else "".
std::string ci_build_id();

std::unique_ptr<store::Store> open_store(const StoreArgs& args, store::OpenMode mode);

// "checkout-web (main) #12".
std::string build_name(const store::Build& build);

// The build's components without its root, as the diff and `show` count them.
std::uint64_t packages_of(const store::Build& build);

}  // namespace bomwatch::cli
