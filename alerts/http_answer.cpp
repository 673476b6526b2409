// What an HTTP answer means for delivery: the platforms' error shapes (research/alerts.md §1-7),
// which answers say the webhook is gone, and which are worth another try.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "alerts/deliver_detail.h"

namespace bomwatch::alerts::detail {

namespace {

constexpr std::size_t kMaxReason = 300;  // bytes of a platform's reason in a message

// A server's words, safe to print: control characters (line breaks, terminal escapes) become
// spaces, runs of spaces one, at most kMaxReason bytes cut at a character boundary.
std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        if (control || c == ' ') {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.size() > kMaxReason) {
        std::size_t cut = kMaxReason;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80)
            --cut;
        out = out.substr(0, cut) + "…";
    }
    return out;
}

// --- What the platforms' answers say ---

// The first leaf of Discord's error tree: "embeds.0.fields.6.value: Must be 1024 or fewer in length."
std::string discord_first_error(const nlohmann::json& node, const std::string& path) {
    if (!node.is_object())
        return "";
    if (const auto errors = node.find("_errors"); errors != node.end() && errors->is_array() && !errors->empty()) {
        const auto& first = errors->front();
        if (first.is_object() && first.contains("message") && first["message"].is_string())
            return (path.empty() ? "" : path + ": ") + first["message"].get<std::string>();
    }
    for (const auto& [key, child] : node.items()) {
        if (key == "_errors")
            continue;
        if (auto found = discord_first_error(child, path.empty() ? key : path + "." + key); !found.empty())
            return found;
    }
    return "";
}

// The reason in an error answer, in whichever platform's shape it comes: Slack's plain-text
// code, Discord's {"message","code","errors"}, Google's and Teams' {"error":{"message"}},
// PagerDuty's {"message","errors":[...]}, Mattermost's AppError {"id","message"}, a generic
// {"error": "..."}; else the first line of the text.
std::string reason_in(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    auto string_at = [](const nlohmann::json& object, const char* key) {
        const auto it = object.find(key);
        return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (json.is_object()) {
        std::string reason;
        if (const auto error = json.find("error"); error != json.end()) {
            if (error->is_string())
                reason = error->get<std::string>();
            else if (error->is_object()) {
                reason = string_at(*error, "message");
                if (const auto status = string_at(*error, "status"); !status.empty())
                    reason += " (" + status + ")";
                else if (const auto code = string_at(*error, "code"); !code.empty())
                    reason += " (" + code + ")";
            }
        }
        if (reason.empty())
            reason = string_at(json, "message");
        if (const auto id = string_at(json, "id"); !id.empty())  // Mattermost's AppError
            reason += " (" + id + ")";
        if (const auto code = json.find("code"); code != json.end() && code->is_number_integer() && code->get<long>() != 0)
            reason += " (code " + std::to_string(code->get<long>()) + ")";  // Discord
        if (const auto errors = json.find("errors"); errors != json.end()) {
            if (errors->is_array()) {  // PagerDuty
                std::string joined;
                for (const auto& item : *errors)
                    if (item.is_string())
                        joined += (joined.empty() ? "" : "; ") + item.get<std::string>();
                if (!joined.empty())
                    reason += ": " + joined;
            } else if (const auto first = discord_first_error(*errors, ""); !first.empty()) {
                reason += ": " + first;
            }
        }
        if (!reason.empty())
            return printable(reason);
    }
    const auto line_end = body.find_first_of("\r\n");
    return printable(body.substr(0, line_end));
}

// The answers that mean the webhook is gone, whatever their status: Slack's codes for a
// removed or disabled hook, Discord's Unknown Webhook, Mattermost's unknown hook.
bool says_dead(const std::string& body) {
    static const std::vector<std::string_view> kSlackDead = {"no_service", "channel_is_archived", "invalid_token",
                                                             "no_active_hooks", "team_disabled"};
    std::string_view text = body;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (std::find(kSlackDead.begin(), kSlackDead.end(), text) != kSlackDead.end())
        return true;
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object())
        return false;
    if (const auto code = json.find("code"); code != json.end() && code->is_number_integer() && code->get<long>() == 10015)
        return true;
    const auto id = json.find("id");
    return id != json.end() && id->is_string() && id->get<std::string>() == "web.incoming_webhook.invalid.app_error";
}

bool retryable_status(long status) {
    switch (status) {
    case 408: case 429: case 500: case 502: case 503: case 504: case 522: case 524:
        return true;
    default:
        // Other 5xx (521 "web server is down", 507, ...) are the server's trouble too, except the
        // two that say it will never take this request.
        return status >= 500 && status <= 599 && status != 501 && status != 505;
    }
}

}  // namespace

Attempt judge_http(long status, const std::string& body, long retry_after_s) {
    using Kind = Attempt::Kind;
    Attempt attempt;
    attempt.status = status;
    attempt.retry_after_s = retry_after_s;
    const std::string reason = reason_in(body);
    attempt.what = "HTTP " + std::to_string(status) + (reason.empty() ? "" : " (" + reason + ")");
    if (status >= 200 && status <= 299) {
        attempt.kind = Kind::Delivered;
        attempt.what = "HTTP " + std::to_string(status);  // a success body (Google's Message, ...) says nothing more
    } else if (status >= 300 && status <= 399) {
        // The Location may carry a secret: it is not shown.
        attempt.kind = Kind::Rejected;
        attempt.what = "HTTP " + std::to_string(status) + ": redirected; bomwatch does not follow redirects (configure the final URL)";
    } else if (status == 404 || status == 410 || ((status >= 400 && status <= 499) && says_dead(body))) {
        attempt.kind = Kind::Dead;
        attempt.what += ": the webhook no longer exists; create a new one";
    } else if (retryable_status(status)) {
        attempt.kind = Kind::Retry;
    } else if (status == 401 || status == 403) {
        attempt.kind = Kind::Rejected;
        attempt.what = "the platform refused the credentials or the signature (" + attempt.what +
                       "): check the sink's secret (the webhook URL, HMAC key or routing key); sending again will not help";
    } else if (status >= 400 && status <= 499) {
        attempt.kind = Kind::Rejected;
        attempt.what += ": the payload was refused; sending it again will not help";
    } else {
        attempt.kind = Kind::Failed;  // 501, 505, 1xx: not worth another try now
    }
    return attempt;
}

}  // namespace bomwatch::alerts::detail
