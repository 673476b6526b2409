// `bomwatch check` (compare a build with the last good one of its project and branch, judge and
// report like `diff`, then record it) and `bomwatch record` (record a build without comparing).
#include <cstdio>
#include <exception>
#include <memory>
#include <thread>

#include "cli/alerting.h"
#include "cli/commands.h"
#include "cli/judged_diff.h"
#include "cli/reports.h"
#include "cli/store_options.h"

namespace bomwatch::cli {

namespace {

struct CheckOptions {
    std::string new_path;
    RuleArgs rules;
    ReportArgs report;
    AlertArgs alert;
    StoreArgs store;
    std::string label;  // --build
    bool no_record = false;
    bool promote = false;
};

store::SeverityCounts counts_of(const policy::Findings& findings) {
    store::SeverityCounts counts{};
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::uint32_t>(findings.unexpected_by_severity[i]);
    return counts;
}

// The document of `previous`, loaded (and prepared for the diff) in a thread while NEW is read.
JudgedDiff compare_with_history(store::Store* history, const std::optional<store::Build>& previous, const std::string& new_path,
                                const RuleArgs& rules, Judging judging) {
    std::vector<sbom::Document> docs(previous ? 2 : 1);
    diff::Side old_side, new_side;
    std::exception_ptr load_error;
    std::thread loader;
    if (previous) {
        loader = std::thread([&] {
            try {
                docs[0] = history->load(*previous);
                docs[0].source = "history: " + build_name(*previous);
                old_side = diff::prepare(docs[0]);
            } catch (...) {
                load_error = std::current_exception();
            }
        });
    }
    std::vector<sbom::Document> read;
    try {
        read = read_inputs({new_path}, rules.strict);
    } catch (...) {
        if (loader.joinable()) loader.join();
        throw;
    }
    if (loader.joinable()) loader.join();
    if (load_error) std::rethrow_exception(load_error);
    sbom::Document& new_doc = docs.back();
    new_doc = std::move(read.front());
    new_side = diff::prepare(new_doc);
    // The first build has nothing before it: it is compared with itself, which shows no changes
    // but still judges what needs no predecessor (known-malicious versions, with --osv).
    if (!previous) old_side = diff::prepare(new_doc);
    return judge_sides(std::move(docs), std::move(old_side), std::move(new_side), std::move(judging));
}

int run_check(const CheckOptions& o) {
    const std::vector<Output> outputs = plan_outputs(o.report);
    Judging judging = load_judging(o.rules);
    const std::string branch = branch_of(o.store);
    const std::string label = !o.label.empty() ? o.label : ci_build_id();

    // Alert sinks keep their state in the store; checked before any reading (a bad --notify).
    const std::vector<policy::AlertSinkEntry> sinks = alert_sinks(judging.policy, o.alert, o.store.project);
    const bool sending = !sinks.empty() && !o.alert.dry_run;

    // With --no-record or --dry-run (and no alerts to send) a missing store is only "nothing
    // recorded yet": it is not created.
    std::unique_ptr<store::Store> history;
    const bool creates = sending || (!o.no_record && !o.alert.dry_run);
    try {
        history = open_store(o.store, creates ? store::OpenMode::CreateIfMissing : store::OpenMode::MustExist);
    } catch (const store::StoreError& e) {
        if (creates || e.kind() != store::StoreError::Kind::Missing) throw;
    }
    const std::optional<store::Build> previous = history ? history->last_good(o.store.project, branch) : std::nullopt;

    const JudgedDiff judged = compare_with_history(history.get(), previous, o.new_path, o.rules, std::move(judging));
    const auto threshold = fail_threshold(o.report, judged.policy);
    const bool failed = fails(judged, threshold);

    std::string status = previous ? "compared with " + build_name(*previous) +
                                        (previous->label.empty() ? "" : " (build " + previous->label + ")") +
                                        ", recorded " + previous->recorded_at
                                  : "no earlier build of " + o.store.project + " (" + branch + ")";
    // The reports first: a report that cannot be written fails the run before anything is
    // recorded, so the next run compares with the same build and reports the change again.
    write_reports(outputs, o.report, judged, threshold);
    const bool record = !o.no_record && !o.alert.dry_run;
    store::NewBuild build{.project = o.store.project,
                          .branch = branch,
                          .label = label,
                          .good = !failed || o.promote,
                          .compared_with = previous ? std::optional(previous->id) : std::nullopt,
                          .findings = counts_of(judged.findings)};
    std::optional<store::Build> recorded;
    if (record) recorded = history->record(build, judged.docs.back());

    if (!record) {
        status += o.no_record ? "; not recorded (--no-record)" : "; not recorded (--dry-run)";
    } else {
        status += previous ? "; recorded as #" + std::to_string(recorded->number) : ": recorded this one as the baseline, #" + std::to_string(recorded->number);
        if (!build.good)
            status += ", not promoted: its findings reach --fail-on " + std::string(policy::severity_name(*threshold)) +
                      (previous ? ", so the next build is compared with #" + std::to_string(previous->number)
                                : ", so the next build is a baseline again") +
                      " (--promote makes it the last good one)";
        else if (failed)
            status += ", promoted (--promote) despite findings at --fail-on " + std::string(policy::severity_name(*threshold));
    }
    std::fprintf(stderr, "bomwatch: %s\n", status.c_str());
    std::size_t undelivered = 0;
    if (!sinks.empty()) undelivered = send_alerts(history.get(), judged, {o.store.project, branch, label}, o.alert, sinks);
    // An alert that stayed undelivered outranks findings: the build fails either way, and the
    // outbox needs someone's attention.
    return undelivered ? kExitUndelivered : failed ? kExitFindings : kExitOk;
}

struct RecordOptions {
    std::string path;
    StoreArgs store;
    std::string label;
    bool strict = false;
};

int run_record(const RecordOptions& o) {
    const std::string branch = branch_of(o.store);
    auto history = open_store(o.store, store::OpenMode::CreateIfMissing);
    std::vector<sbom::Document> docs = read_inputs({o.path}, o.strict);
    store::NewBuild build;
    build.project = o.store.project;
    build.branch = branch;
    build.label = !o.label.empty() ? o.label : ci_build_id();
    const store::Build recorded = history->record(build, docs.front());
    std::fprintf(stderr, "bomwatch: recorded %s: %llu components, the last good build from now on\n", build_name(recorded).c_str(),
                 static_cast<unsigned long long>(packages_of(recorded)));
    return kExitOk;
}

}  // namespace

std::function<int()> add_check_command(CLI::App& app) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand("check", "Compare a build's SBOM with the last good build of its project, report, and record it");
    cmd->add_option("NEW", o->new_path, "The SBOM of this build ('-' for stdin)")->required();
    add_store_options(*cmd, o->store, true, true);
    cmd->add_option("--build", o->label,
                    "This build's id in your CI, shown in the history (default: GITHUB_RUN_ID, CI_PIPELINE_ID, "
                    "BUILDKITE_BUILD_NUMBER or BUILD_NUMBER)")
        ->type_name("ID");
    cmd->add_flag("--no-record", o->no_record, "Compare only: do not record this build");
    cmd->add_flag("--promote", o->promote,
                  "Make this build the last good one even when its findings reach --fail-on (after a review)");
    add_rule_options(*cmd, o->rules);
    add_report_options(*cmd, o->report);
    add_alert_options(*cmd, o->alert, true);
    cmd->footer(
        "\nCompares NEW with the last good build recorded for the project and branch, judges and reports\n"
        "the changes exactly like `bomwatch diff`, then records NEW. A build whose unexpected findings\n"
        "reach --fail-on is recorded but not promoted: the next build is compared with the last good one\n"
        "again, so a bad change keeps failing until it is fixed, accepted in the policy file, or promoted.\n"
        "The first build of a project and branch is recorded as the baseline.\n"
        "\nExamples:\n"
        "  bomwatch check sbom.cdx.json --project checkout-web --fail-on high\n"
        "  bomwatch check sbom.cdx.json --project checkout-web --branch main --build 4711 --format sarif=bomwatch.sarif\n"
        "  BOMWATCH_STORE=postgresql://ci@db.internal/bomwatch bomwatch check sbom.json --project checkout-web\n"
        "Alerts go to the policy file's sinks and --notify's, each finding once per sink and project;\n"
        "what cannot be delivered waits in the store's outbox for the next check or 'bomwatch alerts flush'.\n"
        "\nExit codes: 0 nothing unexpected at --fail-on, 1 unexpected findings at or above it, 2 usage,\n"
        "input or store error (nothing is recorded then), 3 an alert could not be delivered (it is in the outbox).");
    return [o] { return run_check(*o); };
}

std::function<int()> add_record_command(CLI::App& app) {
    auto o = std::make_shared<RecordOptions>();
    CLI::App* cmd = app.add_subcommand("record", "Record a build's SBOM in the history as the last good build, without comparing");
    cmd->add_option("SBOM", o->path, "The SBOM of the build ('-' for stdin)")->required();
    add_store_options(*cmd, o->store, true, true);
    cmd->add_option("--build", o->label, "This build's id in your CI (default: from the CI's environment, as for check)")->type_name("ID");
    cmd->add_flag("--strict", o->strict, "Treat warnings about the input (small schema breaks) as errors");
    return [o] { return run_record(*o); };
}

}  // namespace bomwatch::cli
