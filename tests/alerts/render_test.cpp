// Every platform's payload for alerts made from real judged diffs (the axios pair, and the rules
// pair with its 28 findings from critical to info), for a hostile alert and for a huge one: valid
// JSON, the platform's shape and every limit of ../shared/research/alerts.md (checked as
// ../shared/tools/webhook-receiver.py checks them), the top findings shown with what, versions,
// why and path, "and N more" for the rest, untrusted text escaped, and the same bytes every time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <optional>
#include <tuple>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "alerts/render.h"
#include "alerts/render_text.h"
#include "diff/changes.h"
#include "policy/fingerprint.h"
#include "policy/judge.h"
#include "policy/osv.h"
#include "sbom/read.h"
#include "tests/test_paths.h"

namespace bomwatch::alerts {
namespace {

using Json = nlohmann::json;
using Errors = std::vector<std::string>;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::Not;

constexpr std::array<SinkKind, 8> kAllKinds{SinkKind::Slack,      SinkKind::Teams,   SinkKind::Discord,   SinkKind::Mattermost,
                                            SinkKind::GoogleChat, SinkKind::Webhook, SinkKind::PagerDuty, SinkKind::Email};

// ---------------------------------------------------------------------------------------------
// Text measures, as the platforms (and the receiver, in Python) count.

// Code points of valid UTF-8 (Python's len()).
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

// Every check for `kind`, on the rendered payload.
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

// Every string in a JSON value, one per line.
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

// ---------------------------------------------------------------------------------------------
// Alerts from real judged diffs.

// A context with the fields not named left empty (designated initialisers would warn).
AlertContext context_of(std::string project, std::string branch = "", std::string build = "", std::string link = "", std::string timestamp = "") {
    return {.project = std::move(project), .branch = std::move(branch), .build = std::move(build), .link = std::move(link), .timestamp = std::move(timestamp)};
}

const AlertContext kContext{.project = "checkout-web",
                            .branch = "main",
                            .build = "4711",
                            .link = "https://ci.example.com/checkout-web/builds/4711",
                            .timestamp = "2026-11-26T13:12:27Z"};

struct Judged {
    sbom::Document old_doc, new_doc;
    diff::Changes changes;
    policy::Findings findings;
    Judged(const std::string& old_path, const std::string& new_path, bool with_osv)
        : old_doc(sbom::read_sbom(old_path)), new_doc(sbom::read_sbom(new_path)), changes(diff::compare(old_doc, new_doc)) {
        std::optional<policy::OsvDatabase> osv;
        if (with_osv) osv = policy::OsvDatabase::open(test::testdata("rules/osv"));
        findings = policy::judge(changes, {.osv = osv ? &*osv : nullptr, .today = "2026-11-26"});
    }
    std::vector<const policy::Finding*> unexpected() const {
        std::vector<const policy::Finding*> out;
        for (const policy::Finding& f : findings.items)
            if (!f.expected) out.push_back(&f);
        return out;
    }
    Alert alert(const AlertContext& context = kContext) const { return make_alert(changes, unexpected(), context); }
};

const Judged& axios_pair() {
    static const Judged judged(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.spdx.json"), false);
    return judged;
}
const Judged& rules_pair() {
    static const Judged judged(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), true);
    return judged;
}

const AlertFinding* find(const Alert& alert, std::string_view rule, std::string_view name) {
    for (const AlertFinding& f : alert.findings)
        if (f.rule == rule && f.name == name) return &f;
    return nullptr;
}

std::string join_path(const std::vector<std::string>& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) out += (i ? " → " : "") + path[i];
    return out;
}

// A hostile alert: every untrusted text tries to mention, format, link, inject HTML or headers,
// or to be cut in the middle of a character.
Alert hostile_alert() {
    Alert alert = rules_pair().alert({.project = "<!channel> shop @here *x*",
                                      .branch = "main\r\nBcc: victim@example.com",
                                      .build = "42<script>alert(1)</script>",
                                      .link = "https://ci.example.com/b?q=<x>&y=(1)",
                                      .timestamp = "2026-11-26T13:12:27Z"});
    const std::vector<std::string> names{
        "<!channel>",
        "@here",
        "@everyone",
        "*bold* _it_ ~s~ `code`",
        "<script>alert(1)</script>",
        "[x](http://evil)",
        std::string(5000, 'a'),
        "evil\r\nSubject: injected\r\n\r\nbody",
        "<@U024BE7LH> <users/all> @channel @all",
        "</b><a href=\"http://evil\">click</a>",
        "\xE2\x80\xAE" "reversed \x01\x7f control",   // RLO and controls
        "\xff\xfe invalid \xc3",                        // invalid UTF-8
    };
    std::string euro, emoji;
    for (int i = 0; i < 3000; ++i) euro += "€";    // 3 bytes each
    for (int i = 0; i < 3000; ++i) emoji += "😀";  // 4 bytes each
    for (std::size_t i = 0; i < alert.findings.size(); ++i) {
        AlertFinding& f = alert.findings[i];
        // Multi-byte names of every length around the cut points, and the hostile ones.
        if (i < names.size()) f.name = names[i];
        else if (i % 2) f.name = emoji.substr(0, 4 * (190 + i));
        else f.name = euro.substr(0, 3 * (190 + i));
        f.message = "ping <!here> and @everyone *now* [click](http://evil) " + (i % 3 == 0 ? emoji.substr(0, 4 * 1500) : euro.substr(0, 3 * 700));
        f.old_version = i % 4 == 0 ? "1.0<!channel>" : f.old_version;
        f.new_version = i % 4 == 1 ? "@everyone\n2.0" : f.new_version;
        f.ecosystem = i % 5 == 0 ? "npm*_" : f.ecosystem;
        f.path = {"root 1.0", "<!channel> 6.6.6", "@here 1", euro.substr(0, 3 * 500)};
    }
    alert.title = "bomwatch: 28 findings in <!channel> shop @here *x* (main\r\nBcc: victim@example.com), build 42<script>" + emoji.substr(0, 400);
    return alert;
}

// 500 findings from the rules pair's, each with its own name "pkg-<n>-<name>" and a long message.
Alert huge_alert() {
    const Alert base = rules_pair().alert();
    Alert alert = base;
    alert.findings.clear();
    for (std::size_t i = 0; i < 500; ++i) {
        AlertFinding f = base.findings[i * base.findings.size() / 500];  // keeps the severity order
        f.name = "pkg-" + std::to_string(i) + "-" + f.name;
        f.message += " " + std::string(300, 'm');
        f.fingerprint = std::to_string(i);
        alert.findings.push_back(std::move(f));
    }
    alert.total = 500;
    alert.counts = {};
    for (const AlertFinding& f : alert.findings) ++alert.counts[static_cast<std::size_t>(f.severity)];
    return alert;
}

// The findings a payload shows: the n of "pkg-<n>-" in what a person sees.
std::set<std::size_t> huge_shown(SinkKind kind, const Alert& alert) {
    const std::string seen = visible(kind, alert);
    std::set<std::size_t> out;
    static const std::regex kName(R"(pkg-(\d+)-)");
    for (auto it = std::sregex_iterator(seen.begin(), seen.end(), kName); it != std::sregex_iterator(); ++it) out.insert(std::stoul((*it)[1]));
    return out;
}

// Writes each payload to $BOMWATCH_ALERT_DUMP/<name>.<kind>.json when that is set, for a look with
// other tools (the receiver's own checks).
void dump_payloads(const std::string& name, const Alert& alert) {
    const char* dir = std::getenv("BOMWATCH_ALERT_DUMP");
    if (!dir) return;
    for (SinkKind kind : kAllKinds) std::ofstream(std::string(dir) + "/" + name + "." + std::string(sink_kind_name(kind)) + (kind == SinkKind::Email ? ".txt" : ".json"), std::ios::binary) << render(kind, alert);
}

// ---------------------------------------------------------------------------------------------
// make_alert

TEST(MakeAlert, TheAxiosAlertCarriesTheFindingsVersionsPathAndFingerprints) {
    const Judged& judged = axios_pair();
    const Alert alert = judged.alert();
    EXPECT_EQ(alert.project, "checkout-web");
    EXPECT_EQ(alert.timestamp, "2026-11-26T13:12:27Z");
    ASSERT_EQ(alert.findings.size(), judged.unexpected().size());
    EXPECT_EQ(alert.total, alert.findings.size());

    const AlertFinding* added = find(alert, "new-dependency-in-update", "plain-crypto-js");
    ASSERT_NE(added, nullptr);
    EXPECT_EQ(added->severity, policy::Severity::High);
    EXPECT_EQ(added->ecosystem, "npm");
    EXPECT_EQ(added->old_version, "");
    EXPECT_EQ(added->new_version, "4.2.1");
    EXPECT_EQ(added->purl, "pkg:npm/plain-crypto-js@4.2.1");
    ASSERT_GE(added->path.size(), 3u);
    EXPECT_EQ(added->path[added->path.size() - 2], "axios 1.14.1");
    EXPECT_EQ(added->path.back(), "plain-crypto-js 4.2.1");
    EXPECT_THAT(added->message, HasSubstr("1.14.0 → 1.14.1"));

    const AlertFinding* update = find(alert, "version-update", "axios");
    ASSERT_NE(update, nullptr);
    EXPECT_EQ(update->old_version, "1.14.0");
    EXPECT_EQ(update->new_version, "1.14.1");

    // Each finding's fingerprint is policy::fingerprint of its finding, in the Findings order.
    const auto unexpected = judged.unexpected();
    for (std::size_t i = 0; i < unexpected.size(); ++i) {
        EXPECT_EQ(alert.findings[i].fingerprint, policy::fingerprint(judged.changes, *unexpected[i]));
        EXPECT_EQ(alert.findings[i].name, unexpected[i]->name);
    }
}

TEST(MakeAlert, TheTitleCountsBySeverityAndNamesProjectBranchAndBuild) {
    const Alert alert = rules_pair().alert();
    ASSERT_EQ(alert.findings.size(), 28u);
    EXPECT_EQ(alert.counts[static_cast<std::size_t>(policy::Severity::Critical)], 2u);
    EXPECT_EQ(alert.counts[static_cast<std::size_t>(policy::Severity::High)], 5u);
    EXPECT_EQ(alert.total, 28u);
    EXPECT_EQ(alert.title, "bomwatch: 2 critical, 5 high, 5 medium, 12 low, 4 info unexpected findings in checkout-web (main), build 4711");
    EXPECT_TRUE(std::is_sorted(alert.findings.begin(), alert.findings.end(), [](const AlertFinding& a, const AlertFinding& b) { return a.severity > b.severity; }));

    const Alert one = make_alert(rules_pair().changes, {rules_pair().unexpected().front()}, context_of("p"));
    EXPECT_EQ(one.title, "bomwatch: 1 critical unexpected finding in p");
    EXPECT_EQ(one.timestamp.size(), 20u) << "now, as 2026-11-26T13:12:27Z";
    const Alert none = make_alert(rules_pair().changes, {}, context_of("p", "b"));
    EXPECT_EQ(none.title, "bomwatch: no unexpected findings in p (b)");

    // Removed: the old version only; the advisory finding: its version.
    const AlertFinding* removed = find(alert, "removed", "uuid");
    ASSERT_NE(removed, nullptr);
    EXPECT_FALSE(removed->old_version.empty());
    EXPECT_EQ(removed->new_version, "");
}

TEST(MakeAlert, TheIdIsStableAcrossRetriesAndOrderButNotAcrossBuilds) {
    const Judged& judged = rules_pair();
    const Alert a = judged.alert();
    EXPECT_EQ(a.id.size(), 32u);
    EXPECT_EQ(a.id.find_first_not_of("0123456789abcdef"), std::string::npos);
    AlertContext later = kContext;
    later.timestamp = "2026-11-27T00:00:00Z";
    EXPECT_EQ(judged.alert(later).id, a.id) << "a retry the next day is the same alert";

    auto reversed = judged.unexpected();
    std::reverse(reversed.begin(), reversed.end());
    const Alert b = make_alert(judged.changes, reversed, kContext);
    EXPECT_EQ(b.id, a.id);
    ASSERT_EQ(b.findings.size(), a.findings.size());
    EXPECT_EQ(b.findings.front().severity, policy::Severity::Critical) << "highest severity first, whatever the order given";

    AlertContext other_build = kContext;
    other_build.build = "4712";
    EXPECT_NE(judged.alert(other_build).id, a.id);
    AlertContext other_branch = kContext;
    other_branch.branch = "release";
    EXPECT_NE(judged.alert(other_branch).id, a.id);
    auto fewer = judged.unexpected();
    fewer.pop_back();
    EXPECT_NE(make_alert(judged.changes, fewer, kContext).id, a.id);
}

TEST(MakeAlert, TheSampleAlertIsMarkedAsATest) {
    const Alert sample = sample_alert(context_of("shop", "", "", "https://ci.example.com/1", "2026-11-26T13:12:27Z"));
    EXPECT_THAT(sample.title, testing::StartsWith("[test] bomwatch: "));
    EXPECT_THAT(sample.title, HasSubstr("shop"));
    EXPECT_FALSE(sample.findings.empty());
    EXPECT_EQ(sample.findings.front().severity, policy::Severity::Critical);
    for (const AlertFinding& f : sample.findings) EXPECT_THAT(f.message, HasSubstr("Test alert"));
    EXPECT_EQ(sample_alert(context_of("shop", "", "", "", "x")).id, sample_alert(context_of("shop", "", "", "", "y")).id);
    for (SinkKind kind : kAllKinds) EXPECT_THAT(check(kind, sample), IsEmpty()) << sink_kind_name(kind);
}

// ---------------------------------------------------------------------------------------------
// Renderers

TEST(Render, SinkKindNamesRoundTrip) {
    std::set<std::string_view> names;
    for (SinkKind kind : kAllKinds) {
        SinkKind parsed = kind == SinkKind::Slack ? SinkKind::Email : SinkKind::Slack;
        ASSERT_TRUE(parse_sink_kind(sink_kind_name(kind), parsed)) << sink_kind_name(kind);
        EXPECT_EQ(parsed, kind);
        names.insert(sink_kind_name(kind));
    }
    EXPECT_EQ(names, (std::set<std::string_view>{"slack", "teams", "discord", "mattermost", "googlechat", "webhook", "pagerduty", "email"}));
    SinkKind kind = SinkKind::Teams;
    EXPECT_FALSE(parse_sink_kind("Slack", kind));
    EXPECT_FALSE(parse_sink_kind("msteams", kind));
    EXPECT_FALSE(parse_sink_kind("", kind));
    EXPECT_EQ(kind, SinkKind::Teams);
}

TEST(Render, TheAxiosAlertIsValidEverywhereAndShowsWhatWhyAndPath) {
    const Alert alert = axios_pair().alert();
    dump_payloads("axios", alert);
    const AlertFinding* added = find(alert, "new-dependency-in-update", "plain-crypto-js");
    ASSERT_NE(added, nullptr);
    for (SinkKind kind : kAllKinds) {
        SCOPED_TRACE(sink_kind_name(kind));
        EXPECT_THAT(check(kind, alert), IsEmpty());
        const std::string seen = visible(kind, alert);
        EXPECT_THAT(seen, HasSubstr("plain-crypto-js"));
        EXPECT_THAT(seen, HasSubstr("4.2.1"));
        EXPECT_THAT(seen, HasSubstr("1.14.0 → 1.14.1"));  // axios's update, in its own finding and the message
        EXPECT_THAT(seen, HasSubstr(join_path(added->path)));
        EXPECT_THAT(seen, HasSubstr(added->message));
        EXPECT_THAT(seen, HasSubstr("checkout-web"));
        EXPECT_THAT(seen, HasSubstr("4711"));
        EXPECT_THAT(seen, HasSubstr("https://ci.example.com/checkout-web/builds/4711"));
        EXPECT_THAT(seen, Not(HasSubstr("more finding"))) << "every finding of the axios alert fits";
    }
}

TEST(Render, TheTopLineCountsBySeverity) {
    const Alert alert = rules_pair().alert();
    for (SinkKind kind : kAllKinds) EXPECT_THAT(visible(kind, alert), HasSubstr("2 critical, 5 high, 5 medium, 12 low, 4 info")) << sink_kind_name(kind);
    // Slack: the title in the header and in the notification's fallback text.
    const Json slack = Json::parse(render_slack(alert));
    EXPECT_EQ(slack["blocks"][0]["type"], "header");
    EXPECT_EQ(slack["blocks"][0]["text"]["text"], alert.title);
    EXPECT_EQ(slack["text"], alert.title);
}

TEST(Render, TheRulesAlertFitsAndSaysHowManyAreLeftOut) {
    const Alert alert = rules_pair().alert();
    dump_payloads("rules", alert);
    for (SinkKind kind : kAllKinds) {
        SCOPED_TRACE(sink_kind_name(kind));
        EXPECT_THAT(check(kind, alert), IsEmpty());
        const std::string seen = visible(kind, alert);
        // The most severe findings come first and are always shown.
        EXPECT_THAT(seen, HasSubstr("left-pad"));
        EXPECT_LT(seen.find("left-pad"), seen.find("uuid") == std::string::npos ? seen.size() : seen.find("uuid"));
    }
    // Slack shows 20 of the 28 sections; the rest are counted.
    const Json slack = Json::parse(render_slack(alert));
    EXPECT_THAT(visible(SinkKind::Slack, alert), HasSubstr("and 8 more findings"));
    EXPECT_THAT(visible(SinkKind::Slack, alert), Not(HasSubstr("uuid")));
    // The webhook and PagerDuty carry all 28; nothing is omitted.
    const Json webhook = Json::parse(render_webhook(alert));
    EXPECT_EQ(webhook["data"]["findings"].size(), 28u);
    EXPECT_EQ(webhook["data"]["omitted"], 0);
    EXPECT_EQ(webhook["data"]["total"], 28);
    EXPECT_EQ(webhook["data"]["counts"]["critical"], 2);
    EXPECT_EQ(webhook["data"]["id"], alert.id);
    EXPECT_EQ(webhook["timestamp"], "2026-11-26T13:12:27Z");
    EXPECT_EQ(Json::parse(render_pagerduty(alert))["payload"]["custom_details"]["findings"].size(), 28u);
    // E-mail lists them all.
    EXPECT_THAT(render_email(alert).body, HasSubstr("28. INFO"));
}

TEST(Render, WebhookFindingsCarryEveryDocumentedField) {
    const Alert alert = axios_pair().alert();
    const Json data = Json::parse(render_webhook(alert))["data"];
    const AlertFinding* added = find(alert, "new-dependency-in-update", "plain-crypto-js");
    ASSERT_NE(added, nullptr);
    const auto it = std::find_if(data["findings"].begin(), data["findings"].end(),
                                 [](const Json& f) { return f["rule"] == "new-dependency-in-update" && f["name"] == "plain-crypto-js"; });
    ASSERT_NE(it, data["findings"].end());
    EXPECT_EQ((*it)["severity"], "high");
    EXPECT_EQ((*it)["ecosystem"], "npm");
    EXPECT_EQ((*it)["purl"], "pkg:npm/plain-crypto-js@4.2.1");
    EXPECT_EQ((*it)["oldVersion"], "");
    EXPECT_EQ((*it)["newVersion"], "4.2.1");
    EXPECT_EQ((*it)["message"], added->message);
    EXPECT_EQ((*it)["path"], Json(added->path));
    EXPECT_EQ((*it)["fingerprint"], added->fingerprint);
    EXPECT_EQ(data["project"], "checkout-web");
    EXPECT_EQ(data["branch"], "main");
    EXPECT_EQ(data["build"], "4711");
    EXPECT_EQ(data["link"], "https://ci.example.com/checkout-web/builds/4711");
}

TEST(Render, PagerDutyMapsTheWorstSeverityAndDedupsOnTheId) {
    const Judged& judged = rules_pair();
    const auto with_worst = [&](policy::Severity worst) {
        std::vector<const policy::Finding*> some;
        for (const policy::Finding* f : judged.unexpected())
            if (f->severity <= worst) some.push_back(f);
        return Json::parse(render_pagerduty(make_alert(judged.changes, some, kContext)));
    };
    EXPECT_EQ(with_worst(policy::Severity::Critical)["payload"]["severity"], "critical");
    EXPECT_EQ(with_worst(policy::Severity::High)["payload"]["severity"], "error");
    EXPECT_EQ(with_worst(policy::Severity::Medium)["payload"]["severity"], "warning");
    EXPECT_EQ(with_worst(policy::Severity::Low)["payload"]["severity"], "info");
    EXPECT_EQ(with_worst(policy::Severity::Info)["payload"]["severity"], "info");

    const Alert alert = judged.alert();
    const Json event = Json::parse(render_pagerduty(alert));
    EXPECT_EQ(event["routing_key"], std::string(kRoutingKeyPlaceholder));
    EXPECT_EQ(event["dedup_key"], alert.id);
    EXPECT_EQ(event["payload"]["source"], "bomwatch/checkout-web");
    EXPECT_EQ(event["links"][0]["href"], "https://ci.example.com/checkout-web/builds/4711");
    EXPECT_EQ(event["payload"]["custom_details"]["counts"]["high"], 5);
    EXPECT_THAT(event["payload"]["summary"].get<std::string>(), HasSubstr("left-pad"));  // the top finding
    // Without a link, no links.
    AlertContext no_link = kContext;
    no_link.link.clear();
    EXPECT_FALSE(Json::parse(render_pagerduty(judged.alert(no_link))).contains("links"));
}

TEST(Render, HostileTextIsEscapedOnEveryPlatformAndStaysWithinLimits) {
    const Alert alert = hostile_alert();
    dump_payloads("hostile", alert);
    for (SinkKind kind : kAllKinds) EXPECT_THAT(check(kind, alert), IsEmpty()) << sink_kind_name(kind);

    // Slack: untrusted text only in plain_text; mrkdwn (and the fallback text) has no '<' at all,
    // so no <!channel>, <@U…> or link can form, and no name's * _ ~ pairs up.
    const Json slack = Json::parse(render_slack(alert));
    std::string mrkdwn = slack["text"].get<std::string>() + "\n";
    std::function<void(const Json&)> walk = [&](const Json& j) {
        if (j.is_object() && j.value("type", "") == "mrkdwn") mrkdwn += j["text"].get<std::string>() + "\n";
        if (j.is_structured())
            for (const Json& x : j) walk(x);
    };
    walk(slack["blocks"]);
    EXPECT_EQ(mrkdwn.find('<'), std::string::npos) << mrkdwn;
    EXPECT_THAT(mrkdwn, Not(HasSubstr("*bold*")));
    EXPECT_THAT(visible(SinkKind::Slack, alert), HasSubstr("<!channel>")) << "shown, as plain text";

    // Teams: Markdown characters of names are escaped: no link, no emphasis.
    const std::string teams = render_teams(alert);
    EXPECT_THAT(teams, Not(HasSubstr("[x](http://evil)")));
    EXPECT_THAT(teams, Not(HasSubstr("*bold*")));
    EXPECT_THAT(visible(SinkKind::Teams, alert), HasSubstr("[x](http://evil)"));

    // Discord: no mention can ping (allowed_mentions is empty) and none is even written out.
    const Json discord = Json::parse(render_discord(alert));
    EXPECT_EQ(discord["allowed_mentions"], Json({{"parse", Json::array()}}));
    std::string discord_text;
    strings_of(discord, discord_text);
    for (const char* raw : {"@everyone", "@here", "@channel", "[x](http://evil)", "*bold*", "<@U024BE7LH>"}) EXPECT_THAT(discord_text, Not(HasSubstr(raw)));
    EXPECT_THAT(visible(SinkKind::Discord, alert), HasSubstr("@everyone"));

    // Mattermost: no @channel/@here/@all, no Slack-style <!channel>, no HTML, no link.
    const std::string mattermost = Json::parse(render_mattermost(alert))["text"];
    EXPECT_FALSE(std::regex_search(mattermost, std::regex(R"(@(channel|here|all|everyone)\b)")));
    for (const char* raw : {"<!channel>", "<script>", "[x](http://evil)", "*bold*", "<@U024BE7LH>"}) EXPECT_THAT(mattermost, Not(HasSubstr(raw)));
    EXPECT_THAT(visible(SinkKind::Mattermost, alert), HasSubstr("<script>alert(1)</script>"));

    // Google Chat: card text has only bomwatch's own tags; the message text has no '<' at all.
    const Json chat = Json::parse(render_google_chat(alert));
    EXPECT_EQ(chat["text"].get<std::string>().find('<'), std::string::npos);
    std::string card_text;
    strings_of(chat["cardsV2"], card_text);
    for (const char* tag : {"<b>", "</b>", "<i>", "</i>", "<br>"}) card_text = replace_all(card_text, tag, "");
    EXPECT_EQ(card_text.find('<'), std::string::npos) << card_text.substr(0, 2000);
    EXPECT_THAT(visible(SinkKind::GoogleChat, alert), HasSubstr("<script>"));

    // E-mail: one subject line, whatever the title holds.
    const EmailContent email = render_email(alert);
    EXPECT_EQ(email.subject.find_first_of("\r\n"), std::string::npos);
    EXPECT_THAT(email.body, Not(HasSubstr("\nSubject: injected")));
    EXPECT_THAT(email.body, Not(HasSubstr("\nBcc:")));

    // The webhook and PagerDuty keep the text (JSON-escaped), minus line breaks and controls.
    const Json webhook = Json::parse(render_webhook(alert));
    EXPECT_EQ(webhook["data"]["findings"][0]["name"], "<!channel>");
    EXPECT_EQ(webhook["data"]["branch"], "main  Bcc: victim@example.com");
    std::string webhook_text;
    strings_of(webhook, webhook_text);
    EXPECT_EQ(webhook_text.find('\r'), std::string::npos);
    EXPECT_EQ(webhook_text.find('\x01'), std::string::npos);
    EXPECT_EQ(webhook_text.find("\xE2\x80\xAE"), std::string::npos) << "no right-to-left override";
    // The link: percent-encoded where it could end Markdown or HTML.
    EXPECT_EQ(webhook["data"]["link"], "https://ci.example.com/b?q=%3Cx%3E&y=%281%29");
}

TEST(Render, ALinkThatIsNotHttpIsLeftOut) {
    AlertContext context = kContext;
    context.link = "javascript:alert(1)";
    const Alert alert = rules_pair().alert(context);
    for (SinkKind kind : kAllKinds) EXPECT_THAT(render(kind, alert), Not(HasSubstr("javascript:"))) << sink_kind_name(kind);
}

TEST(Render, AHugeAlertStaysWithinLimitsAndCountsWhatIsLeftOut) {
    const Alert alert = huge_alert();
    dump_payloads("huge", alert);
    for (SinkKind kind : kAllKinds) {
        SCOPED_TRACE(sink_kind_name(kind));
        EXPECT_THAT(check(kind, alert), IsEmpty());
        const std::set<std::size_t> shown = huge_shown(kind, alert);
        ASSERT_FALSE(shown.empty());
        // The first n findings, in order, and a count of the rest.
        EXPECT_EQ(*shown.rbegin(), shown.size() - 1) << "a prefix of the findings is shown";
        ASSERT_LT(shown.size(), 500u);
        const std::size_t left = 500 - shown.size();
        if (kind == SinkKind::Webhook || kind == SinkKind::PagerDuty) {
            const Json obj = Json::parse(render(kind, alert));
            const Json& data = kind == SinkKind::Webhook ? obj["data"] : obj["payload"]["custom_details"];
            EXPECT_EQ(data["omitted"], left);
            EXPECT_EQ(data["total"], 500);
            EXPECT_EQ(data["findings"].size(), shown.size());
        } else {
            EXPECT_THAT(visible(kind, alert), HasSubstr("and " + text::with_commas(left) + " more findings"));
        }
    }
    EXPECT_EQ(huge_shown(SinkKind::Email, alert).size(), 200u);
}

TEST(Render, AnAlertWithoutFindingsOrContextIsStillValid) {
    Alert empty = make_alert(rules_pair().changes, {}, context_of("", "", "", "", "2026-11-26T13:12:27Z"));
    for (SinkKind kind : kAllKinds) {
        EXPECT_THAT(check(kind, empty), IsEmpty()) << sink_kind_name(kind);
        EXPECT_THAT(visible(kind, empty), Not(HasSubstr("more finding"))) << sink_kind_name(kind);
    }
}

TEST(Render, EveryRendererIsDeterministic) {
    for (const Alert& alert : {axios_pair().alert(), rules_pair().alert(), hostile_alert(), huge_alert()})
        for (SinkKind kind : kAllKinds) EXPECT_EQ(render(kind, alert), render(kind, alert)) << sink_kind_name(kind);
    // The same judged diff makes the same alert, so the same bytes: a retry sends what was sent.
    for (SinkKind kind : kAllKinds) EXPECT_EQ(render(kind, rules_pair().alert()), render(kind, rules_pair().alert())) << sink_kind_name(kind);
}

// ---------------------------------------------------------------------------------------------
// The text helpers behind every cut.

TEST(RenderText, CutsNeverSplitACharacterAndKeepTheLimit) {
    const std::string mixed = "aé€😀aé€😀aé€😀aé€😀";  // 1-, 2-, 3- and 4-byte characters
    for (std::size_t max = 1; max <= text::chars(mixed) + 1; ++max) {
        const std::string cleaned = text::clean(mixed, max);
        EXPECT_TRUE(valid_utf8(cleaned)) << max;
        EXPECT_LE(text::chars(cleaned), max);
        if (max < text::chars(mixed)) EXPECT_THAT(cleaned, testing::EndsWith("…"));
        else EXPECT_EQ(cleaned, mixed);
        for (auto escaped : {text::slack_mrkdwn("<&>" + mixed, max), text::discord_md("*_" + mixed, max), text::mattermost_md("@a<" + mixed, max)}) {
            EXPECT_TRUE(valid_utf8(escaped)) << max;
            EXPECT_LE(text::chars(escaped), max);
        }
        const std::string bytes = text::cut_bytes(mixed, max + 3);
        EXPECT_TRUE(valid_utf8(bytes));
        EXPECT_LE(bytes.size(), max + 3);
    }
    // An escape is never cut in half: "&amp;" is whole or absent.
    EXPECT_EQ(text::slack_mrkdwn("ab&cd", 4), "ab…");
    EXPECT_EQ(text::slack_mrkdwn("ab&cd", 9), "ab&amp;cd");
    EXPECT_EQ(text::slack_mrkdwn("ab&cd", 8), "ab&amp;…");
}

TEST(RenderText, CleanMakesOneLineOfValidText) {
    EXPECT_EQ(text::clean("a\r\nb\tc"), "a  b c");
    EXPECT_EQ(text::clean("x\x01y\x7fz"), "x?y?z");
    EXPECT_EQ(text::clean("\xff" "ok\xc3"), "?ok?");
    EXPECT_EQ(text::clean("\xE2\x80\xAE" "evil"), "?evil");
    EXPECT_EQ(text::clean("\xC2\x85"), "?");  // NEL, a C1 control
}

TEST(RenderText, LongLinesAreWrappedAtCharacters) {
    std::string line;
    for (int i = 0; i < 1000; ++i) line += "€";
    const std::string wrapped = text::wrap_long_lines("short\n" + line + "\n", 100, "  ");
    EXPECT_TRUE(valid_utf8(wrapped));
    std::size_t start = 0, lines = 0;
    while (start < wrapped.size()) {
        const std::size_t end = wrapped.find('\n', start);
        ASSERT_NE(end, std::string::npos);
        EXPECT_LE(end - start, 100u);
        start = end + 1;
        ++lines;
    }
    EXPECT_GE(lines, 31u);
    EXPECT_EQ(replace_all(replace_all(wrapped, "\n  ", ""), "\n", ""), "short" + line);
}

}  // namespace
}  // namespace bomwatch::alerts
