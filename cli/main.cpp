// bomwatch: diff the SBOMs of consecutive builds and say what changed. This file only wires the
// subcommands together and maps failures to exit codes.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/alerting.h"
#include "cli/commands.h"
#include "policy/policy.h"
#include "sbom/error.h"
#include "store/store.h"

#ifndef BOMWATCH_VERSION
#define BOMWATCH_VERSION "unknown"
#endif

int main(int argc, char** argv) {
    using namespace bomwatch::cli;
    CLI::App app("bomwatch " BOMWATCH_VERSION ": compare the SBOMs of two builds and say what changed in their dependencies.",
                 "bomwatch");
    app.set_version_flag("--version", "bomwatch " BOMWATCH_VERSION);
    app.require_subcommand(1);
    app.footer(
        "\nRun 'bomwatch COMMAND --help' for a command's options.\n"
        "Exit codes: 0 done, 1 unexpected findings at or above --fail-on, 2 usage, input or store error,\n"
        "3 an alert could not be delivered (it waits in the outbox).\n"
        "Documentation: README.md and docs/ in the source tree.");
    std::function<int()> run_diff = add_diff_command(app);
    std::function<int()> run_show = add_show_command(app);
    std::function<int()> run_init = add_init_command(app);
    std::function<int()> run_accept = add_accept_command(app);
    std::function<int()> run_check = add_check_command(app);
    std::function<int()> run_record = add_record_command(app);
    std::function<int()> run_history = add_history_command(app);
    std::function<int()> run_projects = add_projects_command(app);
    std::function<int()> run_prune = add_prune_command(app);
    std::function<int()> run_alerts = add_alerts_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitError;
    }

    try {
        if (app.got_subcommand("diff")) return run_diff();
        if (app.got_subcommand("show")) return run_show();
        if (app.got_subcommand("init")) return run_init();
        if (app.got_subcommand("accept")) return run_accept();
        if (app.got_subcommand("check")) return run_check();
        if (app.got_subcommand("record")) return run_record();
        if (app.got_subcommand("history")) return run_history();
        if (app.got_subcommand("projects")) return run_projects();
        if (app.got_subcommand("prune")) return run_prune();
        if (app.got_subcommand("alerts")) return run_alerts();
    } catch (const bomwatch::sbom::InputError& e) {
        std::fprintf(stderr, "bomwatch: error: %s\n", e.what());
        return kExitError;
    } catch (const bomwatch::policy::PolicyError& e) {
        std::fprintf(stderr, "bomwatch: error: %s\n", e.what());
        return kExitError;
    } catch (const bomwatch::store::StoreError& e) {
        std::fprintf(stderr, "bomwatch: error: %s\n", e.what());
        return kExitError;
    } catch (const CLI::ValidationError& e) {
        std::fprintf(stderr, "bomwatch: error: %s\n", e.what());
        return kExitError;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "bomwatch: error: out of memory\n");
        return kExitError;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bomwatch: error: %s\n", e.what());
        return kExitError;
    }
    return kExitError;
}
