// Alerts from the command line: the sinks of the policy file and --notify, sending a check's
// unexpected findings to them (each finding once per sink and project), the outbox of what could
// not be delivered, and `bomwatch alerts flush|test`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/judged_diff.h"
#include "policy/policy.h"
#include "store/store.h"

namespace bomwatch::cli {

inline constexpr int kExitUndelivered = 3;

struct AlertArgs {
    std::vector<std::string> notify;  // KIND=env:NAME or KIND=file:PATH
    std::string notify_severity = "high";
    std::string link;
    bool dry_run = false;
    bool resend = false;
    int timeout_seconds = 60;
};

// --notify, --notify-severity, --link, --dry-run, --resend, --alert-timeout.
void add_alert_options(CLI::App& cmd, AlertArgs& args, bool for_check);

// The sinks that apply to `project` ("" : every sink): the policy file's, and --notify's (which
// replace a policy sink of the same name). Throws CLI::ValidationError for a bad --notify.
std::vector<policy::AlertSinkEntry> alert_sinks(const policy::Policy& policy, const AlertArgs& args, const std::string& project);

struct AlertBuild {
    std::string project, branch, build;
};

// Sends the unexpected findings of `judged` to `sinks`, after retrying what waits in the outbox for
// them. Returns the number of alerts left undelivered (in the outbox). `history` may be null only
// with --dry-run, which touches no state.
std::size_t send_alerts(store::Store* history, const JudgedDiff& judged, const AlertBuild& build, const AlertArgs& args,
                        const std::vector<policy::AlertSinkEntry>& sinks);

std::function<int()> add_alerts_command(CLI::App& app);

}  // namespace bomwatch::cli
