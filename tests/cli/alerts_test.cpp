// bomwatch check's alerts end to end, against ../shared/tools/webhook-receiver.py: every
// platform's payload accepted, retries, the outbox across a failing run and a flush, no duplicate
// on a second identical run, and no secret in anything bomwatch prints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "store/store.h"
#include "tests/alerts/receiver.h"
#include "tests/cli/run_bomwatch.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch {
namespace {

using testing::HasSubstr;
using testing::Not;

const std::string kBefore = test::testdata("axios/before.cdx.json");
const std::string kAfter = test::testdata("axios/after.spdx.json");

// Fake secrets, distinctive enough to search for in everything bomwatch prints.
constexpr const char* kPathToken = "XyzzyWebhookToken0123456789";
constexpr const char* kRoutingKey = "R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y12";
constexpr const char* kHmacKey = "hmac-key-for-the-alert-tests";

class Alerts : public testing::Test {
protected:
    Alerts() { ::setenv("BOMWATCH_TEST_HMAC_KEY", kHmacKey, 1); }

    // The environment that gives each sink its URL on `receiver`.
    std::string sink_env(const test::Receiver& receiver) const {
        const std::string token = kPathToken;
        return "-u GITHUB_RUN_ID -u GITHUB_REF_NAME -u GITHUB_HEAD_REF NO_PROXY=127.0.0.1 SLACK_URL=" + receiver.url("/slack/services/T0/B0/" + token) +
               " TEAMS_URL='" + receiver.url("/teams/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=" + token) + "'" +
               " DISCORD_URL=" + receiver.url("/discord/api/webhooks/1/" + token) +
               " MATTERMOST_URL=" + receiver.url("/mattermost/hooks/" + token) +
               " GOOGLE_CHAT_URL='" + receiver.url("/googlechat/v1/spaces/S/messages?key=" + token + "&token=" + token) + "'" +
               " HOOK_URL=" + receiver.url("/generic/" + token) + " PD_URL=" + receiver.url("/pagerduty/v2/enqueue") +
               " PD_KEY=" + kRoutingKey + " HOOK_KEY=" + kHmacKey;
    }

    std::string write_policy(const std::string& alerts) {
        return dir_.write("policy.yml", "alerts:\n" + alerts);
    }

    test::Outcome check(const std::string& sbom, const std::string& env, const std::string& more = "") {
        return test::bomwatch("check " + sbom + " --project checkout-web --branch main --build 7 --store " + store_ + " " + more,
                              "/dev/null", env);
    }

    static void expect_no_secret(const test::Outcome& r) {
        for (const char* secret : {kPathToken, kRoutingKey, kHmacKey}) {
            EXPECT_THAT(r.out, Not(HasSubstr(secret)));
            EXPECT_THAT(r.err, Not(HasSubstr(secret)));
        }
    }

    test::TempDir dir_;
    std::string store_ = (dir_.path() / "history.db").string();
};

constexpr const char* kEverySink =
    "  - kind: slack\n    target: env:SLACK_URL\n"
    "  - kind: teams\n    target: env:TEAMS_URL\n"
    "  - kind: discord\n    target: env:DISCORD_URL\n"
    "  - kind: mattermost\n    target: env:MATTERMOST_URL\n"
    "  - kind: googlechat\n    target: env:GOOGLE_CHAT_URL\n"
    "  - kind: webhook\n    target: env:HOOK_URL\n    secret: env:HOOK_KEY\n    signing: standard-webhooks\n"
    "  - kind: pagerduty\n    target: env:PD_URL\n    routing-key: env:PD_KEY\n";

TEST_F(Alerts, EveryPlatformAcceptsItsAlert) {
    test::Receiver receiver({"--teams-strict", "--require-hmac-env", "BOMWATCH_TEST_HMAC_KEY"});
    const std::string policy = write_policy(kEverySink);
    const std::string env = sink_env(receiver);
    const test::Outcome baseline = check(kBefore, env, "--policy " + policy);
    ASSERT_EQ(baseline.code, 0) << baseline.err;
    EXPECT_TRUE(receiver.log().empty());  // the baseline has no unexpected finding at high

    const test::Outcome r = check(kAfter, env, "--policy " + policy + " --link https://ci.example.com/builds/7");
    EXPECT_EQ(r.code, 0) << r.err;
    const auto log = receiver.log(7);
    ASSERT_EQ(log.size(), 7u) << r.err;
    std::set<std::string> endpoints;
    for (const auto& entry : log) {
        SCOPED_TRACE(entry.dump());
        endpoints.insert(entry["endpoint"]);
        EXPECT_GE(entry["status"].get<int>(), 200);
        EXPECT_LT(entry["status"].get<int>(), 300);
        EXPECT_TRUE(entry["errors"].empty());
        // Discord's markdown escapes show as "plain\\-crypto\\-js" in its JSON.
        EXPECT_THAT(entry["body"].get<std::string>(), testing::ContainsRegex("plain(\\\\\\\\)?-crypto"));
        EXPECT_THAT(entry["body"].get<std::string>(), HasSubstr("4.2.1"));
        if (entry["endpoint"] == "generic") {
            EXPECT_EQ(entry["hmac"], "ok:standard-webhooks");
        }
    }
    EXPECT_EQ(endpoints.size(), 7u);
    EXPECT_THAT(r.err, HasSubstr("alert slack: delivered (2 findings)"));
    expect_no_secret(r);
}

TEST_F(Alerts, TheSameFindingsAreNotSentTwice) {
    test::Receiver receiver;
    const std::string env = sink_env(receiver);
    ASSERT_EQ(check(kBefore, env).code, 0);
    // --fail-on high: the build is not promoted, so the next one is compared with #1 again and
    // has the same findings.
    EXPECT_EQ(check(kAfter, env, "--notify slack=env:SLACK_URL --fail-on high").code, 1);
    ASSERT_EQ(receiver.log(1).size(), 1u);
    const test::Outcome again = check(kAfter, env, "--notify slack=env:SLACK_URL --fail-on high");
    EXPECT_EQ(again.code, 1);
    EXPECT_THAT(again.err, HasSubstr("alert slack: 2 finding(s) already sent to it for checkout-web"));
    EXPECT_EQ(receiver.log().size(), 1u);
    const test::Outcome resent = check(kAfter, env, "--notify slack=env:SLACK_URL --fail-on high --resend");
    EXPECT_EQ(receiver.log(2).size(), 2u) << resent.err;
}

TEST_F(Alerts, NothingIsLostAcrossAFailingRunAndAFlush) {
    ASSERT_EQ(check(kBefore, "").code, 0);
    {
        test::Receiver down({"--fail-first", "1000"});
        const test::Outcome r = check(kAfter, sink_env(down), "--notify discord=env:DISCORD_URL --fail-on high --alert-timeout 2");
        EXPECT_EQ(r.code, 3) << r.err;  // undelivered outranks findings
        EXPECT_THAT(r.err, HasSubstr("alert discord http://127.0.0.1:"));
        EXPECT_THAT(r.err, HasSubstr("not delivered after"));
        EXPECT_THAT(r.err, HasSubstr("kept in the outbox"));
        EXPECT_GE(down.log().size(), 2u);  // retried
        expect_no_secret(r);
        // The next build, while the sink is still down: the old alert is tried first, and the same
        // findings are not queued a second time.
        const std::size_t requests = down.log().size();
        const test::Outcome again = check(kAfter, sink_env(down), "--notify discord=env:DISCORD_URL --fail-on high --alert-timeout 1");
        EXPECT_EQ(again.code, 3) << again.err;
        EXPECT_THAT(again.err, HasSubstr("2 finding(s) already sent to it for checkout-web, or waiting in the outbox"));
        EXPECT_GT(down.log().size(), requests);
        // The outbox keeps the payload and the error, never a secret.
        const std::string stored = test::read_file(store_) + test::read_file(store_ + "-wal");
        for (const char* secret : {kPathToken, kRoutingKey, kHmacKey}) EXPECT_EQ(stored.find(secret), std::string::npos) << secret;
    }
    test::Receiver up;
    const std::string env = sink_env(up);
    const test::Outcome flushed = test::bomwatch("alerts flush --notify discord=env:DISCORD_URL --store " + store_, "/dev/null", env);
    EXPECT_EQ(flushed.code, 0) << flushed.err;
    EXPECT_THAT(flushed.err, HasSubstr("alert discord: delivered from the outbox"));
    ASSERT_EQ(up.log(1).size(), 1u);
    EXPECT_THAT(up.log()[0]["body"].get<std::string>(), HasSubstr("plain\\\\-crypto\\\\-js"));
    const test::Outcome empty = test::bomwatch("alerts flush --notify discord=env:DISCORD_URL --store " + store_, "/dev/null", env);
    EXPECT_EQ(empty.code, 0);
    EXPECT_THAT(empty.err, HasSubstr("the outbox is empty"));
    // Delivered from the outbox counts as sent: the same findings do not go out again.
    const test::Outcome next = check(kAfter, env, "--notify discord=env:DISCORD_URL --fail-on high");
    EXPECT_EQ(next.code, 1);
    EXPECT_EQ(up.log().size(), 1u);
}

TEST_F(Alerts, ARateLimitedAlertIsDeliveredAfterRetryAfter) {
    test::Receiver receiver({"--rate-limit", "1"});
    const std::string env = sink_env(receiver);
    ASSERT_EQ(check(kBefore, env).code, 0);
    const test::Outcome r = check(kAfter, env, "--notify googlechat=env:GOOGLE_CHAT_URL");
    EXPECT_EQ(r.code, 0) << r.err;
    const auto log = receiver.log(2);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0]["status"], 429);
    EXPECT_EQ(log[1]["status"], 200);
    EXPECT_THAT(r.err, HasSubstr("429"));
    expect_no_secret(r);
}

TEST_F(Alerts, DryRunPrintsThePayloadsAndSendsNothing) {
    test::Receiver receiver;
    const std::string env = sink_env(receiver);
    ASSERT_EQ(check(kBefore, env).code, 0);
    const test::Outcome r = check(kAfter, env, "--notify mattermost=env:MATTERMOST_URL --dry-run");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("--- alert for mattermost (mattermost; --dry-run: not sent) ---"));
    EXPECT_THAT(r.out, HasSubstr("plain-crypto-js"));
    EXPECT_THAT(r.err, HasSubstr("not recorded (--dry-run)"));
    EXPECT_TRUE(receiver.log().empty());
    // Nothing was recorded or marked sent: the real run sends the alert.
    const test::Outcome real = check(kAfter, env, "--notify mattermost=env:MATTERMOST_URL");
    EXPECT_THAT(real.err, HasSubstr("compared with checkout-web (main) #1"));
    EXPECT_EQ(receiver.log(1).size(), 1u);
}

// A payload the platform refuses stays in the outbox, but does not block the alerts behind it.
TEST_F(Alerts, ARefusedAlertDoesNotBlockTheOnesBehindIt) {
    {
        auto history = store::open_store(store_, store::OpenMode::CreateIfMissing);
        store::OutboxMessage refused;
        refused.sink = "slack";
        refused.project = "checkout-web";
        refused.branch = "main";
        refused.payload = "this is not JSON";
        refused.fingerprints = {"f1"};
        history->enqueue(refused);
        store::OutboxMessage fine = refused;
        fine.payload = R"({"text":"a queued alert"})";
        fine.fingerprints = {"f2"};
        history->enqueue(fine);
    }
    test::Receiver receiver;
    const test::Outcome r = test::bomwatch("alerts flush --notify slack=env:SLACK_URL --store " + store_, "/dev/null", sink_env(receiver));
    EXPECT_EQ(r.code, 3) << r.err;  // the refused one still waits
    const auto log = receiver.log(2);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0]["status"], 400);
    EXPECT_EQ(log[1]["status"], 200);
    EXPECT_THAT(r.err, HasSubstr("1 alert(s) still wait in the outbox"));
    // It can be looked at, and dropped.
    const test::Outcome listed = test::bomwatch("alerts list --store " + store_);
    EXPECT_THAT(listed.out, testing::StartsWith("1  slack  checkout-web (main)  queued "));
    EXPECT_THAT(listed.out, HasSubstr("1 finding(s), 1 attempt(s)\n    last: slack http://127.0.0.1:"));
    EXPECT_EQ(test::bomwatch("alerts drop 1 --store " + store_).code, 0);
    EXPECT_EQ(test::bomwatch("alerts drop 1 --store " + store_).code, 2);
    const test::Outcome empty = test::bomwatch("alerts flush --notify slack=env:SLACK_URL --store " + store_, "/dev/null", sink_env(receiver));
    EXPECT_EQ(empty.code, 0) << empty.err;
    EXPECT_THAT(empty.err, HasSubstr("the outbox is empty"));
}

TEST_F(Alerts, SecretsAreRefusedOnTheCommandLine) {
    const test::Outcome r = check(kAfter, "", std::string("--notify slack=https://hooks.slack.com/services/T0/B0/") + kPathToken);
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("the webhook URL is a secret"));
    EXPECT_THAT(r.err, HasSubstr("slack=env:NAME"));
    expect_no_secret(r);
    ASSERT_EQ(check(kBefore, "").code, 0);
    // Given without KIND=, a URL is not repeated either.
    const test::Outcome bare = check(kAfter, "", std::string("--notify https://hooks.slack.com/services/T0/B0/") + kPathToken);
    EXPECT_EQ(bare.code, 2);
    EXPECT_THAT(bare.err, HasSubstr("--notify takes KIND=env:NAME or KIND=file:PATH"));
    expect_no_secret(bare);
    EXPECT_EQ(check(kAfter, "", "--notify slack=env:A --notify slack=env:B").code, 2);
    const test::Outcome unset = check(kAfter, "-u NOT_SET_ANYWHERE", "--notify slack=env:NOT_SET_ANYWHERE");
    EXPECT_EQ(unset.code, 3);
    EXPECT_THAT(unset.err, HasSubstr("NOT_SET_ANYWHERE"));
}

TEST_F(Alerts, AlertsTestSendsASample) {
    test::Receiver receiver;
    const test::Outcome r = test::bomwatch("alerts test slack --notify slack=env:SLACK_URL", "/dev/null", sink_env(receiver));
    EXPECT_EQ(r.code, 0) << r.err;
    ASSERT_EQ(receiver.log(1).size(), 1u);
    EXPECT_EQ(receiver.log()[0]["status"], 200);
    expect_no_secret(r);
}

}  // namespace
}  // namespace bomwatch
