// Every platform's payload for alerts made from real judged diffs (the axios pair, and the rules
// pair with its 28 findings from critical to info), for a hostile alert and for a huge one: valid
// JSON, the platform's shape and every limit of ../shared/research/alerts.md (checked as
// ../shared/tools/webhook-receiver.py checks them: payload_checks.h), the top findings shown with
// what, versions, why and path, "and N more" for the rest, untrusted text escaped, and the axios
// alert's exact bytes on every platform pinned in testdata/alerts/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
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
#include "tests/alerts/payload_checks.h"
#include "tests/test_paths.h"

namespace bomwatch::alerts {
namespace {

using namespace checks;
using Json = nlohmann::json;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::Not;

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
    for (SinkKind kind : kAllKinds) EXPECT_THAT(check(kind, sample), IsEmpty()) << sink_kind_name(kind);
    EXPECT_TRUE(sample.test);
    EXPECT_FALSE(rules_pair().alert().test);
}

TEST(MakeAlert, TheSampleAlertPagesNobodyAndIsNeverDeduplicated) {
    const Alert a = sample_alert(context_of("shop", "", "", "", "2026-11-26T13:12:27Z"));
    const Alert b = sample_alert(context_of("shop", "", "", "", "2026-11-26T13:12:27Z"));
    // Each test is a new alert: a random suffix after the usual 32 hex digits.
    EXPECT_TRUE(std::regex_match(a.id, std::regex("[0-9a-f]{32}-test-[0-9a-f]{16}"))) << a.id;
    EXPECT_NE(a.id, b.id);
    const Json event = Json::parse(render_pagerduty(a)), other = Json::parse(render_pagerduty(b));
    EXPECT_NE(event["dedup_key"], other["dedup_key"]);
    EXPECT_EQ(event["dedup_key"], a.id);
    // Its made-up findings are critical, but a test pages nobody.
    EXPECT_EQ(a.findings.front().severity, policy::Severity::Critical);
    EXPECT_EQ(event["payload"]["severity"], "info");
    EXPECT_EQ(Json::parse(render_webhook(a))["data"]["id"], a.id);
}

TEST(MakeAlert, AnUnchangedComponentHasItsVersionOnBothSides) {
    const Judged& judged = rules_pair();
    ASSERT_FALSE(judged.old_doc.components.empty());
    ASSERT_FALSE(judged.new_doc.components.empty());
    // Findings about components the diff did not change (an advisory's, say), in either document.
    std::vector<policy::Finding> made(2);
    for (std::size_t i = 0; i < made.size(); ++i) {
        made[i].rule = policy::Rule::KnownVulnerable;
        made[i].severity = policy::Severity::High;
        made[i].change = sbom::kNone;
        made[i].in_new = i == 1;
        made[i].component = 0;
        made[i].name = "unchanged-" + std::to_string(i);
        made[i].message = "a finding about an unchanged component";
    }
    const Alert alert = make_alert(judged.changes, {&made[0], &made[1]}, kContext);
    ASSERT_EQ(alert.findings.size(), 2u);
    const Json webhook = Json::parse(render_webhook(alert));
    for (std::size_t i = 0; i < 2; ++i) {
        SCOPED_TRACE(i);
        const sbom::Component& component = (i == 1 ? judged.new_doc : judged.old_doc).components[0];
        ASSERT_FALSE(component.version.empty());
        const AlertFinding* f = find(alert, "known-vulnerable", made[i].name);
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(f->old_version, component.version);
        EXPECT_EQ(f->new_version, component.version);
        EXPECT_EQ(text::finding_text(*f).versions, text::clean(component.version, 64)) << "neither new nor removed";
        for (const Json& w : webhook["data"]["findings"]) {
            if (w["name"] != made[i].name) continue;
            EXPECT_EQ(w["oldVersion"], std::string(component.version));
            EXPECT_EQ(w["newVersion"], std::string(component.version));
        }
    }
    for (SinkKind kind : kAllKinds) EXPECT_THAT(visible(kind, alert), Not(HasSubstr("(removed)"))) << sink_kind_name(kind);
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

// The axios alert (fixed timestamp, build and link) on every platform, byte for byte against
// testdata/alerts/axios.<kind>.json (axios.email.txt for e-mail): any change to a payload shows as
// a diff to review, and a run in another process (a retry) must send the same bytes. After an
// intended change, rewrite the files and review their diff:
//   BOMWATCH_UPDATE_GOLDEN=1 build/<preset>/tests/alerts/render_test --gtest_filter='Render.TheAxiosAlert*Golden*'
TEST(Render, TheAxiosAlertMatchesItsGoldenFileOnEveryPlatform) {
    const Alert alert = axios_pair().alert();
    const char* update = std::getenv("BOMWATCH_UPDATE_GOLDEN");
    for (SinkKind kind : kAllKinds) {
        SCOPED_TRACE(sink_kind_name(kind));
        const std::string path = test::testdata("alerts/axios." + std::string(sink_kind_name(kind)) + (kind == SinkKind::Email ? ".txt" : ".json"));
        const std::string payload = render(kind, alert);
        if (update && std::string(update) == "1") std::ofstream(path, std::ios::binary) << payload;
        std::ifstream in(path, std::ios::binary);
        ASSERT_TRUE(in) << path << " is missing: run with BOMWATCH_UPDATE_GOLDEN=1 to write it";
        std::ostringstream golden;
        golden << in.rdbuf();
        EXPECT_EQ(payload, golden.str()) << "differs from " << path;
    }
}

}  // namespace
}  // namespace bomwatch::alerts
