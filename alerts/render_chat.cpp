// The chat platforms' payloads: Slack, Microsoft Teams, Discord, Mattermost, Google Chat.
// Limits and escaping rules: ../shared/research/alerts.md §1-§5. Counts of characters are code
// points (what the platforms and the test receiver count); byte limits are measured on the exact
// JSON text that is sent.
#include "alerts/render.h"
#include "alerts/render_json.h"
#include "alerts/render_text.h"

namespace bomwatch::alerts {

namespace {

using namespace text;  // Json and dump() too (render_json.h)

// The alert's own fields, cleaned once.
struct Head {
    std::string title, project, branch, build, counts, link;
    std::size_t total;
};
Head head(const Alert& alert) {
    Head h;
    h.title = clean(alert.title, 500);
    h.project = clean(alert.project, 200);
    h.branch = clean(alert.branch, 200);
    h.build = clean(alert.build, 100);
    h.counts = counts_line(alert);
    h.total = alert.total ? alert.total : alert.findings.size();
    h.link = safe_url(alert.link);
    return h;
}
std::string counts_sentence(const Head& h) { return h.counts.empty() ? "No unexpected findings" : h.counts + (h.total == 1 ? " unexpected finding" : " unexpected findings"); }

// ---------------------------------------------------------------------------------------------
// Slack (§1): Block Kit. Untrusted text goes only into plain_text objects, which Slack does not
// parse for mentions, links or formatting; mrkdwn holds bomwatch's own words and numbers, with
// & < > escaped all the same.

constexpr std::size_t kSlackMaxFindings = 20;  // 20 sections + 6 others: well under 50 blocks
constexpr std::size_t kSlackHeader = 150, kSlackSection = 3000, kSlackField = 2000;

Json slack_plain(std::string_view clean_text, std::size_t max_chars) {
    return {{"type", "plain_text"}, {"text", cut(clean_text, max_chars)}, {"emoji", false}};
}
Json slack_mrkdwn_text(std::string_view text) { return {{"type", "mrkdwn"}, {"text", text}}; }

}  // namespace

std::string render_slack(const Alert& alert) {
    const Head h = head(alert);
    Json blocks = Json::array();
    blocks.push_back({{"type", "header"}, {"text", slack_plain(h.title, kSlackHeader)}});
    blocks.push_back({{"type", "section"}, {"text", slack_mrkdwn_text("*" + slack_mrkdwn(counts_sentence(h), kSlackSection - 2) + "*")}});
    Json fields = Json::array();
    fields.push_back(slack_plain("Project: " + (h.project.empty() ? std::string("(unnamed)") : h.project), kSlackField));
    if (!h.branch.empty()) fields.push_back(slack_plain("Branch: " + h.branch, kSlackField));
    if (!h.build.empty()) fields.push_back(slack_plain("Build: " + h.build, kSlackField));
    blocks.push_back({{"type", "section"}, {"fields", fields}});
    if (!alert.findings.empty()) blocks.push_back({{"type", "divider"}});

    const std::size_t shown = std::min(alert.findings.size(), kSlackMaxFindings);
    for (std::size_t i = 0; i < shown; ++i) {
        const FindingText t = finding_text(alert.findings[i]);
        std::string body = std::string(severity_dot(alert.findings[i].severity)) + " " + t.SEVERITY + " · " + t.rule + "\n" + t.what();
        if (!t.message.empty()) body += "\n" + t.message;
        if (!t.path.empty()) body += "\nPath: " + t.path;
        blocks.push_back({{"type", "section"}, {"text", slack_plain(body, kSlackSection)}});
    }
    if (shown < alert.findings.size())
        blocks.push_back({{"type", "context"}, {"elements", Json::array({slack_mrkdwn_text("_…" + more_line(alert.findings.size() - shown) + "_")})}});
    if (!h.link.empty() && h.link.size() <= 3000)
        blocks.push_back({{"type", "actions"},
                          {"elements", Json::array({{{"type", "button"}, {"text", slack_plain("Open the build", 75)}, {"url", h.link}}})}});

    // The notification's text: the title, escaped (top-level text is mrkdwn).
    Json payload;
    payload["text"] = slack_mrkdwn(h.title, kSlackSection);
    payload["blocks"] = std::move(blocks);
    return dump(payload);
}

// ---------------------------------------------------------------------------------------------
// Microsoft Teams (§2a): a message with one Adaptive Card 1.4. TextBlock and FactSet text is a
// Markdown subset: untrusted text is backslash-escaped. The whole envelope is kept under 20 KB
// (the limit is 28 KB; the practical ceiling is reported lower).

namespace {

constexpr std::size_t kTeamsMaxBytes = 20000;
constexpr std::size_t kTeamsMaxFindings = 25;

std::string_view teams_colour(policy::Severity severity) {
    switch (severity) {
    case policy::Severity::Critical:
    case policy::Severity::High: return "Attention";
    case policy::Severity::Medium: return "Warning";
    case policy::Severity::Low: return "Accent";
    case policy::Severity::Info: break;
    }
    return "Default";
}

Json teams_text(std::string text, bool subtle = false) {
    Json block{{"type", "TextBlock"}, {"text", std::move(text)}, {"wrap", true}};
    if (subtle) block["isSubtle"] = true;
    return block;
}

std::string teams_payload(const Alert& alert, const Head& h, std::size_t shown) {
    Json body = Json::array();
    Json title = teams_text(teams_md(h.title, 400));
    title["size"] = "Large";
    title["weight"] = "Bolder";
    body.push_back(std::move(title));
    body.push_back(teams_text("**" + counts_sentence(h) + "**"));
    Json facts = Json::array();
    facts.push_back({{"title", "Project"}, {"value", h.project.empty() ? std::string("(unnamed)") : teams_md(h.project)}});
    if (!h.branch.empty()) facts.push_back({{"title", "Branch"}, {"value", teams_md(h.branch)}});
    if (!h.build.empty()) facts.push_back({{"title", "Build"}, {"value", teams_md(h.build)}});
    body.push_back({{"type", "FactSet"}, {"facts", std::move(facts)}});
    for (std::size_t i = 0; i < shown; ++i) {
        const AlertFinding& f = alert.findings[i];
        const FindingText t = finding_text(f, 400);
        Json items = Json::array();
        Json severity = teams_text("**" + t.SEVERITY + "** · " + teams_md(t.rule));
        severity["color"] = teams_colour(f.severity);
        items.push_back(std::move(severity));
        Json what = teams_text(teams_md(t.what()));
        what["weight"] = "Bolder";
        items.push_back(std::move(what));
        if (!t.message.empty()) items.push_back(teams_text(teams_md(t.message)));
        if (!t.path.empty()) items.push_back(teams_text("Path: " + teams_md(t.path), true));
        body.push_back({{"type", "Container"}, {"separator", true}, {"spacing", "Medium"}, {"items", std::move(items)}});
    }
    if (shown < alert.findings.size()) body.push_back(teams_text("*…" + more_line(alert.findings.size() - shown) + "*", true));

    Json card{{"type", "AdaptiveCard"}, {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"}, {"version", "1.4"}, {"body", std::move(body)}};
    if (!h.link.empty()) card["actions"] = Json::array({{{"type", "Action.OpenUrl"}, {"title", "Open the build"}, {"url", h.link}}});
    card["msteams"] = {{"width", "Full"}};
    Json payload{{"type", "message"},
                 {"attachments", Json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"}, {"contentUrl", nullptr}, {"content", std::move(card)}}})}};
    return dump(payload);
}

}  // namespace

std::string render_teams(const Alert& alert) {
    const Head h = head(alert);
    const std::size_t shown = most_that_fit(std::min(alert.findings.size(), kTeamsMaxFindings),
                                            [&](std::size_t k) { return teams_payload(alert, h, k).size() <= kTeamsMaxBytes; });
    return teams_payload(alert, h, shown);
}

// ---------------------------------------------------------------------------------------------
// Discord (§3): content + one embed. Every text is backslash-escaped, '@' is followed by a
// zero-width joiner, and allowed_mentions is empty, so nothing can ping anyone. Embed texts are
// kept under 5,800 characters in all (the limit is 6,000).

namespace {

constexpr std::size_t kDiscordContent = 2000, kDiscordTitle = 256, kDiscordDescription = 4096, kDiscordFooter = 2048;
constexpr std::size_t kDiscordFieldName = 256, kDiscordFieldValue = 1024, kDiscordMaxFields = 25;
constexpr std::size_t kDiscordMaxFindings = 20;
constexpr std::size_t kDiscordEmbedTotal = 5800;

int discord_colour(policy::Severity severity) {
    switch (severity) {
    case policy::Severity::Critical: return 0xB3261E;
    case policy::Severity::High: return 0xE8590C;
    case policy::Severity::Medium: return 0xF0B400;
    case policy::Severity::Low: return 0x3B82F6;
    case policy::Severity::Info: break;
    }
    return 0x9CA3AF;
}

}  // namespace

std::string render_discord(const Alert& alert) {
    static_assert(kDiscordMaxFindings < kDiscordMaxFields);
    const Head h = head(alert);
    Json embed;
    const std::string embed_title = cut(counts_sentence(h), kDiscordTitle);
    embed["title"] = embed_title;
    if (!h.link.empty()) embed["url"] = h.link;
    std::string description = "**Project:** " + (h.project.empty() ? std::string("(unnamed)") : discord_md(h.project, 600));
    if (!h.branch.empty()) description += "\n**Branch:** " + discord_md(h.branch, 600);
    if (!h.build.empty()) description += "\n**Build:** " + discord_md(h.build, 300);
    description = cut(description, kDiscordDescription);
    embed["description"] = description;
    embed["color"] = discord_colour(worst(alert));

    // Fields while the embed's texts stay under the total; the footer's "and N more" is counted in
    // advance at its longest.
    std::size_t used = chars(embed_title) + chars(description) + chars("…" + more_line(alert.findings.size()) + " · bomwatch");
    Json fields = Json::array();
    std::size_t shown = 0;
    for (; shown < alert.findings.size() && shown < kDiscordMaxFindings; ++shown) {
        const FindingText t = finding_text(alert.findings[shown], 500);
        const std::string name = discord_md(std::string(severity_dot(alert.findings[shown].severity)) + " " + t.SEVERITY + " · " + t.what(), kDiscordFieldName);
        std::string value = discord_md(t.rule) + (t.message.empty() ? "" : ": " + discord_md(t.message));
        if (!t.path.empty()) value += "\n*Path:* " + discord_md(t.path);
        value = cut(value, kDiscordFieldValue);
        const std::size_t cost = chars(name) + chars(value);
        if (used + cost > kDiscordEmbedTotal) break;
        used += cost;
        fields.push_back({{"name", name}, {"value", value}, {"inline", false}});
    }
    if (!fields.empty()) embed["fields"] = std::move(fields);
    const std::string footer = shown < alert.findings.size() ? "…" + more_line(alert.findings.size() - shown) + " · bomwatch" : "bomwatch";
    embed["footer"] = {{"text", cut(footer, kDiscordFooter)}};
    if (!alert.timestamp.empty()) embed["timestamp"] = clean(alert.timestamp, 40);

    Json payload;
    payload["username"] = "bomwatch";
    payload["content"] = discord_md(h.title, kDiscordContent);
    payload["allowed_mentions"] = {{"parse", Json::array()}};
    payload["embeds"] = Json::array({std::move(embed)});
    return dump(payload);
}

// ---------------------------------------------------------------------------------------------
// Mattermost (§4): one Markdown text of at most 16,383 characters (longer ones are split into
// several posts); kept to 16,000.

namespace {
constexpr std::size_t kMattermostMax = 16000;
constexpr std::size_t kMattermostMaxFindings = 50;
}  // namespace

std::string render_mattermost(const Alert& alert) {
    const Head h = head(alert);
    std::string text = "#### " + mattermost_md(h.title, 600) + "\n";
    text += "**" + counts_sentence(h) + "**  \n";
    text += "**Project:** " + (h.project.empty() ? std::string("(unnamed)") : mattermost_md(h.project, 400));
    if (!h.branch.empty()) text += " · **Branch:** " + mattermost_md(h.branch, 400);
    if (!h.build.empty()) text += " · **Build:** " + mattermost_md(h.build, 200);
    text += "\n";
    if (!h.link.empty()) text += "[Open the build](" + h.link + ")\n";
    text += "\n";
    // Lines while they fit, with room kept for the "and N more" line at its longest.
    const std::size_t reserve = chars("\n*…" + more_line(alert.findings.size()) + "*\n");
    std::size_t used = chars(text), shown = 0;
    for (; shown < alert.findings.size() && shown < kMattermostMaxFindings; ++shown) {
        const FindingText t = finding_text(alert.findings[shown]);
        std::string item = "- " + std::string(severity_dot(alert.findings[shown].severity)) + " **" + t.SEVERITY + "** · " + mattermost_md(t.rule) + " · " +
                           mattermost_md(t.what()) + "\n";
        if (!t.message.empty()) item += "  " + mattermost_md(t.message) + "\n";
        if (!t.path.empty()) item += "  *Path:* " + mattermost_md(t.path) + "\n";
        const std::size_t cost = chars(item);
        if (used + cost + reserve > kMattermostMax) break;
        used += cost;
        text += item;
    }
    if (shown < alert.findings.size()) text += "\n*…" + more_line(alert.findings.size() - shown) + "*\n";

    Json payload;
    payload["text"] = std::move(text);
    return dump(payload);
}

// ---------------------------------------------------------------------------------------------
// Google Chat (§5): text + cardsV2. Card text takes an HTML subset: & < > are escaped. The
// message text has no escape at all, so it holds only bomwatch's words and the project with
// < > replaced. Only the fields Chat knows are sent; under 30,000 bytes (the limit is 32,000).

namespace {

constexpr std::size_t kChatMaxBytes = 30000;
constexpr std::size_t kChatMaxFindings = 40;  // + 8 other widgets: under 100

Json chat_decorated(std::string top_label, std::string text_html) {
    return {{"decoratedText", {{"topLabel", std::move(top_label)}, {"text", std::move(text_html)}, {"wrapText", true}}}};
}

std::string chat_payload(const Alert& alert, const Head& h, std::size_t shown) {
    Json summary = Json::array();
    summary.push_back(chat_decorated("Unexpected findings", html(h.counts.empty() ? std::string("none") : h.counts)));
    summary.push_back(chat_decorated("Project", h.project.empty() ? std::string("(unnamed)") : html(h.project)));
    if (!h.branch.empty()) summary.push_back(chat_decorated("Branch", html(h.branch)));
    if (!h.build.empty()) summary.push_back(chat_decorated("Build", html(h.build)));
    Json sections = Json::array();
    sections.push_back({{"widgets", std::move(summary)}});
    if (!alert.findings.empty()) {
        Json widgets = Json::array();
        for (std::size_t i = 0; i < shown; ++i) {
            const FindingText t = finding_text(alert.findings[i], 400);
            std::string body = "<b>" + html(t.what()) + "</b>";
            if (!t.message.empty()) body += "<br>" + html(t.message);
            if (!t.path.empty()) body += "<br><i>Path:</i> " + html(t.path);
            widgets.push_back(chat_decorated(std::string(severity_dot(alert.findings[i].severity)) + " " + t.SEVERITY + " · " + html(t.rule, 100), std::move(body)));
        }
        if (shown < alert.findings.size()) widgets.push_back({{"textParagraph", {{"text", "<i>…" + more_line(alert.findings.size() - shown) + "</i>"}}}});
        sections.push_back({{"header", "Findings"}, {"widgets", std::move(widgets)}});
    }
    if (!h.link.empty())
        sections.push_back({{"widgets", Json::array({{{"buttonList", {{"buttons", Json::array({{{"text", "Open the build"}, {"onClick", {{"openLink", {{"url", h.link}}}}}}})}}}}})}});

    std::string subtitle = h.project.empty() ? std::string("(unnamed project)") : h.project;
    if (!h.branch.empty()) subtitle += " (" + h.branch + ")";
    if (!h.build.empty()) subtitle += ", build " + h.build;
    Json card{{"header", {{"title", "bomwatch: " + counts_sentence(h)}, {"subtitle", chat_text(subtitle, 300)}}}, {"sections", std::move(sections)}};
    Json payload;
    payload["text"] = chat_text(h.title, 1000);
    payload["cardsV2"] = Json::array({{{"cardId", "bomwatch-findings"}, {"card", std::move(card)}}});
    return dump(payload);
}

}  // namespace

std::string render_google_chat(const Alert& alert) {
    const Head h = head(alert);
    const std::size_t shown = most_that_fit(std::min(alert.findings.size(), kChatMaxFindings),
                                            [&](std::size_t k) { return chat_payload(alert, h, k).size() <= kChatMaxBytes; });
    return chat_payload(alert, h, shown);
}

}  // namespace bomwatch::alerts
