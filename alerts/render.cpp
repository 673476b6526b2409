// The sink kinds, and the payloads that are not chat messages: the generic webhook (documented
// in docs/alerts.md, "The webhook payload"), PagerDuty Events v2 and e-mail. The chat platforms
// are in render_chat.cpp.
#include "alerts/render.h"

#include <array>
#include <utility>

#include "alerts/render_json.h"
#include "alerts/render_text.h"

namespace bomwatch::alerts {

namespace {

using namespace text;  // Json and dump() too (render_json.h)

constexpr std::array<std::pair<SinkKind, std::string_view>, 8> kKinds{{
    {SinkKind::Slack, "slack"},
    {SinkKind::Teams, "teams"},
    {SinkKind::Discord, "discord"},
    {SinkKind::Mattermost, "mattermost"},
    {SinkKind::GoogleChat, "googlechat"},
    {SinkKind::Webhook, "webhook"},
    {SinkKind::PagerDuty, "pagerduty"},
    {SinkKind::Email, "email"},
}};

Json counts_json(const Alert& alert) {
    Json counts = Json::object();
    for (std::size_t i = policy::kSeverityCount; i-- > 0;) counts[std::string(policy::severity_name(static_cast<policy::Severity>(i)))] = alert.counts[i];
    return counts;
}

std::size_t total_of(const Alert& alert) { return alert.total ? alert.total : alert.findings.size(); }

// One finding for programs: every field, cleaned (valid UTF-8, one line) and capped so that one
// hostile name cannot crowd out the rest.
Json finding_json(const AlertFinding& f, std::size_t max_text) {
    Json path = Json::array();
    for (std::size_t i = 0; i < f.path.size() && i < 64; ++i) path.push_back(clean(f.path[i], 256));
    return {{"severity", policy::severity_name(f.severity)},
            {"rule", clean(f.rule, 64)},
            {"name", clean(f.name, max_text)},
            {"ecosystem", clean(f.ecosystem, 64)},
            {"purl", clean(f.purl, max_text)},
            {"oldVersion", clean(f.old_version, 256)},
            {"newVersion", clean(f.new_version, 256)},
            {"message", clean(f.message, max_text)},
            {"path", std::move(path)},
            {"fingerprint", clean(f.fingerprint, 64)}};
}

// ---------------------------------------------------------------------------------------------
// Generic webhook (§6): Standard Webhooks' {"type", "timestamp", "data"}, under 20,000 bytes.

constexpr std::size_t kWebhookMaxBytes = 20000;

std::string webhook_payload(const Alert& alert, std::size_t shown) {
    Json findings = Json::array();
    for (std::size_t i = 0; i < shown; ++i) findings.push_back(finding_json(alert.findings[i], 1000));
    Json data{{"id", clean(alert.id, 64)},
              {"title", clean(alert.title, 500)},
              {"project", clean(alert.project, 200)},
              {"branch", clean(alert.branch, 200)},
              {"build", clean(alert.build, 100)},
              {"link", safe_url(alert.link)},
              {"counts", counts_json(alert)},
              {"total", total_of(alert)},
              {"findings", std::move(findings)},
              {"omitted", alert.findings.size() - shown}};
    Json payload{{"type", "bomwatch.findings"}, {"timestamp", clean(alert.timestamp, 40)}, {"data", std::move(data)}};
    return dump(payload);
}

// ---------------------------------------------------------------------------------------------
// PagerDuty Events API v2 (§7): a trigger event; summary <= 1024, dedup_key <= 255, body under
// 512 KB (kept to 500,000 bytes, the top 100 findings at most).

constexpr std::size_t kPagerDutyMaxBytes = 500000;
constexpr std::size_t kPagerDutyMaxFindings = 100;

std::string_view pagerduty_severity(policy::Severity severity) {
    switch (severity) {
    case policy::Severity::Critical: return "critical";
    case policy::Severity::High: return "error";
    case policy::Severity::Medium: return "warning";
    case policy::Severity::Low:
    case policy::Severity::Info: break;
    }
    return "info";
}

std::string pagerduty_payload(const Alert& alert, std::size_t shown) {
    const std::string project = clean(alert.project, 200);
    std::string summary = clean(alert.title, 1024);
    if (!alert.findings.empty()) {
        const FindingText top = finding_text(alert.findings.front(), 300);
        summary = cut(summary + ". Top: " + top.what() + " (" + top.rule + ")", 1024);
    }
    Json findings = Json::array();
    for (std::size_t i = 0; i < shown; ++i) findings.push_back(finding_json(alert.findings[i], 1000));
    Json details{{"project", project},
                 {"branch", clean(alert.branch, 200)},
                 {"build", clean(alert.build, 100)},
                 {"counts", counts_json(alert)},
                 {"total", total_of(alert)},
                 {"findings", std::move(findings)},
                 {"omitted", alert.findings.size() - shown}};
    Json payload_inner{{"summary", summary},
                       {"source", cut("bomwatch/" + (project.empty() ? std::string("unnamed") : project), 255)},
                       // A test alert pages nobody, whatever its made-up findings say.
                       {"severity", alert.test ? std::string_view("info") : pagerduty_severity(worst(alert))},
                       {"component", project.empty() ? std::string("unnamed") : project},
                       {"group", clean(alert.branch, 200)},
                       {"class", "sbom-drift"},
                       {"custom_details", std::move(details)}};
    if (!alert.timestamp.empty()) payload_inner["timestamp"] = clean(alert.timestamp, 40);  // ISO 8601, or none
    Json payload{{"routing_key", kRoutingKeyPlaceholder},
                 {"event_action", "trigger"},
                 {"dedup_key", cut(clean(alert.id), 255)},
                 {"payload", std::move(payload_inner)},
                 {"client", "bomwatch"}};
    if (const std::string link = safe_url(alert.link); !link.empty()) payload["links"] = Json::array({{{"href", link}, {"text", "Build"}}});
    return dump(payload);
}

// ---------------------------------------------------------------------------------------------
// E-mail (§8): a one-line subject and a plain-text body; lines kept under 998 octets.

constexpr std::size_t kEmailMaxFindings = 200;
constexpr std::size_t kEmailSubjectChars = 200;
constexpr std::size_t kEmailLineBytes = 900;

}  // namespace

std::string_view sink_kind_name(SinkKind kind) {
    for (const auto& [k, name] : kKinds)
        if (k == kind) return name;
    return "unknown";
}

bool parse_sink_kind(std::string_view name, SinkKind& kind) {
    for (const auto& [k, known] : kKinds) {
        if (known == name) {
            kind = k;
            return true;
        }
    }
    return false;
}

std::string render_webhook(const Alert& alert) {
    const std::size_t shown = most_that_fit(alert.findings.size(), [&](std::size_t k) { return webhook_payload(alert, k).size() <= kWebhookMaxBytes; });
    return webhook_payload(alert, shown);
}

std::string render_pagerduty(const Alert& alert) {
    const std::size_t shown = most_that_fit(std::min(alert.findings.size(), kPagerDutyMaxFindings),
                                            [&](std::size_t k) { return pagerduty_payload(alert, k).size() <= kPagerDutyMaxBytes; });
    return pagerduty_payload(alert, shown);
}

EmailContent render_email(const Alert& alert) {
    EmailContent out;
    out.subject = clean(alert.title, kEmailSubjectChars);  // clean(): no CR, LF or control characters

    const std::string project = clean(alert.project, 200), branch = clean(alert.branch, 200), build = clean(alert.build, 100);
    const std::string counts = counts_line(alert);
    const std::size_t total = total_of(alert);
    std::string body = "bomwatch found " + (counts.empty() ? std::string("no unexpected findings") : counts + (total == 1 ? " unexpected finding" : " unexpected findings")) + " in " +
                       (project.empty() ? std::string("(unnamed project)") : project) + (branch.empty() ? "" : " (" + branch + ")") +
                       (build.empty() ? "" : ", build " + build) + ".\n\n";
    if (const std::string link = safe_url(alert.link); !link.empty()) body += "Build: " + link + "\n\n";
    const std::size_t shown = std::min(alert.findings.size(), kEmailMaxFindings);
    for (std::size_t i = 0; i < shown; ++i) {
        const FindingText t = finding_text(alert.findings[i], 1000);
        body += with_commas(i + 1) + ". " + t.SEVERITY + "  " + t.rule + "\n";
        body += "   " + t.what() + "\n";
        if (!t.message.empty()) body += "   " + t.message + "\n";
        if (!t.path.empty()) body += "   Path: " + t.path + "\n";
        body += "\n";
    }
    if (shown < alert.findings.size()) body += "…" + more_line(alert.findings.size() - shown) + ", not listed here.\n\n";
    body += "-- \nSent by bomwatch. Alert " + clean(alert.id, 64) + (alert.timestamp.empty() ? "" : ", " + clean(alert.timestamp, 40)) + ".\n";
    out.body = wrap_long_lines(body, kEmailLineBytes, "   ");
    return out;
}

std::string render(SinkKind kind, const Alert& alert) {
    switch (kind) {
    case SinkKind::Slack: return render_slack(alert);
    case SinkKind::Teams: return render_teams(alert);
    case SinkKind::Discord: return render_discord(alert);
    case SinkKind::Mattermost: return render_mattermost(alert);
    case SinkKind::GoogleChat: return render_google_chat(alert);
    case SinkKind::Webhook: return render_webhook(alert);
    case SinkKind::PagerDuty: return render_pagerduty(alert);
    case SinkKind::Email: break;
    }
    EmailContent email = render_email(alert);
    return email.subject + "\n\n" + email.body;
}

}  // namespace bomwatch::alerts
