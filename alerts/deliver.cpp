// Delivery of one payload to one sink: the retry loop (shared with SMTP, smtp.cpp), the HTTP
// transport over libcurl, what the platforms' error answers mean, and the secrets rules: a
// URL is shown as scheme://host only, and every line we make is scrubbed of the target's secrets.
#include "alerts/deliver.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <thread>

#include "alerts/deliver_detail.h"
#include "alerts/sign.h"

namespace bomwatch::alerts {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kMaxResponseBody = 64 * 1024;  // what we keep of an answer, for its reason

// libcurl's global state, set up once before the first handle (curl_global_init is not thread-safe).
void init_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

using detail::CurlDeleter;
using detail::CurlUrlDeleter;
using detail::Slist;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The parts of a URL we look at; `valid` false when libcurl cannot parse it.
struct UrlParts {
    bool valid = false;
    std::string scheme, host, port, path, query;
};

UrlParts parse_url(const std::string& url) {
    UrlParts parts;
    std::unique_ptr<CURLU, CurlUrlDeleter> handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return parts;
    auto get = [&](CURLUPart what, std::string& into) {
        char* value = nullptr;
        if (curl_url_get(handle.get(), what, &value, 0) == CURLUE_OK && value != nullptr)
            into = value;
        curl_free(value);
    };
    get(CURLUPART_SCHEME, parts.scheme);
    get(CURLUPART_HOST, parts.host);
    get(CURLUPART_PORT, parts.port);  // only when the URL names one
    get(CURLUPART_PATH, parts.path);
    get(CURLUPART_QUERY, parts.query);
    parts.scheme = lower(parts.scheme);
    parts.host = lower(parts.host);
    parts.valid = !parts.scheme.empty() && !parts.host.empty();
    return parts;
}

bool is_loopback(const std::string& host) {
    // libcurl (>= 7.78) resolves "localhost" to the loopback addresses itself, without DNS.
    return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

// A retired Office 365 connector URL (research §2b): tenant.webhook.office.com or the older
// outlook.office.com/webhook/.
bool is_office365_connector(const UrlParts& url) {
    return url.host == "webhook.office.com" || url.host.ends_with(".webhook.office.com") ||
           (url.host == "outlook.office.com" && url.path.starts_with("/webhook"));
}

// --- Keeping secrets out of what we say ---

// The target's secrets, to be replaced by "***" in every line we make: the URL whole, its path
// and query and their longer parts, the keys and the password. Defence in depth: our own words
// never contain them, but a server's answer might echo them back.
std::vector<std::string> secrets_of(const SinkTarget& target, const UrlParts& url) {
    std::vector<std::string> secrets = {target.url, target.hmac_key, target.routing_key, target.password};
    if (url.path.size() > 1)
        secrets.push_back(url.path);
    if (!url.query.empty())
        secrets.push_back(url.query);
    auto add_pieces = [&](const std::string& text, char separator) {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find(separator, start);
            if (end == std::string::npos)
                end = text.size();
            std::string piece = text.substr(start, end - start);
            if (const auto equals = piece.find('='); separator == '&' && equals != std::string::npos)
                piece = piece.substr(equals + 1);
            if (piece.size() >= 8)
                secrets.push_back(piece);
            start = end + 1;
        }
    };
    add_pieces(url.path, '/');
    add_pieces(url.query, '&');
    std::erase_if(secrets, [](const std::string& secret) { return secret.size() < 4; });
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return secrets;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets)
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    return text;
}

size_t keep_body(char* data, size_t size, size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    const size_t length = size * count;
    if (body->size() < kMaxResponseBody)
        body->append(data, std::min(length, kMaxResponseBody - body->size()));
    return length;
}

// Header values come from us, but one with a line break would add headers: keep them on one line.
std::string header_value(std::string value) {
    std::replace_if(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return value;
}

// One POST. `curl` is reused between attempts so that a retry can reuse the connection.
detail::Attempt http_attempt(CURL* curl, const SinkTarget& target, const std::string& body,
                             const std::string& idempotency_key, const detail::AttemptLimits& limits) {
    Slist headers;
    auto add = [&](const std::string& line) { detail::append(headers, line); };
    add("Content-Type: application/json");
    add("Expect:");  // no 100-continue round trip for larger bodies
    if (target.kind == SinkKind::Webhook) {
        if (!idempotency_key.empty())
            add("webhook-id: " + header_value(idempotency_key));
        if (!target.hmac_key.empty()) {
            if (target.signing == SinkTarget::Signing::GitHub) {
                const std::string signature = github_signature(target.hmac_key, body);
                add("X-Hub-Signature-256: " + signature);
                add("X-Signature-256: " + signature);
            } else {
                const long long now = static_cast<long long>(std::time(nullptr));  // fresh per attempt
                add("webhook-timestamp: " + std::to_string(now));
                add("webhook-signature: " +
                    standard_webhooks_signature(target.hmac_key, header_value(idempotency_key), now, body));
            }
        }
    }
    std::string response;
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.timeout.count()));
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);

    if (code != CURLE_OK) {
        detail::Attempt attempt;
        attempt.kind = detail::retryable_curl(code) ? detail::Attempt::Kind::Retry : detail::Attempt::Kind::Failed;
        attempt.what = detail::curl_result_text(code);
        if (code == CURLE_OPERATION_TIMEDOUT)
            attempt.what += " after " + std::to_string(limits.timeout.count()) + " ms";
        return attempt;
    }
    long status = 0;
    curl_off_t retry_after = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after);
    return detail::judge_http(status, response, static_cast<long>(retry_after));
}

// PagerDuty's routing key goes into the payload only now, on its way out (render_pagerduty leaves
// the placeholder so that the outbox never holds it). Throws std::invalid_argument.
std::string with_routing_key(const std::string& payload, const std::string& routing_key) {
    if (routing_key.empty())
        throw std::invalid_argument("no routing key: set the sink's routing key (env:NAME or file:PATH)");
    auto json = nlohmann::ordered_json::parse(payload, nullptr, false);
    if (!json.is_object())
        throw std::invalid_argument("the PagerDuty payload is not a JSON object");
    const auto key = json.find("routing_key");
    if (key != json.end() && key->is_string() && key->get<std::string>() == kRoutingKeyPlaceholder)
        *key = routing_key;
    return json.dump();
}

std::string seconds_text(milliseconds duration) {
    if (duration < std::chrono::seconds(1))
        return std::to_string(duration.count()) + " ms";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

std::uint64_t random_below(std::uint64_t bound) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return bound == 0 ? 0 : std::uniform_int_distribution<std::uint64_t>(0, bound)(engine);
}

// Runs attempts until one settles it, the attempts run out, or the next wait would pass the
// deadline. Full-jitter backoff random(0, min(cap, base * 2^n)) unless the server said Retry-After.
Delivery run_attempts(const std::string& label, const DeliveryOptions& options, const DeliveryLog& log,
                      const std::vector<std::string>& secrets,
                      const std::function<detail::Attempt(const detail::AttemptLimits&)>& attempt_once) {
    using Kind = detail::Attempt::Kind;
    const auto start = Clock::now();
    const auto deadline = start + options.deadline;
    const int max_attempts = std::max(1, options.max_attempts);
    Delivery delivery;
    auto say = [&](const std::string& line) {
        if (log)
            log(scrub(line, secrets));
    };
    auto finish = [&](Delivery::Outcome outcome, const std::string& detail) {
        delivery.outcome = outcome;
        delivery.detail = scrub(label + ": " + detail, secrets);
        return delivery;
    };
    for (int n = 0;; ++n) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        const auto timeout = std::max(milliseconds(1), std::min(options.request_timeout, left));
        const auto connect_timeout = std::max(milliseconds(1), std::min(options.connect_timeout, timeout));
        const detail::Attempt attempt = attempt_once({connect_timeout, timeout});
        delivery.attempts = n + 1;
        delivery.status = attempt.status;
        const std::string tries = delivery.attempts == 1 ? "1 attempt" : std::to_string(delivery.attempts) + " attempts";
        switch (attempt.kind) {
        case Kind::Delivered:
            return finish(Delivery::Outcome::Delivered,
                          "delivered (" + attempt.what + (delivery.attempts > 1 ? ", after " + tries : "") + ")");
        case Kind::Rejected:
            say(label + ": " + attempt.what);
            return finish(Delivery::Outcome::Rejected, attempt.what);
        case Kind::Dead:
            say(label + ": " + attempt.what);
            return finish(Delivery::Outcome::Dead, attempt.what);
        case Kind::Failed:
            say(label + ": " + attempt.what + "; not retrying now");
            return finish(Delivery::Outcome::Failed, "not delivered (" + attempt.what + "); try again later");
        case Kind::Retry:
            break;
        }
        auto give_up = [&](const std::string& why) {
            say(label + ": " + attempt.what + "; giving up after " + tries + (why.empty() ? "" : ": " + why));
            return finish(Delivery::Outcome::Failed,
                          "not delivered after " + tries + " (last: " + attempt.what + ")" + (why.empty() ? "" : "; " + why));
        };
        if (delivery.attempts >= max_attempts)
            return give_up("");
        milliseconds wait{0};
        std::string why;
        if (attempt.retry_after_s > 0) {
            wait = std::chrono::seconds(attempt.retry_after_s);
            why = "Retry-After";
            if (wait > options.retry_after_cap)
                return give_up("the server asked to wait " + std::to_string(attempt.retry_after_s) +
                               " s (Retry-After), more than the " + seconds_text(options.retry_after_cap) +
                               " bomwatch waits");
        } else {
            const int shift = std::min(n, 30);
            const auto ceiling = std::min<long long>(options.backoff_cap.count(),
                                                     options.backoff_base.count() * (1LL << shift));
            wait = milliseconds(static_cast<long long>(random_below(static_cast<std::uint64_t>(std::max(0LL, ceiling)))));
            why = "backoff";
        }
        if (Clock::now() + wait >= deadline)
            return give_up("the next attempt, in " + seconds_text(wait) + " (" + why + "), would pass the " +
                           seconds_text(options.deadline) + " deadline");
        say(label + ": " + attempt.what + ", retrying in " + seconds_text(wait) + " (" + why + ")");
        std::this_thread::sleep_for(wait);
    }
}

}  // namespace

namespace detail {

// Network errors worth another try: the ones curl's own --retry (with --retry-connrefused) treats
// as transient, plus a TLS handshake cut short. A host that does not resolve is included: libcurl
// cannot tell a misspelt name from a resolver that is down for a moment, and the attempts are
// few and bounded by the deadline.
bool retryable_curl(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY: case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT: case CURLE_SEND_ERROR: case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

void append(Slist& list, const std::string& line) {
    curl_slist* appended = curl_slist_append(list.get(), line.c_str());
    if (appended == nullptr)
        throw std::bad_alloc();
    list.release();  // `appended` is the head: the same list, or a new one when it was empty
    list.reset(appended);
}

std::string curl_result_text(int curl_code) {
    const auto code = static_cast<CURLcode>(curl_code);
    const char* name = nullptr;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: name = "COULDNT_RESOLVE_HOST"; break;
    case CURLE_COULDNT_RESOLVE_PROXY: name = "COULDNT_RESOLVE_PROXY"; break;
    case CURLE_COULDNT_CONNECT: name = "COULDNT_CONNECT"; break;
    case CURLE_OPERATION_TIMEDOUT: name = "OPERATION_TIMEDOUT"; break;
    case CURLE_SEND_ERROR: name = "SEND_ERROR"; break;
    case CURLE_RECV_ERROR: name = "RECV_ERROR"; break;
    case CURLE_GOT_NOTHING: name = "GOT_NOTHING"; break;
    case CURLE_PARTIAL_FILE: name = "PARTIAL_FILE"; break;
    case CURLE_SSL_CONNECT_ERROR: name = "SSL_CONNECT_ERROR"; break;
    case CURLE_PEER_FAILED_VERIFICATION: name = "PEER_FAILED_VERIFICATION"; break;
    case CURLE_SSL_CACERT_BADFILE: name = "SSL_CACERT_BADFILE"; break;
    case CURLE_UNSUPPORTED_PROTOCOL: name = "UNSUPPORTED_PROTOCOL"; break;
    case CURLE_URL_MALFORMAT: name = "URL_MALFORMAT"; break;
    case CURLE_LOGIN_DENIED: name = "LOGIN_DENIED"; break;
    case CURLE_USE_SSL_FAILED: name = "USE_SSL_FAILED"; break;
    case CURLE_WEIRD_SERVER_REPLY: name = "WEIRD_SERVER_REPLY"; break;
    case CURLE_REMOTE_ACCESS_DENIED: name = "REMOTE_ACCESS_DENIED"; break;
    case CURLE_HTTP2: name = "HTTP2"; break;
    case CURLE_HTTP2_STREAM: name = "HTTP2_STREAM"; break;
    default: break;
    }
    const std::string words = curl_easy_strerror(code);
    return name != nullptr ? words + " (" + name + ")" : words + " (libcurl error " + std::to_string(curl_code) + ")";
}

}  // namespace detail

std::string describe_url(const std::string& url) {
    const UrlParts parts = parse_url(url);
    if (!parts.valid)
        return "(a URL that cannot be parsed)";
    return parts.scheme + "://" + parts.host + (parts.port.empty() ? "" : ":" + parts.port);
}

Delivery deliver(const SinkTarget& target, const std::string& payload, const std::string& idempotency_key,
                 const DeliveryOptions& options, const DeliveryLog& log) {
    init_curl();
    const UrlParts url = parse_url(target.url);
    const std::vector<std::string> secrets = secrets_of(target, url);
    const std::string label = (target.name.empty() ? "" : target.name + " ") + describe_url(target.url);
    auto refuse = [&](Delivery::Outcome outcome, const std::string& why) {
        Delivery delivery;
        delivery.outcome = outcome;
        delivery.detail = scrub(label + ": " + why, secrets);
        if (log)
            log(scrub(label + ": " + why + "; not sending", secrets));
        return delivery;
    };
    if (!url.valid)
        return refuse(Delivery::Outcome::Rejected, "the URL cannot be parsed");

    if (target.kind == SinkKind::Email) {
        if (url.scheme != "smtp" && url.scheme != "smtps")
            return refuse(Delivery::Outcome::Rejected,
                          "an email sink needs an smtp:// (STARTTLS, port 587) or smtps:// (port 465) URL, not " +
                              url.scheme + "://");
        std::string message;
        try {
            message = detail::email_message(target, payload, idempotency_key, std::chrono::system_clock::now());
        } catch (const std::invalid_argument& error) {
            return refuse(Delivery::Outcome::Rejected, error.what());
        }
        return run_attempts(label, options, log, secrets, [&](const detail::AttemptLimits& limits) {
            return detail::smtp_attempt(target, message, limits);
        });
    }

    if (url.scheme != "https" && !(url.scheme == "http" && is_loopback(url.host)))
        return refuse(Delivery::Outcome::Rejected,
                      url.scheme == "http"
                          ? "http:// would send the alert and the secret URL unencrypted; use the https:// URL "
                            "(http:// is allowed only to 127.0.0.1, ::1 or localhost)"
                          : "bomwatch sends webhooks to https:// URLs only, not " + url.scheme + "://");
    if (is_office365_connector(url))
        return refuse(Delivery::Outcome::Dead,
                      "this is an Office 365 connector URL; Microsoft retired those connectors: create a Workflows "
                      "webhook (\"Send webhook alerts to a channel\") and use its URL");
    if (target.kind == SinkKind::Webhook && target.signing == SinkTarget::Signing::StandardWebhooks &&
        target.hmac_key.starts_with("whsec_")) {
        std::string decoded;
        if (!base64_decode(std::string_view(target.hmac_key).substr(6), decoded))
            return refuse(Delivery::Outcome::Rejected, "the HMAC key starts with whsec_ but the rest is not base64");
    }
    std::string body = payload;
    if (target.kind == SinkKind::PagerDuty) {
        try {
            body = with_routing_key(payload, target.routing_key);
        } catch (const std::invalid_argument& error) {
            return refuse(Delivery::Outcome::Rejected, error.what());
        }
    }

    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl)
        return refuse(Delivery::Outcome::Failed, "libcurl could not make a handle (out of memory?)");
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, target.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, is_loopback(url.host) ? "https,http" : "https");
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "bomwatch");
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, keep_body);
    // TLS verification stays at libcurl's defaults (peer and host verified); proxies come from the
    // environment (http_proxy, HTTPS_PROXY, NO_PROXY) as libcurl reads them.
    return run_attempts(label, options, log, secrets, [&](const detail::AttemptLimits& limits) {
        return http_attempt(handle, target, body, idempotency_key, limits);
    });
}

std::string read_secret(const std::string& reference, const std::string& what) {
    auto trim = [](std::string text) {
        const auto first = text.find_first_not_of(" \t\r\n\f\v");
        if (first == std::string::npos)
            return std::string();
        const auto last = text.find_last_not_of(" \t\r\n\f\v");
        return text.substr(first, last - first + 1);
    };
    if (reference.starts_with("env:")) {
        const std::string name = reference.substr(4);
        if (name.empty())
            throw std::invalid_argument(what + ": \"env:\" needs the name of an environment variable (env:NAME)");
        const char* value = std::getenv(name.c_str());
        if (value == nullptr)
            throw std::invalid_argument(what + ": the environment variable " + name + " is not set");
        std::string secret = trim(value);
        if (secret.empty())
            throw std::invalid_argument(what + ": the environment variable " + name + " is empty");
        return secret;
    }
    if (reference.starts_with("file:")) {
        const std::string path = reference.substr(5);
        if (path.empty())
            throw std::invalid_argument(what + ": \"file:\" needs the path of a file (file:PATH)");
        std::ifstream in(path);
        if (!in)
            throw std::invalid_argument(what + ": cannot read " + path + " (" + std::strerror(errno) + ")");
        std::string line;
        std::getline(in, line);
        std::string secret = trim(line);
        if (secret.empty())
            throw std::invalid_argument(what + ": " + path + " is empty (the secret is its first line)");
        return secret;
    }
    throw std::invalid_argument(what +
                                " is given literally; webhook URLs and keys are secrets: put it in an environment "
                                "variable and write env:NAME, or in a file readable only by you and write file:PATH");
}

}  // namespace bomwatch::alerts
