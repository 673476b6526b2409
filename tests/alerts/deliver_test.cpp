// Delivery over real requests: to ../shared/tools/webhook-receiver.py (each platform's endpoint,
// with its faults: 500s, 429 + Retry-After, slow answers, HMAC checks) and to smtp-server.py here,
// asserting on what the servers logged. Plus the signing test vectors and read_secret.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "alerts/deliver.h"
#include "alerts/deliver_detail.h"
#include "alerts/sign.h"
#include "tests/alerts/receiver.h"

namespace bomwatch::alerts {
namespace {

using std::chrono::milliseconds;
using test::Receiver;
using ::testing::HasSubstr;
using ::testing::Not;

// The receivers are on 127.0.0.1: a proxy from the environment must not get the requests.
const bool kNoProxy = [] {
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    return true;
}();

// Short waits, so that the retry tests run in seconds.
DeliveryOptions quick() {
    DeliveryOptions options;
    options.connect_timeout = milliseconds(2'000);
    options.request_timeout = milliseconds(5'000);
    options.deadline = milliseconds(20'000);
    options.max_attempts = 5;
    options.backoff_base = milliseconds(20);
    options.backoff_cap = milliseconds(200);
    return options;
}

SinkTarget target_for(SinkKind kind, const std::string& url) {
    SinkTarget target;
    target.kind = kind;
    target.name = "test-sink";
    target.url = url;
    return target;
}

// Collects the log lines of a delivery.
struct Lines {
    std::vector<std::string> lines;
    DeliveryLog log() {
        return [this](const std::string& line) { lines.push_back(line); };
    }
};

// Seconds since midnight of a receiver timestamp "2026-11-26T13:12:27.123Z".
double seconds_of(const std::string& ts) {
    const auto t = ts.find('T');
    return std::stod(ts.substr(t + 1, 2)) * 3600 + std::stod(ts.substr(t + 4, 2)) * 60 + std::stod(ts.substr(t + 7, 6));
}

double elapsed_s(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

constexpr char kRoutingKey[] = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY32";  // 32 characters, as PagerDuty's

// --- Signatures ---

TEST(Sign, GitHubTestVector) {
    // research/alerts.md §6, from GitHub's "Validating webhook deliveries".
    EXPECT_EQ(github_signature("It's a Secret to Everybody", "Hello, World!"),
              "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
}

TEST(Sign, StandardWebhooksTestVector) {
    // The Standard Webhooks reference libraries' vector (checked with Python's hmac as well).
    EXPECT_EQ(standard_webhooks_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                          1614265330, R"({"test": 2432232314})"),
              "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(Sign, Base64RoundTrip) {
    for (const std::string& bytes : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
        std::string decoded;
        ASSERT_TRUE(base64_decode(base64_encode(bytes), decoded));
        EXPECT_EQ(decoded, bytes);
    }
    std::string ignored;
    EXPECT_FALSE(base64_decode("abc", ignored));
    EXPECT_FALSE(base64_decode("ab c", ignored));
}

// --- describe_url and read_secret ---

TEST(DescribeUrl, KeepsSchemeHostAndPortOnly) {
    EXPECT_EQ(describe_url("https://hooks.slack.com/services/T0/B0/secret"), "https://hooks.slack.com");
    EXPECT_EQ(describe_url("https://user:pass@chat.googleapis.com/v1/spaces/A/messages?key=k&token=t"),
              "https://chat.googleapis.com");
    EXPECT_EQ(describe_url("http://127.0.0.1:8080/generic#frag"), "http://127.0.0.1:8080");
    EXPECT_EQ(describe_url("smtps://Mail.Example.com:465"), "smtps://mail.example.com:465");
    EXPECT_THAT(describe_url("not a url with /secret"), Not(HasSubstr("secret")));
}

TEST(ReadSecret, FromEnvironmentAndFile) {
    test::TempDir dir;
    setenv("BOMWATCH_TEST_SECRET", "  https://hooks.example/abc \n", 1);
    EXPECT_EQ(read_secret("env:BOMWATCH_TEST_SECRET", "the URL"), "https://hooks.example/abc");
    const auto file = dir.write("key", "  s3cr3t-value  \nsecond line\n");
    EXPECT_EQ(read_secret("file:" + file, "the key"), "s3cr3t-value");
}

TEST(ReadSecret, SaysWhatIsWrongWithoutTheSecret) {
    test::TempDir dir;
    auto message = [](const std::string& reference) {
        try {
            read_secret(reference, "sink ops: the URL");
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("no exception");
    };
    unsetenv("BOMWATCH_TEST_UNSET");
    EXPECT_THAT(message("env:BOMWATCH_TEST_UNSET"), HasSubstr("BOMWATCH_TEST_UNSET is not set"));
    setenv("BOMWATCH_TEST_EMPTY", " ", 1);
    EXPECT_THAT(message("env:BOMWATCH_TEST_EMPTY"), HasSubstr("BOMWATCH_TEST_EMPTY is empty"));
    const auto missing = (dir.path() / "missing").string();
    EXPECT_THAT(message("file:" + missing), HasSubstr("cannot read " + missing));
    const auto empty = dir.write("empty", "\n\n");
    EXPECT_THAT(message("file:" + empty), HasSubstr(empty + " is empty"));
    const std::string literal = message("https://hooks.slack.com/services/T0/B0/LITERALSECRET");
    EXPECT_THAT(literal, HasSubstr("sink ops: the URL is given literally"));
    EXPECT_THAT(literal, HasSubstr("env:NAME"));
    EXPECT_THAT(literal, HasSubstr("file:PATH"));
    EXPECT_THAT(literal, Not(HasSubstr("LITERALSECRET")));
    EXPECT_THAT(literal, Not(HasSubstr("hooks.slack.com")));
}

// --- What the platforms' answers mean (canned answers the receiver does not make) ---

TEST(JudgeHttp, ClassifiesAnswers) {
    using Kind = detail::Attempt::Kind;
    EXPECT_EQ(detail::judge_http(200, "ok", 0).kind, Kind::Delivered);
    EXPECT_EQ(detail::judge_http(204, "", 0).kind, Kind::Delivered);
    const auto redirect = detail::judge_http(302, "", 0);
    EXPECT_EQ(redirect.kind, Kind::Rejected);
    EXPECT_THAT(redirect.what, HasSubstr("redirected; bomwatch does not follow redirects"));
    for (const char* slack : {"no_service", "channel_is_archived", "invalid_token", "no_active_hooks", "team_disabled"})
        EXPECT_EQ(detail::judge_http(403, slack, 0).kind, Kind::Dead) << slack;
    EXPECT_EQ(detail::judge_http(404, R"({"message": "Unknown Webhook", "code": 10015})", 0).kind, Kind::Dead);
    EXPECT_EQ(detail::judge_http(400, R"({"message": "Unknown Webhook", "code": 10015})", 0).kind, Kind::Dead);
    EXPECT_EQ(detail::judge_http(400, R"({"id":"web.incoming_webhook.invalid.app_error","message":"Invalid webhook"})", 0).kind,
              Kind::Dead);
    EXPECT_EQ(detail::judge_http(410, "", 0).kind, Kind::Dead);
    for (const long status : {408L, 429L, 500L, 502L, 503L, 504L, 522L, 524L})
        EXPECT_EQ(detail::judge_http(status, "", 0).kind, Kind::Retry) << status;
    EXPECT_EQ(detail::judge_http(501, R"({"id":"web.incoming_webhook.disabled.app_error"})", 0).kind, Kind::Failed);
    const auto discord = detail::judge_http(
        400,
        R"({"code":50035,"errors":{"embeds":{"0":{"fields":{"6":{"value":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 1024 or fewer in length."}]}}}}}},"message":"Invalid Form Body"})",
        0);
    EXPECT_EQ(discord.kind, Kind::Rejected);
    EXPECT_THAT(discord.what, HasSubstr("Invalid Form Body (code 50035): embeds.0.fields.6.value: Must be 1024 or fewer"));
    // 401 and 403 are about the credentials or the signature, not the payload.
    for (const long status : {401L, 403L}) {
        const auto refused = detail::judge_http(status, R"({"message": "invalid signature"})", 0);
        EXPECT_EQ(refused.kind, Kind::Rejected) << status;
        EXPECT_THAT(refused.what, HasSubstr("the platform refused the credentials or the signature (HTTP " + std::to_string(status) +
                                            " (invalid signature))"));
        EXPECT_THAT(refused.what, Not(HasSubstr("payload")));
    }
    EXPECT_THAT(detail::judge_http(400, "invalid_blocks", 0).what, HasSubstr("HTTP 400 (invalid_blocks): the payload was refused"));
    // A server's answer cannot put line breaks or terminal escapes into our messages.
    EXPECT_THAT(detail::judge_http(400, "bad\r\n\x1b[31mred", 0).what, Not(HasSubstr("\x1b")));
}

// --- Each platform's endpoint ---

struct Platform {
    SinkKind kind;
    std::string path, payload, endpoint;
    long status;
};

std::vector<Platform> platforms() {
    return {
        {SinkKind::Slack, "/slack/services/T0/B0/XXXXXXXXXXXXXXXXXXXXXXXX",
         R"({"text":"bomwatch test","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*libfoo* 1.2.3 → 1.2.4"}}]})",
         "slack", 200},
        {SinkKind::Teams, "/teams/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SIGSIGSIGSIGSIGSIG",
         R"({"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"Unexpected dependency change","wrap":true}]}}]})",
         "teams", 202},
        {SinkKind::Discord, "/discord/api/webhooks/123/TOKENTOKENTOKENTOKENTOKEN",
         R"({"content":"bomwatch test","allowed_mentions":{"parse":[]},"embeds":[{"title":"Unexpected dependency change","fields":[{"name":"libfoo","value":"1.2.3 → 1.2.4","inline":true}]}]})",
         "discord", 204},
        {SinkKind::Mattermost, "/mattermost/hooks/xxxxxxxxxxxxxxxxxxxxxxxxxx",
         R"({"text":"#### Unexpected dependency change\n| Component | From | To |\n|---|---|---|\n| libfoo | 1.2.3 | 1.2.4 |"})",
         "mattermost", 200},
        {SinkKind::GoogleChat, "/googlechat/v1/spaces/AAAA/messages?key=KEYKEYKEYKEY&token=TOKENTOKENTOKEN",
         R"({"text":"bomwatch test","cardsV2":[{"cardId":"drift","card":{"header":{"title":"Unexpected dependency change"},"sections":[{"widgets":[{"decoratedText":{"topLabel":"libfoo","text":"1.2.3 → 1.2.4"}}]}]}}]})",
         "googlechat", 200},
        {SinkKind::Webhook, "/generic", R"({"type":"bomwatch.alert","timestamp":"2026-11-26T06:00:00Z","data":{"project":"app"}})",
         "generic", 200},
        {SinkKind::PagerDuty, "/pagerduty/v2/enqueue",
         R"({"routing_key":"{{routing_key}}","event_action":"trigger","dedup_key":"alert-1","payload":{"summary":"Unexpected dependency change in app","source":"ci.example.com/app","severity":"warning"}})",
         "pagerduty", 202},
    };
}

TEST(Deliver, EveryPlatformAcceptsItsPayload) {
    Receiver receiver;
    const auto all = platforms();
    for (const auto& platform : all) {
        auto target = target_for(platform.kind, receiver.url(platform.path));
        target.routing_key = kRoutingKey;
        const Delivery delivery = deliver(target, platform.payload, "alert-1", quick());
        EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << platform.endpoint << ": " << delivery.detail;
        EXPECT_EQ(delivery.status, platform.status) << platform.endpoint;
        EXPECT_EQ(delivery.attempts, 1);
        EXPECT_THAT(delivery.detail, HasSubstr("delivered"));
    }
    const auto log = receiver.log(all.size());
    ASSERT_EQ(log.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& entry = log[i];
        EXPECT_EQ(entry["endpoint"], all[i].endpoint);
        EXPECT_EQ(entry["method"], "POST");
        EXPECT_EQ(entry["status"], all[i].status) << entry.dump();
        EXPECT_TRUE(entry["errors"].empty()) << entry.dump();
        EXPECT_TRUE(entry["warnings"].empty()) << entry.dump();  // Content-Type application/json
        EXPECT_EQ(entry["headers"]["Content-Type"], "application/json");
        EXPECT_EQ(entry["headers"]["User-Agent"], "bomwatch");
        if (all[i].kind != SinkKind::PagerDuty) {
            EXPECT_EQ(entry["body"], all[i].payload);  // the exact bytes
        }
    }
}

TEST(Deliver, PagerDutyGetsTheRoutingKeyAndNobodyElseSeesIt) {
    Receiver receiver;
    auto target = target_for(SinkKind::PagerDuty, receiver.url("/pagerduty/v2/enqueue"));
    target.routing_key = kRoutingKey;
    Lines lines;
    const auto pagerduty = platforms()[6];
    const Delivery delivery = deliver(target, pagerduty.payload, "alert-1", quick(), lines.log());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    const auto log = receiver.log(1);
    ASSERT_EQ(log.size(), 1u);
    // The receiver checks the key is 32 characters (else 400) and masks it in its log.
    EXPECT_EQ(log[0]["status"], 202);
    EXPECT_THAT(log[0]["body"].get<std::string>(), HasSubstr(R"("routing_key":"***")"));
    EXPECT_THAT(log[0]["response_body"].get<std::string>(), HasSubstr("alert-1"));
    EXPECT_THAT(receiver.log_text(), Not(HasSubstr(kRoutingKey)));
    EXPECT_THAT(delivery.detail, Not(HasSubstr(kRoutingKey)));

    // Refused with the key in the payload: still not in what we say.
    const Delivery refused = deliver(target, R"({"routing_key":"{{routing_key}}","event_action":"explode"})", "alert-2",
                                     quick(), lines.log());
    EXPECT_EQ(refused.outcome, Delivery::Outcome::Rejected);
    EXPECT_THAT(refused.detail, HasSubstr("Event object is invalid"));
    EXPECT_THAT(refused.detail, Not(HasSubstr(kRoutingKey)));
    for (const auto& line : lines.lines)
        EXPECT_THAT(line, Not(HasSubstr(kRoutingKey)));

    target.routing_key.clear();
    EXPECT_EQ(deliver(target, pagerduty.payload, "alert-3", quick()).outcome, Delivery::Outcome::Rejected);
    EXPECT_EQ(receiver.log(2).size(), 2u);  // no request without a key
}

// --- Retries ---

TEST(Deliver, RecoversFromServerErrors) {
    Receiver receiver({"--fail-first", "2"});
    Lines lines;
    const Delivery delivery =
        deliver(target_for(SinkKind::Slack, receiver.url("/slack/services/T0/B0/XXXXXXXXXXXXXXXXXXXXXXXX")),
                platforms()[0].payload, "alert-1", quick(), lines.log());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    EXPECT_EQ(delivery.attempts, 3);
    EXPECT_EQ(delivery.status, 200);
    const auto log = receiver.log(3);
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0]["fault"], "fail-first");
    EXPECT_EQ(log[1]["fault"], "fail-first");
    EXPECT_EQ(log[2]["status"], 200);
    ASSERT_EQ(lines.lines.size(), 2u);
    EXPECT_THAT(lines.lines[0], HasSubstr("HTTP 500 (rollup_error), retrying in"));
    EXPECT_THAT(lines.lines[0], HasSubstr("(backoff)"));
}

TEST(Deliver, HonoursRetryAfter) {
    Receiver receiver({"--rate-limit", "1"});
    Lines lines;
    const auto start = std::chrono::steady_clock::now();
    const Delivery delivery = deliver(target_for(SinkKind::Discord, receiver.url("/discord/api/webhooks/1/TOKENTOKENTOKENTOKEN")),
                                      platforms()[2].payload, "alert-1", quick(), lines.log());
    const double took = elapsed_s(start);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    EXPECT_EQ(delivery.attempts, 2);
    const auto log = receiver.log(2);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0]["status"], 429);
    const double gap = seconds_of(log[1]["ts"]) - seconds_of(log[0]["ts"]);
    std::printf("Retry-After: 1 -> second request %.3f s after the first (delivery took %.3f s)\n", gap, took);
    EXPECT_GE(gap, 0.9);
    EXPECT_LE(gap, 4.0);
    ASSERT_EQ(lines.lines.size(), 1u);
    EXPECT_THAT(lines.lines[0], HasSubstr("HTTP 429 (You are being rate limited.), retrying in 1.0 s (Retry-After)"));
}

TEST(Deliver, RetryAfterAboveTheCapEndsTheRetries) {
    Receiver receiver({"--rate-limit", "1"});
    auto options = quick();
    options.retry_after_cap = milliseconds(500);
    const Delivery delivery = deliver(target_for(SinkKind::Webhook, receiver.url("/generic")), platforms()[5].payload,
                                      "alert-1", options);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Failed);
    EXPECT_EQ(delivery.attempts, 1);
    EXPECT_EQ(delivery.status, 429);
    EXPECT_THAT(delivery.detail, HasSubstr("asked to wait 1 s (Retry-After), more than the 500 ms bomwatch waits"));
}

TEST(Deliver, SlowServerTimesOutWithinTheDeadline) {
    Receiver receiver({"--slow-ms", "3000"});
    auto options = quick();
    options.request_timeout = milliseconds(500);
    options.deadline = milliseconds(6'000);
    options.max_attempts = 3;
    Lines lines;
    const auto start = std::chrono::steady_clock::now();
    const Delivery delivery = deliver(target_for(SinkKind::Mattermost, receiver.url("/mattermost/hooks/xxxxxxxxxxxxxxxxxxxx")),
                                      platforms()[3].payload, "alert-1", options, lines.log());
    const double took = elapsed_s(start);
    std::printf("3 attempts against a 3 s server with a 0.5 s timeout: %.3f s\n", took);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Failed);
    EXPECT_EQ(delivery.attempts, 3);
    EXPECT_EQ(delivery.status, 0);
    EXPECT_THAT(delivery.detail, HasSubstr("OPERATION_TIMEDOUT"));
    EXPECT_THAT(delivery.detail, HasSubstr("not delivered after 3 attempts"));
    EXPECT_GE(took, 1.4);
    EXPECT_LT(took, 5.0);
    EXPECT_EQ(lines.lines.size(), 3u);
}

TEST(Deliver, DeadlineEndsTheRetries) {
    Receiver receiver({"--fail-first", "1000", "--slow-ms", "200"});
    auto options = quick();
    options.max_attempts = 1000;
    options.backoff_base = milliseconds(100);
    options.backoff_cap = milliseconds(300);
    options.deadline = milliseconds(2'000);
    const auto start = std::chrono::steady_clock::now();
    const Delivery delivery = deliver(target_for(SinkKind::GoogleChat, receiver.url("/googlechat/v1/spaces/A/messages")),
                                      platforms()[4].payload, "alert-1", options);
    const double took = elapsed_s(start);
    std::printf("deadline 2 s: gave up after %d attempts, %.3f s\n", delivery.attempts, took);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Failed);
    EXPECT_GE(delivery.attempts, 3);
    EXPECT_THAT(delivery.detail, HasSubstr("deadline"));
    // The last attempt gets only the time left, so it may have timed out instead of seeing the 500.
    if (delivery.status == 500)
        EXPECT_THAT(delivery.detail, HasSubstr("Internal error encountered. (INTERNAL)"));
    else
        EXPECT_THAT(delivery.detail, HasSubstr("OPERATION_TIMEDOUT"));
    EXPECT_LT(took, 2.0 + 0.5);  // an attempt never runs past the deadline
    EXPECT_EQ(receiver.log(delivery.attempts).size(), static_cast<std::size_t>(delivery.attempts));
}

TEST(Deliver, GivesUpAfterMaxAttempts) {
    Receiver receiver({"--fail-first", "100"});
    auto options = quick();
    options.max_attempts = 4;
    Lines lines;
    const Delivery delivery = deliver(target_for(SinkKind::Teams, receiver.url("/teams/workflows/x")), platforms()[1].payload,
                                      "alert-1", options, lines.log());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Failed);
    EXPECT_EQ(delivery.attempts, 4);
    EXPECT_EQ(delivery.status, 500);
    EXPECT_THAT(delivery.detail, HasSubstr("not delivered after 4 attempts (last: HTTP 500 (Injected failure (InternalServerError)))"));
    EXPECT_EQ(receiver.log(4).size(), 4u);
    ASSERT_EQ(lines.lines.size(), 4u);
    EXPECT_THAT(lines.lines[3], HasSubstr("giving up after 4 attempts"));
}

TEST(Deliver, NetworkErrorsAreRetriedThenFail) {
    // A port nobody listens on: the receiver's, after it stopped.
    std::string url;
    {
        Receiver receiver;
        url = receiver.url("/generic");
    }
    auto options = quick();
    options.max_attempts = 3;
    const Delivery delivery = deliver(target_for(SinkKind::Webhook, url), "{}", "alert-1", options);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Failed);
    EXPECT_EQ(delivery.attempts, 3);
    EXPECT_THAT(delivery.detail, HasSubstr("COULDNT_CONNECT"));
}

// --- Refusals ---

TEST(Deliver, RefusedPayloadIsNotRetriedAndSaysWhy) {
    Receiver receiver;
    const std::vector<std::tuple<SinkKind, std::string, std::string, std::string>> cases = {
        {SinkKind::Slack, "/slack/services/T0/B0/XXXXXXXXXXXXXXXXXXXX", R"({"username":"x"})", "HTTP 400 (no_text)"},
        {SinkKind::Discord, "/discord/api/webhooks/1/TOKENTOKENTOKENTOKEN", R"({"content":""})",
         "Cannot send an empty message (code 50006)"},
        {SinkKind::Discord, "/discord/api/webhooks/1/TOKENTOKENTOKENTOKEN",
         R"({"embeds":[{"title":")" + std::string(300, 'x') + R"("}]})", "Invalid Form Body (code 50035): embeds.0.title"},
        {SinkKind::Mattermost, "/mattermost/hooks/xxxxxxxxxxxxxxxxxxxx", R"({"props":{}})", "(web.incoming_webhook.text.app_error)"},
        {SinkKind::GoogleChat, "/googlechat/v1/spaces/A/messages", R"({"text":"x","bogus":1})", "(INVALID_ARGUMENT)"},
        {SinkKind::PagerDuty, "/pagerduty/v2/enqueue", R"({"routing_key":"{{routing_key}}","event_action":"trigger"})",
         "Event object is invalid: "},
        {SinkKind::Webhook, "/generic", "not json", "body is not valid JSON"},
    };
    for (const auto& [kind, path, payload, reason] : cases) {
        auto target = target_for(kind, receiver.url(path));
        target.routing_key = kRoutingKey;
        const Delivery delivery = deliver(target, payload, "alert-1", quick());
        EXPECT_EQ(delivery.outcome, Delivery::Outcome::Rejected) << delivery.detail;
        EXPECT_EQ(delivery.status, 400);
        EXPECT_EQ(delivery.attempts, 1);
        EXPECT_THAT(delivery.detail, HasSubstr(reason));
    }
    EXPECT_EQ(receiver.log(cases.size()).size(), cases.size());  // one request each
}

TEST(Deliver, NotFoundIsDead) {
    Receiver receiver;
    const Delivery delivery = deliver(target_for(SinkKind::Webhook, receiver.url("/removed/hook")), "{}", "alert-1", quick());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Dead);
    EXPECT_EQ(delivery.status, 404);
    EXPECT_EQ(delivery.attempts, 1);
    EXPECT_THAT(delivery.detail, HasSubstr("the webhook no longer exists; create a new one"));
    EXPECT_EQ(receiver.log(1).size(), 1u);
}

TEST(Deliver, PlainHttpOnlyToLoopback) {
    const Delivery remote = deliver(target_for(SinkKind::Slack, "http://hooks.example.com/services/T0/B0/SECRET"), "{}", "a", quick());
    EXPECT_EQ(remote.outcome, Delivery::Outcome::Rejected);
    EXPECT_EQ(remote.attempts, 0);
    EXPECT_THAT(remote.detail, HasSubstr("http:// is allowed only to 127.0.0.1, ::1 or localhost"));
    EXPECT_THAT(remote.detail, Not(HasSubstr("SECRET")));
    EXPECT_EQ(deliver(target_for(SinkKind::Slack, "ftp://hooks.example.com/x"), "{}", "a", quick()).outcome,
              Delivery::Outcome::Rejected);

    Receiver receiver;
    const Delivery local = deliver(target_for(SinkKind::Webhook, "http://localhost:" + std::to_string(receiver.port()) + "/generic"),
                                   "{}", "a", quick());
    EXPECT_EQ(local.outcome, Delivery::Outcome::Delivered) << local.detail;
}

TEST(Deliver, Office365ConnectorIsDeadWithoutARequest) {
    for (const char* url : {"https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456",
                            "https://outlook.office.com/webhook/abc/IncomingWebhook/def"}) {
        const Delivery delivery = deliver(target_for(SinkKind::Teams, url), "{}", "alert-1", quick());
        EXPECT_EQ(delivery.outcome, Delivery::Outcome::Dead);
        EXPECT_EQ(delivery.attempts, 0);
        EXPECT_THAT(delivery.detail, HasSubstr("Office 365 connector"));
        EXPECT_THAT(delivery.detail, HasSubstr("Workflows"));
        EXPECT_THAT(delivery.detail, Not(HasSubstr("IncomingWebhook")));
    }
}

TEST(Deliver, SecretsInTheUrlAreNeverShown) {
    Receiver receiver({"--fail-first", "1"});
    Lines lines;
    std::vector<std::string> said;
    const std::string path = "/slack/services/T0/B0/PATHSECRET0123456789?token=QUERYSECRET99";
    for (const auto& payload : {std::string(R"({"username":"x"})"), platforms()[0].payload}) {
        const Delivery delivery = deliver(target_for(SinkKind::Slack, receiver.url(path)), payload, "alert-1", quick(), lines.log());
        said.push_back(delivery.detail);
    }
    said.push_back(deliver(target_for(SinkKind::Slack, receiver.url("/gone/PATHSECRET0123456789")), "{}", "a", quick(), lines.log())
                       .detail);
    said.push_back(deliver(target_for(SinkKind::Slack, "http://127.0.0.1:1/PATHSECRET0123456789?token=QUERYSECRET99"), "{}", "a",
                           quick(), lines.log())
                       .detail);
    said.push_back(deliver(target_for(SinkKind::Slack, "https://user:PASSWORDSECRET@127.0.0.1:1/x"), "{}", "a", quick(), lines.log())
                       .detail);
    said.insert(said.end(), lines.lines.begin(), lines.lines.end());
    EXPECT_GE(said.size(), 8u);
    for (const auto& text : said) {
        EXPECT_THAT(text, Not(HasSubstr("PATHSECRET"))) << text;
        EXPECT_THAT(text, Not(HasSubstr("QUERYSECRET"))) << text;
        EXPECT_THAT(text, Not(HasSubstr("PASSWORDSECRET"))) << text;
        EXPECT_THAT(text, Not(HasSubstr("/services"))) << text;
    }
}

// --- HMAC signing, verified by the receiver ---

class Signed : public ::testing::Test {
protected:
    // A whsec_ key: GitHub style signs with its characters, Standard Webhooks with its decoded bytes;
    // the receiver does the same.
    static constexpr char kKey[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    void SetUp() override { setenv("BOMWATCH_TEST_HMAC", kKey, 1); }

    Delivery send(Receiver& receiver, SinkTarget::Signing signing, const std::string& key) {
        auto target = target_for(SinkKind::Webhook, receiver.url("/generic"));
        target.signing = signing;
        target.hmac_key = key;
        Lines lines;
        const Delivery delivery = deliver(target, platforms()[5].payload, "alert-42", quick(), lines.log());
        for (const auto& text : lines.lines)
            EXPECT_THAT(text, Not(HasSubstr("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        EXPECT_THAT(delivery.detail, Not(HasSubstr("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        return delivery;
    }
};

TEST_F(Signed, GitHubStyle) {
    Receiver receiver({"--require-hmac-env", "BOMWATCH_TEST_HMAC"});
    const Delivery delivery = send(receiver, SinkTarget::Signing::GitHub, kKey);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    const auto log = receiver.log(1);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0]["hmac"], "ok:x-signature-256");
    EXPECT_EQ(log[0]["headers"]["X-Hub-Signature-256"], "sha256=***");
    EXPECT_EQ(log[0]["headers"]["X-Signature-256"], "sha256=***");
}

TEST_F(Signed, StandardWebhooksStyle) {
    Receiver receiver({"--require-hmac-env", "BOMWATCH_TEST_HMAC"});
    const Delivery delivery = send(receiver, SinkTarget::Signing::StandardWebhooks, kKey);
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    const auto log = receiver.log(1);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0]["hmac"], "ok:standard-webhooks");
    EXPECT_EQ(log[0]["headers"]["webhook-id"], "alert-42");
    const long long sent = std::stoll(log[0]["headers"]["webhook-timestamp"].get<std::string>());
    EXPECT_NEAR(static_cast<double>(sent), static_cast<double>(std::time(nullptr)), 30.0);
}

TEST_F(Signed, WrongKeyIsRefused) {
    Receiver receiver({"--require-hmac-env", "BOMWATCH_TEST_HMAC"});
    for (const auto signing : {SinkTarget::Signing::GitHub, SinkTarget::Signing::StandardWebhooks}) {
        const Delivery delivery = send(receiver, signing, "whsec_d3Jvbmcga2V5IHdyb25nIGtleQ==");
        EXPECT_EQ(delivery.outcome, Delivery::Outcome::Rejected);
        EXPECT_EQ(delivery.status, 401);
        EXPECT_EQ(delivery.attempts, 1);
        EXPECT_THAT(delivery.detail, HasSubstr("invalid or missing signature"));
        EXPECT_THAT(delivery.detail, HasSubstr("the platform refused the credentials or the signature (HTTP 401"));
    }
    const auto log = receiver.log(2);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0]["hmac"], "invalid");
    EXPECT_EQ(log[1]["hmac"], "invalid");
}

}  // namespace
}  // namespace bomwatch::alerts
