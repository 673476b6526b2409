// Each platform's payload for an alert: pure functions, no network. Every payload fits its
// platform's documented limits (../shared/research/alerts.md), escapes untrusted text (package
// names, licences, messages) so that it cannot mention @channel or inject markup, shows the top
// findings and says "and N more" for the rest.
#pragma once

#include <string>
#include <string_view>

#include "alerts/alert.h"

namespace bomwatch::alerts {

enum class SinkKind { Slack, Teams, Discord, Mattermost, GoogleChat, Webhook, PagerDuty, Email };

// "slack", "teams", "discord", "mattermost", "googlechat", "webhook", "pagerduty", "email".
std::string_view sink_kind_name(SinkKind kind);
bool parse_sink_kind(std::string_view name, SinkKind& kind);

// Slack incoming webhook: Block Kit with a top-level text fallback.
std::string render_slack(const Alert& alert);
// Microsoft Teams Workflows webhook: a message with one Adaptive Card 1.4 attachment, < 28 KB.
std::string render_teams(const Alert& alert);
// Discord: content + embeds, "allowed_mentions": {"parse": []}.
std::string render_discord(const Alert& alert);
// Mattermost: Markdown text (<= 16383 characters).
std::string render_mattermost(const Alert& alert);
// Google Chat: text + cardsV2 (< 32000 bytes).
std::string render_google_chat(const Alert& alert);
// Generic webhook: bomwatch's documented JSON payload (docs/alerts.md), Standard Webhooks shape
// {"type", "timestamp", "data"}.
std::string render_webhook(const Alert& alert);
// PagerDuty Events API v2 trigger, with `routing_key` left as the placeholder kRoutingKeyPlaceholder
// (the key is a secret, filled in at delivery, never stored in the outbox). dedup_key = alert.id;
// the severity is the worst finding's, or info for a test alert (Alert::test): a test pages nobody.
std::string render_pagerduty(const Alert& alert);
inline constexpr std::string_view kRoutingKeyPlaceholder = "{{routing_key}}";
// Email: the subject line and a text/plain UTF-8 body (delivery builds the RFC 5322 message).
struct EmailContent {
    std::string subject, body;
};
EmailContent render_email(const Alert& alert);

// The payload of `kind` (email: subject, a blank line, the body).
std::string render(SinkKind kind, const Alert& alert);

}  // namespace bomwatch::alerts
