// The policy file: what it accepts, the errors that name the line, and entries added by accept.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/policy.h"

namespace bomwatch::policy {
namespace {

using testing::HasSubstr;

std::string error_of(const std::string& text) {
    try {
        parse_policy(text, ".bomwatch.yml");
    } catch (const PolicyError& e) {
        return e.what();
    }
    return "<accepted>";
}

TEST(PolicyFile, ReadsEveryKey) {
    const Policy p = parse_policy(
        "version: 1\n"
        "fail-on: medium\n"
        "severity:\n"
        "  major-update: high\n"
        "ignore:\n"
        "  - rule: removed\n"
        "    reason: removals are fine\n"
        "  - purl: pkg:npm/@types/*\n"
        "expected:\n"
        "  - purl: pkg:pypi/django\n"
        "    version: '>=4.2,<5'\n"
        "    rules: [major-update, new-transitive-dependency]\n"
        "    reason: Django 4.2 LTS\n"
        "    expires: 2027-04-30\n",
        "p.yml");
    EXPECT_EQ(p.source, "p.yml");
    EXPECT_EQ(p.fail_on, Severity::Medium);
    EXPECT_EQ(p.severity[static_cast<int>(Rule::MajorUpdate)], Severity::High);
    EXPECT_FALSE(p.severity[static_cast<int>(Rule::Removed)].has_value());
    ASSERT_EQ(p.ignore.size(), 2u);
    EXPECT_EQ(p.ignore[0].rule, Rule::Removed);
    EXPECT_FALSE(p.ignore[0].purl.has_value());
    EXPECT_EQ(p.ignore[1].purl->text(), "pkg:npm/@types/*");
    ASSERT_EQ(p.expected.size(), 1u);
    const ExpectedEntry& e = p.expected[0];
    EXPECT_EQ(e.line, 10);
    EXPECT_EQ(e.rules, (std::vector<Rule>{Rule::MajorUpdate, Rule::NewTransitiveDependency}));
    EXPECT_EQ(e.expires, "2027-04-30");
    ASSERT_TRUE(e.version.has_value());
    EXPECT_TRUE(e.version->contains("4.2.11"));
    EXPECT_FALSE(e.version->contains("5.0"));
}

TEST(PolicyFile, AVersionAcceptWroteWithSyntaxInItMeansExactlyThatVersion) {
    // accept percent-encodes what vers would read as syntax: "1!2.0" (a PEP 440 epoch), "1.0|>=0".
    const Policy p = parse_policy(
        "expected:\n"
        "  - {purl: pkg:pypi/a, version: 'vers:pypi/1%212.0', reason: r}\n"
        "  - {purl: pkg:generic/b, version: 'vers:generic/1.0%7C%3E%3D0', reason: r}\n",
        "p.yml");
    EXPECT_TRUE(p.expected[0].version->contains("1!2.0"));
    EXPECT_FALSE(p.expected[0].version->contains("2.0"));
    EXPECT_TRUE(p.expected[1].version->contains("1.0|>=0"));
    EXPECT_FALSE(p.expected[1].version->contains("5.0"));
}

TEST(PolicyFile, AnEmptyFileAndTheStarterAreTheDefaults) {
    for (const std::string& text : {std::string(), std::string("# nothing yet\n"), starter_policy()}) {
        const Policy p = parse_policy(text, "p.yml");
        EXPECT_TRUE(p.ignore.empty());
        EXPECT_TRUE(p.expected.empty());
        for (const auto& s : p.severity) EXPECT_FALSE(s.has_value());
    }
    EXPECT_EQ(parse_policy(starter_policy(), "p.yml").fail_on, Severity::High);
    EXPECT_TRUE(parse_policy("fail-on: none\n", "p.yml").fail_on_none);
}

TEST(PolicyFile, ErrorsNameTheFileTheLineAndTheKey) {
    EXPECT_EQ(error_of("fail-on: high\nseverity:\n  major-updates: high\n"),
              ".bomwatch.yml:3:3: severity: 'major-updates' is not a rule id (see docs/rules.md)");
    EXPECT_EQ(error_of("severity:\n  major-update: urgent\n"),
              ".bomwatch.yml:2:17: severity.major-update: 'urgent' is not a severity (info, low, medium, high, critical)");
    EXPECT_EQ(error_of("fail-on: high\nnotify: []\n"),
              ".bomwatch.yml:2:1: unknown key 'notify' (known: version, fail-on, severity, ignore, expected, alerts)");
    EXPECT_EQ(error_of("expected:\n  - purl: pkg:npm/a\n    reason: r\n    expires: 2026-02-30\n"),
              ".bomwatch.yml:4:14: expected[1].expires: '2026-02-30' is not a day of the calendar");
    EXPECT_EQ(error_of("expected:\n  - purl: pkg:npm/a\n    reason: r\n    expires: next week\n"),
              ".bomwatch.yml:4:14: expected[1].expires: 'next week' is not a date (YYYY-MM-DD)");
    EXPECT_EQ(error_of("expected:\n  - purl: pkg:npm/a\n"),
              ".bomwatch.yml:2:5: expected[1]: an expected entry needs a 'reason' (why the change is expected)");
    EXPECT_EQ(error_of("expected:\n  - purl: pkg:npm/a@1.0\n    reason: r\n"),
              ".bomwatch.yml:2:11: expected[1].purl: 'pkg:npm/a@1.0' has a version: give it without one, and the range in 'version'");
    EXPECT_EQ(error_of("expected:\n  - purl: npm/a\n    reason: r\n"),
              ".bomwatch.yml:2:11: expected[1].purl: 'npm/a' is not a purl pattern (pkg:TYPE/NAMESPACE/NAME, with * and ? as wildcards)");
    EXPECT_EQ(error_of("expected:\n  - purl: pkg:*/a\n    version: ^1.0\n    reason: r\n"),
              ".bomwatch.yml:3:14: expected[1].version: the purl's type is a wildcard, so the range must be a 'vers:' range");
    EXPECT_EQ(error_of("ignore:\n  - reason: nothing named\n"),
              ".bomwatch.yml:2:5: ignore[1]: an ignore entry needs a 'rule', a 'purl' or both");
    EXPECT_EQ(error_of("ignore:\n  rule: removed\n"), ".bomwatch.yml:2:3: ignore: must be a list (lines starting with '- ')");
    EXPECT_EQ(error_of("version: 2\n"), ".bomwatch.yml:1:10: version: '2' is not a policy file version this bomwatch reads (1)");
    EXPECT_EQ(error_of("- a\n- b\n"), ".bomwatch.yml:1:1: must be a mapping (key: value lines)");
    EXPECT_THAT(error_of("severity: [\n"), HasSubstr(".bomwatch.yml:2:1: not valid YAML: "));
    EXPECT_THAT(error_of("expected:\n  - purl: pkg:npm/a\n    version: '^^1'\n    reason: r\n"),
                HasSubstr(".bomwatch.yml:3:14: expected[1].version: "));
    EXPECT_EQ(error_of("fail-on: high\nfail-on: low\n"), ".bomwatch.yml:2:1: 'fail-on' is given twice");
}

TEST(PolicyFile, AddedEntriesGoAtTheEndOfTheExpectedListAndKeepTheRest) {
    const std::vector<NewExpectedEntry> entries{
        {"pkg:npm/axios", "vers:npm/1.14.1", {Rule::NewDependencyInUpdate}, "bump \"axios\"", "2027-02-24"}};
    const std::string text =
        "# our policy\n"
        "expected:\n"
        "- purl: pkg:npm/react   # React 18\n"
        "  reason: r\n"
        "\n"
        "# what we ignore\n"
        "ignore:\n"
        "  - rule: removed\n";
    const std::string out = with_expected_entries(text, "p.yml", entries);
    EXPECT_EQ(out,
              "# our policy\n"
              "expected:\n"
              "- purl: pkg:npm/react   # React 18\n"
              "  reason: r\n"
              "\n"
              "- purl: \"pkg:npm/axios\"\n"
              "  version: \"vers:npm/1.14.1\"\n"
              "  rules: [new-dependency-in-update]\n"
              "  reason: \"bump \\\"axios\\\"\"\n"
              "  expires: 2027-02-24\n"
              "# what we ignore\n"
              "ignore:\n"
              "  - rule: removed\n");
    const Policy p = parse_policy(out, "p.yml");
    ASSERT_EQ(p.expected.size(), 2u);
    EXPECT_EQ(p.expected[1].reason, "bump \"axios\"");

    // No expected list yet, a new file, the starter file, and an empty flow list.
    EXPECT_EQ(parse_policy(with_expected_entries("fail-on: high\n", "p.yml", entries), "p.yml").expected.size(), 1u);
    EXPECT_EQ(parse_policy(with_expected_entries("", "p.yml", entries), "p.yml").expected.size(), 1u);
    const std::string starter = with_expected_entries(starter_policy(), "p.yml", entries);
    EXPECT_TRUE(starter.starts_with(starter_policy()));
    EXPECT_EQ(parse_policy(starter, "p.yml").expected.size(), 1u);
    EXPECT_EQ(parse_policy(with_expected_entries("expected: []\nfail-on: low\n", "p.yml", entries), "p.yml").expected.size(), 1u);
    EXPECT_THROW(with_expected_entries("severity: {x: y}\n", "p.yml", entries), PolicyError);
}


TEST(PolicyFile, AlertSinksKeepSecretsOutOfTheFile) {
    const Policy p = parse_policy(
        "alerts:\n"
        "  - kind: slack\n"
        "    target: env:SLACK_WEBHOOK_URL\n"
        "  - name: security\n"
        "    kind: webhook\n"
        "    target: file:/run/secrets/hook\n"
        "    secret: env:HOOK_KEY\n"
        "    signing: standard-webhooks\n"
        "    min-severity: critical\n"
        "    projects: [\"checkout-*\", billing]\n"
        "  - kind: pagerduty\n"
        "    routing-key: env:PD_KEY\n"
        "  - kind: email\n"
        "    target: smtp://mail.example.com:587\n"
        "    from: bomwatch@example.com\n"
        "    to: security@example.com\n"
        "    username: env:SMTP_USER\n"
        "    password: file:/run/secrets/smtp\n",
        "p.yml");
    ASSERT_EQ(p.alerts.size(), 4u);
    EXPECT_EQ(p.alerts[0].name, "slack");
    EXPECT_EQ(p.alerts[0].min_severity, Severity::High);
    EXPECT_TRUE(p.alerts[0].covers("anything"));
    EXPECT_EQ(p.alerts[1].name, "security");
    EXPECT_EQ(p.alerts[1].signing, "standard-webhooks");
    EXPECT_EQ(p.alerts[1].min_severity, Severity::Critical);
    EXPECT_TRUE(p.alerts[1].covers("checkout-web"));
    EXPECT_TRUE(p.alerts[1].covers("billing"));
    EXPECT_FALSE(p.alerts[1].covers("billing-api"));
    EXPECT_EQ(p.alerts[2].target, "");  // PagerDuty's own events URL
    EXPECT_EQ(p.alerts[3].to, std::vector<std::string>{"security@example.com"});
    EXPECT_FALSE(p.alerts[3].plaintext);

    // A literal webhook URL is refused, and the message does not repeat it.
    const std::string literal = error_of("alerts:\n  - kind: slack\n    target: https://hooks.slack.com/services/T0/B0/s3cr3tT0k3n\n");
    EXPECT_EQ(literal, ".bomwatch.yml:3:13: alerts[1].target: a webhook URL is a secret and this file is usually committed: put it in "
                       "an environment variable and write env:NAME, or in a file only you can read and write file:PATH");
    EXPECT_EQ(error_of("alerts:\n  - kind: pagerduty\n    routing-key: R0UT1NGK3Y\n").find("R0UT1NGK3Y"), std::string::npos);
    EXPECT_EQ(error_of("alerts:\n  - kind: sms\n    target: env:X\n"),
              ".bomwatch.yml:2:11: alerts[1].kind: 'sms' is not a sink kind (slack, teams, discord, mattermost, googlechat, webhook, "
              "pagerduty, email)");
    EXPECT_EQ(error_of("alerts:\n  - kind: slack\n    target: env:A\n  - kind: slack\n    target: env:B\n"),
              ".bomwatch.yml:4:5: alerts[2]: two sinks are named 'slack' (line 2); give each a 'name'");
    EXPECT_EQ(error_of("alerts:\n  - kind: slack\n    target: env:A\n    secret: env:K\n"),
              ".bomwatch.yml:2:5: alerts[1]: 'secret' or 'signing' is for webhook sinks only");
    EXPECT_EQ(error_of("alerts:\n  - kind: email\n    target: smtp://mail:587\n    from: a@b\n"),
              ".bomwatch.yml:2:5: alerts[1]: an email sink needs 'from' and 'to'");
    EXPECT_EQ(error_of("alerts:\n  - kind: discord\n"), ".bomwatch.yml:2:5: alerts[1]: an alert sink needs a 'target' (env:NAME or file:PATH)");
}

TEST(PolicyFile, AlertTargetsWithCredentialsAreRefusedWithoutRepeatingThem) {
    const std::string email = error_of("alerts:\n  - kind: email\n    target: smtp://mailuser:Pa55w0rd@mail.example.com:587\n"
                                       "    from: a@example.com\n    to: b@example.com\n");
    EXPECT_EQ(email, ".bomwatch.yml:3:13: alerts[1].target: credentials do not belong in the URL: use 'username' and 'password' "
                     "(env:NAME or file:PATH)");
    // A user name alone, and smtps://, are refused too; nothing of the value is repeated.
    const std::string user_only = error_of("alerts:\n  - kind: email\n    target: smtps://mailuser@mail.example.com\n"
                                           "    from: a@example.com\n    to: b@example.com\n");
    EXPECT_THAT(user_only, HasSubstr("credentials do not belong in the URL"));
    for (const std::string& message : {email, user_only}) {
        EXPECT_EQ(message.find("mailuser"), std::string::npos) << message;
        EXPECT_EQ(message.find("Pa55w0rd"), std::string::npos) << message;
        EXPECT_EQ(message.find("mail.example.com"), std::string::npos) << message;
    }
    const std::string pagerduty = error_of("alerts:\n  - kind: pagerduty\n    routing-key: env:PD_KEY\n"
                                           "    target: https://key:s3cr3t@events.eu.pagerduty.com/v2/enqueue\n");
    EXPECT_THAT(pagerduty, HasSubstr("alerts[1].target: credentials do not belong in the URL"));
    EXPECT_EQ(pagerduty.find("s3cr3t"), std::string::npos) << pagerduty;
    // An '@' after the host (in the path) is not a userinfo part.
    const Policy p = parse_policy("alerts:\n  - kind: pagerduty\n    routing-key: env:PD_KEY\n"
                                  "    target: https://events.eu.pagerduty.com/v2/enqueue?x=@\n",
                                  "p.yml");
    ASSERT_EQ(p.alerts.size(), 1u);
    EXPECT_EQ(p.alerts[0].target, "https://events.eu.pagerduty.com/v2/enqueue?x=@");
}

}  // namespace
}  // namespace bomwatch::policy
