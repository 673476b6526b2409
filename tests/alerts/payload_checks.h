// The platforms' checks of a rendered payload, as ../shared/tools/webhook-receiver.py makes them
// (one per endpoint, plus our own targets where they are stricter: Teams <= 20 KB, the webhook
// < 20,000 bytes), and what a person sees of a payload once the platform's escaping is undone.
// For render_test.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/alert.h"
#include "alerts/render.h"

namespace bomwatch::alerts::checks {

using Errors = std::vector<std::string>;

inline constexpr std::array<SinkKind, 8> kAllKinds{SinkKind::Slack,      SinkKind::Teams,   SinkKind::Discord,   SinkKind::Mattermost,
                                                   SinkKind::GoogleChat, SinkKind::Webhook, SinkKind::PagerDuty, SinkKind::Email};

// Code points of valid UTF-8 (Python's len()).
std::size_t chars(std::string_view s);
// Strictly valid UTF-8 (no overlong forms, no surrogates).
bool valid_utf8(std::string_view s);

// Every check for `kind`, on the payload rendered for `alert`: empty when it passes.
Errors check(SinkKind kind, const Alert& alert);

// What a person sees: the payload's texts with the platform's escaping undone.
std::string visible(SinkKind kind, const Alert& alert);
// Every string in a JSON value, one per line (an array of strings, a path, on one line joined by " → ").
void strings_of(const nlohmann::json& j, std::string& out);
std::string replace_all(std::string s, std::string_view from, std::string_view to);

}  // namespace bomwatch::alerts::checks
