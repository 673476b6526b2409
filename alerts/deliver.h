// Delivering a rendered payload to one sink over libcurl: explicit timeouts, TLS verification on,
// proxies from the environment, no redirects; retries only for network errors, 408, 429 and 5xx,
// honouring Retry-After, with full-jitter exponential backoff under an overall deadline; other
// 4xx are not retried, and 404/410-style answers say the target is dead. One request at a time.
// Secrets (URLs, keys, passwords) never appear in a Delivery or a log line: only scheme://host.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "alerts/render.h"

namespace bomwatch::alerts {

// A sink with its secrets read (see read_secret): what delivery needs.
struct SinkTarget {
    SinkKind kind = SinkKind::Webhook;
    std::string name;  // the sink's name in the configuration, for messages
    std::string url;   // the webhook URL; PagerDuty: the Events API URL; email: smtp://host:587 or smtps://host:465
    // webhook: the HMAC key ("" : unsigned) and the signature style.
    enum class Signing { GitHub, StandardWebhooks } signing = Signing::GitHub;
    std::string hmac_key;
    std::string routing_key;  // PagerDuty's integration key, put into the payload at delivery
    // email
    std::string mail_from;
    std::vector<std::string> mail_to;
    std::string username, password;  // SMTP AUTH, "" : none
    bool allow_plaintext = false;    // email: STARTTLS is required unless this is set
};

struct DeliveryOptions {
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds request_timeout{15'000};  // one attempt, connect included
    std::chrono::milliseconds deadline{60'000};         // all attempts and waits together
    int max_attempts = 5;
    std::chrono::milliseconds backoff_base{500}, backoff_cap{8'000};
    std::chrono::milliseconds retry_after_cap{60'000};  // a longer Retry-After ends the retries
};

struct Delivery {
    enum class Outcome {
        Delivered,  // a 2xx answer (SMTP: the message was accepted)
        Failed,     // network errors, 408, 429 or 5xx until the attempts or the deadline ran out: retry later
        Rejected,   // another 4xx (the payload, or the credentials or signature, refused): retrying will not help
        Dead,       // 404/410, or the platform's "no such hook" answers: the target is gone
    };
    Outcome outcome = Outcome::Failed;
    long status = 0;      // the last HTTP status (SMTP: the last reply code), 0 when none
    int attempts = 0;
    std::string detail;   // for people: what happened, with the target as scheme://host only
};

// Called with one line per attempt that failed and what happens next ("slack https://hooks.slack.com:
// HTTP 429, retrying in 1.0 s (Retry-After)"). Never contains a secret.
using DeliveryLog = std::function<void(const std::string&)>;

// Sends `payload` (render(kind, ...); for email, render_email's subject and body joined as
// render() does) to `target`. `idempotency_key` identifies this delivery of this payload, the same
// on every retry of it (the CLI passes a hash of the sink's name and the payload): it is sent as
// the Standard Webhooks webhook-id, and goes into an e-mail's Message-ID next to a random part.
// Nothing else depends on it (PagerDuty's dedup_key is the alert's id, in the payload).
Delivery deliver(const SinkTarget& target, const std::string& payload, const std::string& idempotency_key,
                 const DeliveryOptions& options, const DeliveryLog& log = {});

// `url` as messages may show it: scheme://host[:port], nothing after.
std::string describe_url(const std::string& url);

// Reads a secret given as "env:NAME" or "file:PATH" (the file's first line, whitespace trimmed).
// Throws std::invalid_argument saying what is wrong (never the secret): an unset or empty
// variable, an unreadable file, or anything else (a literal URL), with how to pass it instead.
std::string read_secret(const std::string& reference, const std::string& what);

}  // namespace bomwatch::alerts
