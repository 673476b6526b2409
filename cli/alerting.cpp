#include "cli/alerting.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <set>

#include "alerts/alert.h"
#include "alerts/deliver.h"
#include "alerts/render.h"
#include "cli/commands.h"
#include "cli/store_options.h"
#include "policy/fingerprint.h"

namespace bomwatch::cli {

namespace {

// How long a flushing run hides the messages it took from other runners flushing at once.
constexpr std::chrono::seconds kOutboxLease{300};

void say(const std::string& line) { std::fprintf(stderr, "bomwatch: %s\n", line.c_str()); }

alerts::SinkKind kind_of(const policy::AlertSinkEntry& sink) {
    alerts::SinkKind kind{};
    alerts::parse_sink_kind(sink.kind, kind);  // checked when the policy file or --notify was read
    return kind;
}

// The sink with its secrets read. Throws std::invalid_argument naming what is missing.
alerts::SinkTarget target_of(const policy::AlertSinkEntry& sink) {
    alerts::SinkTarget t;
    t.kind = kind_of(sink);
    t.name = sink.name;
    const std::string what = "sink '" + sink.name + "'";
    switch (t.kind) {
        case alerts::SinkKind::PagerDuty:
            t.url = sink.target.empty() ? "https://events.pagerduty.com/v2/enqueue"
                    : policy::is_secret_reference(sink.target) ? alerts::read_secret(sink.target, what + " target")
                                                               : sink.target;
            t.routing_key = alerts::read_secret(sink.routing_key, what + " routing-key");
            break;
        case alerts::SinkKind::Email:
            t.url = sink.target;
            t.mail_from = sink.from;
            t.mail_to = sink.to;
            if (!sink.username.empty()) t.username = alerts::read_secret(sink.username, what + " username");
            if (!sink.password.empty()) t.password = alerts::read_secret(sink.password, what + " password");
            t.allow_plaintext = sink.plaintext;
            break;
        default:
            t.url = alerts::read_secret(sink.target, what + " target");
            if (!sink.secret.empty()) {
                t.hmac_key = alerts::read_secret(sink.secret, what + " secret");
                t.signing = sink.signing == "standard-webhooks" ? alerts::SinkTarget::Signing::StandardWebhooks
                                                                : alerts::SinkTarget::Signing::GitHub;
            }
    }
    return t;
}

alerts::DeliveryOptions delivery_options(const AlertArgs& args) {
    alerts::DeliveryOptions options;
    options.deadline = std::chrono::seconds(args.timeout_seconds);
    return options;
}

// The key a receiver can drop duplicates by (Standard Webhooks' webhook-id, the email's
// Message-ID): the same for every attempt to deliver one message, from this run or a later one.
std::string idempotency_key(const store::OutboxMessage& message) {
    return alerts::hash128_hex(message.sink + '\0' + message.payload);
}

// Whether an outcome says the sink cannot take anything now (so trying more would only wait).
bool sink_down(alerts::Delivery::Outcome outcome) {
    return outcome == alerts::Delivery::Outcome::Failed || outcome == alerts::Delivery::Outcome::Dead;
}

// Delivers one message of the outbox: removed and its findings marked sent when delivered, kept
// (with the error) when not.
alerts::Delivery::Outcome deliver_one(store::Store& history, const policy::AlertSinkEntry& sink, const AlertArgs& args,
                                      const store::OutboxMessage& message, bool queued_now) {
    // Delivery's lines and details start with the sink's name and scheme://host.
    alerts::Delivery delivery;
    try {
        delivery = alerts::deliver(target_of(sink), message.payload, idempotency_key(message), delivery_options(args),
                                   [&](const std::string& line) { say("alert " + line); });
    } catch (const std::invalid_argument& e) {
        delivery.outcome = alerts::Delivery::Outcome::Failed;
        delivery.detail = e.what();
    }
    if (delivery.outcome == alerts::Delivery::Outcome::Delivered) {
        history.delivered(message.id);
        const std::size_t n = message.fingerprints.size();
        say("alert " + sink.name + ": delivered" + (queued_now ? "" : " from the outbox (queued " + message.created_at + ")") + " (" +
            std::to_string(n) + " finding" + (n == 1 ? "" : "s") + ")");
    } else {
        history.failed(message.id, delivery.detail);
        say("alert " + delivery.detail + "; kept in the outbox, where the next check or 'bomwatch alerts flush' sends it");
    }
    return delivery.outcome;
}

// Sends what waits in the outbox for `sink`, oldest first. After a failure that is the sink's (it
// is down or gone, not a payload it refused), the rest are not tried: they would only wait as long
// again. `queued_now`: the ids this run queued, for the messages.
void flush(store::Store& history, const policy::AlertSinkEntry& sink, const AlertArgs& args, const std::set<std::int64_t>& queued_now = {}) {
    const std::vector<store::OutboxMessage> claimed = history.claim(sink.name, kOutboxLease, 0);
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        if (!sink_down(deliver_one(history, sink, args, claimed[i], queued_now.count(claimed[i].id) > 0))) continue;
        for (std::size_t rest = i + 1; rest < claimed.size(); ++rest)  // ends their lease: waiting again
            history.failed(claimed[rest].id, sink.name + ": not tried, since the alert before it failed");
        if (claimed.size() > i + 1)
            say("alert " + sink.name + ": " + std::to_string(claimed.size() - i - 1) + " more alert(s) not tried, since it failed just now");
        return;
    }
}

// Whether `spec`'s kind part may be repeated in a message: a kind is a short lower-case word, and
// anything else may be a URL (a secret) given without "KIND=".
bool printable_kind(std::string_view kind) {
    return !kind.empty() && kind.size() <= 12 && std::all_of(kind.begin(), kind.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

void add_alert_options(CLI::App& cmd, AlertArgs& args, bool for_check) {
    cmd.add_option("--notify", args.notify,
                   "Also alert this sink: KIND=env:NAME or KIND=file:PATH, the webhook URL read from that variable or file "
                   "(KIND: slack, teams, discord, mattermost, googlechat, webhook; pagerduty and email need the policy file)")
        ->type_name("KIND=REF");
    cmd.add_option("--notify-severity", args.notify_severity, "The lowest severity --notify sinks are sent (default high)")
        ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}))
        ->type_name("SEVERITY");
    cmd.add_option("--link", args.link, "A link to the build or its report, shown in alerts")->type_name("URL");
    cmd.add_option("--alert-timeout", args.timeout_seconds, "Give up delivering an alert after this many seconds (retries included)")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str()
        ->type_name("SECONDS");
    if (!for_check) return;
    cmd.add_flag("--dry-run", args.dry_run,
                 "Print the alerts' payloads instead of sending them, and record nothing (as --no-record), so that the "
                 "real run still sends them");
    cmd.add_flag("--resend", args.resend, "Send findings again even when a sink was already sent them");
}

std::vector<policy::AlertSinkEntry> alert_sinks(const policy::Policy& policy, const AlertArgs& args, const std::string& project) {
    std::vector<policy::AlertSinkEntry> sinks;
    for (const auto& sink : policy.alerts)
        if (project.empty() || sink.covers(project)) sinks.push_back(sink);
    for (const std::string& spec : args.notify) {
        const auto equals = spec.find('=');
        const std::string kind = spec.substr(0, equals);
        alerts::SinkKind parsed{};
        if (equals == std::string::npos || !printable_kind(kind))
            throw CLI::ValidationError("--notify takes KIND=env:NAME or KIND=file:PATH (KIND: slack, teams, discord, mattermost, "
                                       "googlechat, webhook); the webhook URL itself never goes on the command line");
        if (!alerts::parse_sink_kind(kind, parsed))
            throw CLI::ValidationError("--notify: '" + kind + "' is not a sink kind (slack, teams, discord, mattermost, googlechat, webhook)");
        if (std::count_if(args.notify.begin(), args.notify.end(), [&](const std::string& other) { return other.starts_with(kind + "="); }) > 1)
            throw CLI::ValidationError("--notify " + kind + " is given twice; for two sinks of one kind, name them in the policy file's alerts");
        if (parsed == alerts::SinkKind::PagerDuty || parsed == alerts::SinkKind::Email)
            throw CLI::ValidationError("--notify: a " + kind + " sink needs more than a URL; configure it in the policy file's alerts (docs/alerts.md)");
        const std::string reference = spec.substr(equals + 1);
        if (!policy::is_secret_reference(reference))
            throw CLI::ValidationError("--notify " + kind + ": the webhook URL is a secret, and command lines are visible to other users "
                                       "and kept in CI logs: put it in an environment variable and write " + kind +
                                       "=env:NAME, or in a file only you can read and write " + kind + "=file:PATH");
        policy::AlertSinkEntry sink;
        sink.name = kind;
        sink.kind = kind;
        sink.target = reference;
        sink.min_severity = *policy::parse_severity(args.notify_severity);
        std::erase_if(sinks, [&](const policy::AlertSinkEntry& s) { return s.name == sink.name; });
        sinks.push_back(std::move(sink));
    }
    return sinks;
}

std::size_t send_alerts(store::Store* history, const JudgedDiff& judged, const AlertBuild& build, const AlertArgs& args,
                        const std::vector<policy::AlertSinkEntry>& sinks) {
    // First every sink's new alert goes into the outbox (write-ahead: a run killed while it waits
    // for a slow sink loses nothing), then each sink's outbox is sent, oldest first.
    std::set<std::int64_t> queued_now;
    for (const policy::AlertSinkEntry& sink : sinks) {
        // The unexpected findings at or above the sink's severity, each fingerprint once.
        std::vector<const policy::Finding*> chosen;
        std::vector<std::string> fingerprints;
        std::set<std::string> seen;
        for (const policy::Finding& f : judged.findings.items) {
            if (f.expected || f.severity < sink.min_severity) continue;
            std::string fingerprint = policy::fingerprint(judged.changes, f);
            if (!seen.insert(fingerprint).second) continue;
            chosen.push_back(&f);
            fingerprints.push_back(std::move(fingerprint));
        }
        // Already sent, or waiting in the outbox: not again (a dry run looks too, so that it shows
        // what would really be sent).
        if (!args.resend && history && !chosen.empty()) {
            const std::vector<std::string> fresh = history->not_sent(sink.name, build.project, fingerprints);
            const std::set<std::string> unsent(fresh.begin(), fresh.end());
            std::vector<const policy::Finding*> kept;
            std::vector<std::string> kept_fingerprints;
            for (std::size_t i = 0; i < chosen.size(); ++i)
                if (unsent.count(fingerprints[i])) kept.push_back(chosen[i]), kept_fingerprints.push_back(fingerprints[i]);
            if (kept.size() < chosen.size())
                say("alert " + sink.name + ": " + std::to_string(chosen.size() - kept.size()) + " finding(s) already sent to it for " +
                    build.project + ", or waiting in the outbox (--resend sends them again)");
            chosen = std::move(kept);
            fingerprints = std::move(kept_fingerprints);
        }
        if (chosen.empty()) continue;

        const alerts::Alert alert = alerts::make_alert(
            judged.changes, chosen, {.project = build.project, .branch = build.branch, .build = build.build, .link = args.link, .timestamp = ""});
        store::OutboxMessage message;
        message.sink = sink.name;
        message.project = build.project;
        message.branch = build.branch;
        message.payload = alerts::render(kind_of(sink), alert);
        message.fingerprints = std::move(fingerprints);
        if (args.dry_run) {
            std::cout << "--- alert for " << sink.name << " (" << sink.kind << "; --dry-run: not sent) ---\n" << message.payload << "\n";
            continue;
        }
        queued_now.insert(history->enqueue(message));
    }
    if (args.dry_run) return 0;
    for (const policy::AlertSinkEntry& sink : sinks) flush(*history, sink, args, queued_now);

    // This project's alerts still waiting for these sinks, older ones included.
    std::size_t undelivered = 0;
    for (const policy::AlertSinkEntry& sink : sinks)
        for (const store::OutboxMessage& m : history->outbox(sink.name))
            if (m.project == build.project) ++undelivered;
    return undelivered;
}

namespace {

struct AlertsCommand {
    RuleArgs rules;
    StoreArgs store;
    AlertArgs alert;
    std::string sink;  // flush, list: one sink; test: the sink (name or --notify kind)
    std::vector<std::int64_t> ids;  // drop
};

int run_flush(const AlertsCommand& o) {
    const policy::Policy policy = load_judging(o.rules).policy;
    const auto sinks = alert_sinks(policy, o.alert, "");
    auto history = open_store(o.store, store::OpenMode::MustExist);
    std::set<std::string> configured;
    for (const auto& sink : sinks) {
        if (!o.sink.empty() && sink.name != o.sink) continue;
        configured.insert(sink.name);
        flush(*history, sink, o.alert);
    }
    // Messages for sinks not configured here wait until their sink is back.
    std::size_t left = 0, unknown = 0;
    for (const store::OutboxMessage& m : history->outbox(o.sink)) ++(configured.count(m.sink) ? left : unknown);
    if (unknown) say(std::to_string(unknown) + " alert(s) wait for sinks that are not configured here (the policy file's alerts or --notify)");
    say(left + unknown == 0 ? "the outbox is empty" : std::to_string(left + unknown) + " alert(s) still wait in the outbox ('bomwatch alerts list')");
    return left + unknown == 0 ? kExitOk : kExitUndelivered;
}

int run_list(const AlertsCommand& o) {
    auto history = open_store(o.store, store::OpenMode::MustExist);
    const auto messages = history->outbox(o.sink);
    if (messages.empty()) {
        std::cout << "The outbox is empty.\n";
        return kExitOk;
    }
    for (const store::OutboxMessage& m : messages)
        std::cout << m.id << "  " << m.sink << "  " << m.project << " (" << m.branch << ")  queued " << m.created_at << "  "
                  << m.fingerprints.size() << " finding(s), " << m.attempts << " attempt(s)"
                  << (m.last_error.empty() ? "" : "\n    last: " + m.last_error) << "\n";
    return kExitOk;
}

int run_drop(const AlertsCommand& o) {
    auto history = open_store(o.store, store::OpenMode::MustExist);
    int missing = 0;
    for (const std::int64_t id : o.ids) {
        if (history->discard(id)) say("dropped alert " + std::to_string(id) + " from the outbox; its findings count as not sent");
        else say("no alert " + std::to_string(id) + " in the outbox"), ++missing;
    }
    return missing ? kExitError : kExitOk;
}

int run_test(const AlertsCommand& o) {
    const policy::Policy policy = load_judging(o.rules).policy;
    const auto sinks = alert_sinks(policy, o.alert, "");
    const auto sink = std::find_if(sinks.begin(), sinks.end(), [&](const auto& s) { return s.name == o.sink; });
    if (sink == sinks.end())
        throw CLI::ValidationError(printable_kind(o.sink) || std::all_of(o.sink.begin(), o.sink.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; })
                                       ? "no alert sink named '" + o.sink + "' (the policy file's alerts, or --notify KIND=env:NAME)"
                                       : "SINK is a sink's name (the policy file's alerts, or a --notify KIND), not a URL");
    const alerts::Alert alert = alerts::sample_alert({.project = "example", .branch = "main", .build = "test", .link = o.alert.link, .timestamp = ""});
    const std::string payload = alerts::render(kind_of(*sink), alert);
    if (o.alert.dry_run) {
        std::cout << payload << "\n";
        return kExitOk;
    }
    alerts::Delivery delivery;
    try {
        delivery = alerts::deliver(target_of(*sink), payload, alert.id, delivery_options(o.alert),
                                   [&](const std::string& line) { say("alert " + line); });
    } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError(e.what());
    }
    say(delivery.outcome == alerts::Delivery::Outcome::Delivered ? "test alert to " + sink->name + ": delivered"
                                                                  : "test alert " + delivery.detail);
    return delivery.outcome == alerts::Delivery::Outcome::Delivered ? kExitOk : kExitUndelivered;
}

}  // namespace

std::function<int()> add_alerts_command(CLI::App& app) {
    auto o = std::make_shared<AlertsCommand>();
    CLI::App* cmd = app.add_subcommand("alerts", "Send, list or drop what waits in the alert outbox, or send a test alert");
    cmd->require_subcommand(1);
    CLI::App* flush_cmd = cmd->add_subcommand("flush", "Retry the alerts that could not be delivered (the outbox)");
    flush_cmd->add_option("--sink", o->sink, "Only this sink's alerts (its name)")->type_name("NAME");
    CLI::App* test_cmd = cmd->add_subcommand("test", "Send a sample alert to a sink, to check its configuration");
    test_cmd->add_option("SINK", o->sink, "The sink's name in the policy file, or the KIND of a --notify")->required();
    test_cmd->add_flag("--dry-run", o->alert.dry_run, "Print the sample payload instead of sending it");
    for (CLI::App* sub : {flush_cmd, test_cmd}) {
        sub->add_option("--policy", o->rules.policy_path, "The policy file with the alert sinks (default: .bomwatch.yml)")->type_name("FILE");
        add_alert_options(*sub, o->alert, false);
    }
    add_store_options(*flush_cmd, o->store, false, false);
    CLI::App* list_cmd = cmd->add_subcommand("list", "List the alerts waiting in the outbox, with their last error");
    list_cmd->add_option("--sink", o->sink, "Only this sink's alerts (its name)")->type_name("NAME");
    add_store_options(*list_cmd, o->store, false, false);
    CLI::App* drop_cmd = cmd->add_subcommand("drop", "Remove alerts from the outbox without sending them (ids from 'alerts list')");
    drop_cmd->add_option("ID", o->ids, "The alerts' ids")->required();
    add_store_options(*drop_cmd, o->store, false, false);
    return [o, flush_cmd, list_cmd, drop_cmd] {
        if (flush_cmd->parsed()) return run_flush(*o);
        if (list_cmd->parsed()) return run_list(*o);
        if (drop_cmd->parsed()) return run_drop(*o);
        return run_test(*o);
    };
}

}  // namespace bomwatch::cli
