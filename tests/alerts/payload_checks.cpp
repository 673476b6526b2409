// The platforms' checks of a payload and what a person sees of it: see payload_checks.h.
#include "tests/alerts/payload_checks.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <tuple>

#include "alerts/render_text.h"

namespace bomwatch::alerts::checks {

namespace {

using Json = nlohmann::json;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Text measures, as the platforms (and the receiver, in Python) count.

std::size_t chars(std::string_view s) { return text::chars(s); }

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        if (n == 3 && c == 0xE0 && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;
        if (n == 3 && c == 0xED && static_cast<unsigned char>(s[i + 1]) > 0x9F) return false;
        if (n == 4 && c == 0xF0 && static_cast<unsigned char>(s[i + 1]) < 0x90) return false;
        if (n == 4 && c == 0xF4 && static_cast<unsigned char>(s[i + 1]) > 0x8F) return false;
        i += n;
    }
    return true;
}

namespace {

std::string str(const Json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(); }

// Python's str.strip() length, for Discord (ASCII whitespace is all a payload here can have at the ends).
std::size_t stripped_chars(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\n\r\f\v");
    if (b == std::string::npos) return 0;
    return chars(std::string_view(s).substr(b, s.find_last_not_of(" \t\n\r\f\v") - b + 1));
}

// ---------------------------------------------------------------------------------------------
// The receiver's checks (webhook-receiver.py), one function per endpoint, plus our own targets
// where they are stricter (Teams <= 20 KB, the webhook < 20,000 bytes).

void slack_text_obj(const Json& obj, std::size_t maximum, const std::string& where, Errors& errors, bool plain_only = false) {
    if (!obj.is_object()) return errors.push_back(where + ": text object expected");
    const std::string type = str(obj, "type");
    if (type != "plain_text" && (plain_only || type != "mrkdwn")) errors.push_back(where + ": bad type " + type);
    if (!obj.contains("text") || !obj["text"].is_string()) return errors.push_back(where + ": text must be a string");
    const std::size_t n = chars(obj["text"].get<std::string>());
    if (n < 1 || n > maximum) errors.push_back(where + ": text length " + std::to_string(n) + " outside 1.." + std::to_string(maximum));
}

Errors check_slack(const Json& obj) {
    Errors errors;
    static const std::set<std::string> kTypes{"section", "header",  "divider", "context", "actions", "image", "markdown", "rich_text",
                                              "input",   "file",    "video",   "table",   "context_actions", "card", "carousel", "alert"};
    if (!obj.is_object()) return {"not an object"};
    if (!obj.contains("text") || !obj["text"].is_string() || obj["text"].get<std::string>().empty()) errors.push_back("no top-level text fallback");
    else if (chars(obj["text"].get<std::string>()) > 40000) errors.push_back("text over 40000");
    const Json& blocks = obj.value("blocks", Json());
    if (!blocks.is_array()) return errors.push_back("blocks must be an array"), errors;
    if (blocks.size() > 50) errors.push_back(std::to_string(blocks.size()) + " blocks");
    std::size_t markdown_total = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const Json& b = blocks[i];
        const std::string where = "blocks[" + std::to_string(i) + "]";
        if (!b.is_object() || !kTypes.contains(str(b, "type"))) {
            errors.push_back(where + ": unknown block type");
            continue;
        }
        if (chars(str(b, "block_id")) > 255) errors.push_back(where + ": block_id");
        const std::string t = str(b, "type");
        if (t == "section") {
            if (!b.contains("text") && !b.contains("fields")) errors.push_back(where + ": section needs text or fields");
            if (b.contains("text")) slack_text_obj(b["text"], 3000, where + ".text", errors);
            if (b.contains("fields")) {
                const Json& f = b["fields"];
                if (!f.is_array() || f.empty() || f.size() > 10) errors.push_back(where + ".fields: 1..10 items");
                else
                    for (std::size_t j = 0; j < f.size(); ++j) slack_text_obj(f[j], 2000, where + ".fields", errors);
            }
        } else if (t == "header") {
            slack_text_obj(b.value("text", Json()), 150, where + ".text", errors, true);
        } else if (t == "context") {
            const Json& el = b.value("elements", Json());
            if (!el.is_array() || el.empty() || el.size() > 10) errors.push_back(where + ".elements: 1..10 items");
            else
                for (const Json& e : el) {
                    if (e.is_object() && (str(e, "type") == "plain_text" || str(e, "type") == "mrkdwn")) slack_text_obj(e, 3000, where + ".elements", errors);
                    else if (!(e.is_object() && str(e, "type") == "image")) errors.push_back(where + ": text or image element expected");
                }
        } else if (t == "markdown") {
            markdown_total += chars(str(b, "text"));
        } else if (t == "actions") {
            const Json& el = b.value("elements", Json());
            if (!el.is_array() || el.empty() || el.size() > 25) errors.push_back(where + ".elements: 1..25 items");
            else
                for (const Json& e : el) {  // Block Kit: a button's text <= 75, its url <= 3000
                    slack_text_obj(e.value("text", Json()), 75, where + ".button.text", errors, true);
                    if (chars(str(e, "url")) > 3000) errors.push_back(where + ".button.url over 3000");
                }
        }
    }
    if (markdown_total > 12000) errors.push_back("markdown blocks over 12000");
    return errors;
}

Errors check_teams(const std::string& body, const Json& obj) {
    Errors errors;
    if (body.size() > 28 * 1024) errors.push_back("body of " + std::to_string(body.size()) + " bytes over 28 KB");
    if (body.size() > 20000) errors.push_back("body of " + std::to_string(body.size()) + " bytes over the 20 KB aimed at");
    if (!obj.is_object() || str(obj, "type") != "message") errors.push_back("type must be message");
    const Json& atts = obj.value("attachments", Json());
    if (!atts.is_array() || atts.empty()) return errors.push_back("attachments must be a non-empty array"), errors;
    for (const Json& a : atts) {
        if (str(a, "contentType") != "application/vnd.microsoft.card.adaptive") errors.push_back("contentType");
        const Json& card = a.value("content", Json());
        if (!card.is_object() || str(card, "type") != "AdaptiveCard") {
            errors.push_back("content.type must be AdaptiveCard");
            continue;
        }
        if (str(card, "version") != "1.4") errors.push_back("card version must be 1.4 (Workflows reject later ones)");
        const Json& cbody = card.value("body", Json::array());
        if (!cbody.is_array() || cbody.empty()) errors.push_back("card body must be a non-empty array");
        else
            for (const Json& el : cbody)
                if (!el.is_object() || !el.contains("type") || !el["type"].is_string()) errors.push_back("body element without type");
    }
    return errors;
}

Errors check_discord(const Json& obj) {
    Errors errors;
    if (!obj.is_object()) return {"not an object"};
    if (chars(str(obj, "content")) > 2000) errors.push_back("content over 2000");
    const std::string username = str(obj, "username");
    if (obj.contains("username")) {
        std::string lower = username;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (chars(username) < 1 || chars(username) > 80) errors.push_back("username length");
        if (lower.find("clyde") != std::string::npos || lower.find("discord") != std::string::npos) errors.push_back("username contains clyde/discord");
    }
    if (obj.value("allowed_mentions", Json()) != Json({{"parse", Json::array()}})) errors.push_back("allowed_mentions must be {\"parse\": []}");
    const Json& embeds = obj.value("embeds", Json::array());
    if (!embeds.is_array() || embeds.size() > 10) errors.push_back("embeds: array of at most 10");
    std::size_t total = 0;
    for (const Json& e : embeds) {
        for (const auto& [key, limit] : {std::pair{"title", 256}, {"description", 4096}}) {
            const std::size_t n = stripped_chars(str(e, key));
            total += n;
            if (n > static_cast<std::size_t>(limit)) errors.push_back(std::string(key) + " over " + std::to_string(limit));
        }
        for (const auto& [key, sub, limit] : {std::tuple{"footer", "text", 2048}, {"author", "name", 256}}) {
            if (!e.contains(key)) continue;
            const std::size_t n = stripped_chars(str(e[key], sub));
            total += n;
            if (n > static_cast<std::size_t>(limit)) errors.push_back(std::string(key) + " over " + std::to_string(limit));
        }
        const Json& fields = e.value("fields", Json::array());
        if (fields.size() > 25) errors.push_back("over 25 fields");
        for (const Json& f : fields)
            for (const auto& [key, limit] : {std::pair{"name", 256}, {"value", 1024}}) {
                const std::size_t n = stripped_chars(str(f, key));
                total += n;
                if (n == 0) errors.push_back(std::string("field ") + key + " required");
                if (n > static_cast<std::size_t>(limit)) errors.push_back(std::string("field ") + key + " over " + std::to_string(limit));
            }
    }
    if (total > 6000) errors.push_back("embeds hold " + std::to_string(total) + " characters, over 6000");
    if (str(obj, "content").empty() && embeds.empty()) errors.push_back("empty message");
    return errors;
}

Errors check_mattermost(const Json& obj) {
    Errors errors;
    const std::string text = str(obj, "text");
    if (text.empty()) errors.push_back("no text");
    if (chars(text) > 16383) errors.push_back("text over 16383 characters (split into several posts)");
    if (obj.contains("type") && str(obj, "type").rfind("custom_", 0) != 0) errors.push_back("type must start with custom_");
    if (std::regex_search(text, std::regex(R"(@(channel|here|all)\b)"))) errors.push_back("text notifies the whole channel");
    return errors;
}

Errors check_google_chat(const std::string& body, const Json& obj) {
    static const std::set<std::string> kFields{"name",          "sender",          "createTime",   "lastUpdateTime",      "deleteTime",
                                               "text",          "formattedText",   "cards",        "cardsV2",             "annotations",
                                               "thread",        "space",           "fallbackText", "actionResponse",      "argumentText",
                                               "slashCommand",  "attachment",      "matchedUrl",   "threadReply",         "clientAssignedMessageId",
                                               "emojiReactionSummaries", "privateMessageViewer", "deletionMetadata", "quotedMessageMetadata",
                                               "attachedGifs",  "accessoryWidgets"};
    Errors errors;
    if (body.size() > 32000) errors.push_back("body of " + std::to_string(body.size()) + " bytes over 32000");
    if (!obj.is_object()) return {"not an object"};
    for (const auto& [key, value] : obj.items())
        if (!kFields.contains(key)) errors.push_back("unknown field " + key);
    if (str(obj, "text").empty() && !obj.contains("cardsV2")) errors.push_back("no text or cardsV2");
    if (obj.contains("cardsV2")) {
        if (!obj["cardsV2"].is_array()) return errors.push_back("cardsV2 is not an array"), errors;
        for (const Json& item : obj["cardsV2"]) {
            if (!item.is_object() || !item.contains("card") || !item["card"].is_object()) {
                errors.push_back("cardsV2 item without card");
                continue;
            }
            std::size_t widgets = 0;
            for (const Json& section : item["card"].value("sections", Json::array())) widgets += section.value("widgets", Json::array()).size();
            if (widgets > 100) errors.push_back("over 100 widgets");
        }
    }
    return errors;
}

Errors check_pagerduty(const std::string& body, const Json& obj) {
    Errors errors;
    if (body.size() > 512 * 1024) errors.push_back("body over 512 KB");
    if (str(obj, "routing_key") != kRoutingKeyPlaceholder) errors.push_back("routing_key is not the placeholder");
    // What the service checks once the key is filled in: 32 characters.
    Json sent = obj;
    sent["routing_key"] = std::string(32, 'k');
    if (chars(str(sent, "routing_key")) != 32) errors.push_back("routing_key");
    if (str(obj, "event_action") != "trigger") errors.push_back("event_action must be trigger");
    if (!obj.contains("dedup_key") || !obj["dedup_key"].is_string() || chars(str(obj, "dedup_key")) > 255 || str(obj, "dedup_key").empty())
        errors.push_back("dedup_key: a string of 1..255");
    const Json& p = obj.value("payload", Json());
    if (!p.is_object()) return errors.push_back("payload missing"), errors;
    const std::string summary = str(p, "summary");
    if (summary.empty() || chars(summary) > 1024) errors.push_back("payload.summary: 1..1024");
    if (str(p, "source").empty()) errors.push_back("payload.source missing");
    static const std::set<std::string> kSeverities{"critical", "error", "warning", "info"};
    if (!kSeverities.contains(str(p, "severity"))) errors.push_back("payload.severity");
    if (p.contains("custom_details") && !p["custom_details"].is_object()) errors.push_back("custom_details must be an object");
    if (obj.contains("links")) {
        if (!obj["links"].is_array()) errors.push_back("links must be an array");
        else
            for (const Json& link : obj["links"])
                if (str(link, "href").empty()) errors.push_back("link without href");
    }
    return errors;
}

Errors check_webhook(const std::string& body, const Json& obj) {
    Errors errors;
    if (body.size() >= 20000) errors.push_back("body of " + std::to_string(body.size()) + " bytes, not under 20,000");
    if (str(obj, "type") != "bomwatch.findings") errors.push_back("type");
    if (str(obj, "timestamp").empty()) errors.push_back("timestamp");
    const Json& data = obj.value("data", Json());
    for (const char* key : {"id", "project", "branch", "build", "link", "title"})
        if (!data.contains(key) || !data[key].is_string()) errors.push_back(std::string("data.") + key + " must be a string");
    for (const char* key : {"total", "omitted"})
        if (!data.contains(key) || !data[key].is_number_unsigned()) errors.push_back(std::string("data.") + key + " must be a count");
    if (!data.contains("counts") || !data["counts"].is_object() || data["counts"].size() != policy::kSeverityCount) errors.push_back("data.counts");
    if (!data.contains("findings") || !data["findings"].is_array()) return errors.push_back("data.findings"), errors;
    for (const Json& f : data["findings"]) {
        for (const char* key : {"severity", "rule", "name", "ecosystem", "purl", "oldVersion", "newVersion", "message", "fingerprint"})
            if (!f.contains(key) || !f[key].is_string()) errors.push_back(std::string("finding.") + key + " must be a string");
        if (!f.contains("path") || !f["path"].is_array()) errors.push_back("finding.path must be an array");
    }
    return errors;
}

Errors check_email(const EmailContent& email) {
    Errors errors;
    if (email.subject.empty()) errors.push_back("empty subject");
    if (email.subject.find_first_of("\r\n") != std::string::npos) errors.push_back("CR or LF in the subject");
    if (chars(email.subject) > 200) errors.push_back("subject over 200 characters");
    if (!valid_utf8(email.subject) || !valid_utf8(email.body)) errors.push_back("invalid UTF-8");
    if (email.body.find('\r') != std::string::npos) errors.push_back("CR in the body (delivery makes the CRLFs)");
    std::size_t start = 0;
    while (start < email.body.size()) {
        const std::size_t end = std::min(email.body.find('\n', start), email.body.size());
        if (end - start > 998) errors.push_back("a body line of " + std::to_string(end - start) + " octets");
        start = end + 1;
    }
    return errors;
}

}  // namespace

Errors check(SinkKind kind, const Alert& alert) {
    if (kind == SinkKind::Email) return check_email(render_email(alert));
    const std::string body = render(kind, alert);
    if (!valid_utf8(body)) return {"invalid UTF-8"};
    Json obj;
    try {
        obj = Json::parse(body);
    } catch (const std::exception& e) {
        return {std::string("not JSON: ") + e.what()};
    }
    switch (kind) {
    case SinkKind::Slack: return check_slack(obj);
    case SinkKind::Teams: return check_teams(body, obj);
    case SinkKind::Discord: return check_discord(obj);
    case SinkKind::Mattermost: return check_mattermost(obj);
    case SinkKind::GoogleChat: return check_google_chat(body, obj);
    case SinkKind::Webhook: return check_webhook(body, obj);
    case SinkKind::PagerDuty: return check_pagerduty(body, obj);
    case SinkKind::Email: break;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// What a person sees: the payload's texts with the platform's escaping undone.

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}
namespace {

std::string unentity(std::string s) { return replace_all(replace_all(replace_all(std::move(s), "&lt;", "<"), "&gt;", ">"), "&amp;", "&"); }
std::string unbackslash(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) ++i;
        out += s[i];
    }
    return out;
}
std::string unzwj(std::string s) { return replace_all(std::move(s), text::kZeroWidthJoiner, ""); }

}  // namespace

void strings_of(const Json& j, std::string& out) {
    if (j.is_string()) out += j.get<std::string>() + "\n";
    else if (j.is_array() && !j.empty() && std::all_of(j.begin(), j.end(), [](const Json& x) { return x.is_string(); })) {
        for (std::size_t i = 0; i < j.size(); ++i) out += (i ? " → " : "") + j[i].get<std::string>();  // a path
        out += "\n";
    } else if (j.is_structured())
        for (const Json& x : j) strings_of(x, out);
}

std::string visible(SinkKind kind, const Alert& alert) {
    if (kind == SinkKind::Email) {
        const EmailContent email = render_email(alert);
        return email.subject + "\n" + email.body;
    }
    const Json obj = Json::parse(render(kind, alert));
    std::string all;
    strings_of(obj, all);
    switch (kind) {
    case SinkKind::Slack: return unentity(all);
    case SinkKind::Teams: return unbackslash(all);
    case SinkKind::Discord: return unzwj(unbackslash(all));
    case SinkKind::Mattermost: return unentity(unzwj(unbackslash(all)));
    case SinkKind::GoogleChat: {
        for (const char* tag : {"<b>", "</b>", "<i>", "</i>"}) all = replace_all(all, tag, "");
        return unentity(replace_all(all, "<br>", "\n"));
    }
    default: return all;
    }
}


}  // namespace bomwatch::alerts::checks
