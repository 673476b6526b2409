#include "cli/store_options.h"

#include <cstdlib>

namespace bomwatch::cli {

namespace {

std::string first_env(std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (const char* value = std::getenv(name); value && *value) return value;
    return {};
}

}  // namespace

void add_store_options(CLI::App& cmd, StoreArgs& args, bool with_project, bool project_required) {
    cmd.add_option("--store", args.location,
                   "The build history: a SQLite file, or a postgresql:// URL for a history shared by many runners "
                   "(default: $BOMWATCH_STORE, else .bomwatch/history.db). Give a database password in PGPASSWORD or a "
                   "pgpass/service file, not in the URL: command lines are visible to other users")
        ->type_name("PATH|URL");
    if (!with_project) return;
    auto* project = cmd.add_option("--project", args.project, "The project's name, as you want to see it in the history")
                        ->type_name("NAME")
                        ->check([](const std::string& name) { return name.empty() ? std::string("the project name is empty") : std::string(); });
    if (project_required) project->required();
    cmd.add_option("--branch", args.branch,
                   "The branch (default: the CI's, from GITHUB_HEAD_REF, GITHUB_REF_NAME, CI_COMMIT_REF_NAME, "
                   "BUILDKITE_BRANCH or BRANCH_NAME; else 'default')")
        ->type_name("NAME");
}

std::string branch_of(const StoreArgs& args) {
    if (!args.branch.empty()) return args.branch;
    const std::string ci = first_env({"GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH", "BRANCH_NAME"});
    return ci.empty() ? "default" : ci;
}

std::string ci_build_id() {
    return first_env({"GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILDKITE_BUILD_NUMBER", "BUILD_NUMBER"});
}

std::unique_ptr<store::Store> open_store(const StoreArgs& args, store::OpenMode mode) {
    return store::open_store(args.location.empty() ? store::default_store_location() : args.location, mode);
}

std::string build_name(const store::Build& build) {
    return build.project + " (" + build.branch + ") #" + std::to_string(build.number);
}

std::uint64_t packages_of(const store::Build& build) {
    // A root has a name or a purl (the readers drop components with neither), so a build with a
    // root has a root name.
    return build.components - (build.root_name.empty() || build.components == 0 ? 0 : 1);
}

}  // namespace bomwatch::cli
