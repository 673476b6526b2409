// What deliver.cpp shares with the transports (HTTP in deliver.cpp, SMTP in smtp.cpp): one
// attempt's result, and the words for it. Not part of the alerts interface.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "alerts/deliver.h"

namespace bomwatch::alerts::detail {

// What one attempt came to, before the retry loop decides what happens next.
struct Attempt {
    enum class Kind {
        Delivered,
        Retry,     // transient: network error, 408, 429, 5xx, SMTP 4yz
        Failed,    // will not get better within this run (a TLS certificate problem, ...): no more attempts now
        Rejected,  // the target refused this payload or our credentials
        Dead,      // the target is gone
    };
    Kind kind = Kind::Retry;
    long status = 0;            // HTTP status or SMTP reply code, 0 when none
    long retry_after_s = 0;     // the server's Retry-After in seconds, 0 when none
    std::string what;           // "HTTP 500 (rollup_error)": no URL, no secret
};

// The time one attempt may take.
struct AttemptLimits {
    std::chrono::milliseconds connect_timeout, timeout;
};

// Owners of libcurl's handles and lists.
struct CurlUrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// `list` with `line` appended; throws std::bad_alloc when libcurl cannot (the list is kept).
void append(Slist& list, const std::string& line);

// Network errors worth another try, for HTTP and SMTP alike: the ones curl's own --retry (with
// --retry-connrefused) treats as transient, plus a TLS handshake cut short.
bool retryable_curl(CURLcode code);

// The name of a libcurl result ("COULDNT_CONNECT") with libcurl's own generic words for it; never
// the error buffer, which can hold the URL.
std::string curl_result_text(int curl_code);

// What an HTTP answer means (http_answer.cpp): 2xx delivered, 3xx refused (no redirects), 404/410
// and the platforms' "no such hook" answers dead, 408/429/5xx retried, other 4xx rejected, with
// the platform's reason from `body` in `what`.
Attempt judge_http(long status, const std::string& body, long retry_after_s);

// One SMTP attempt (smtp.cpp): `message` is the whole RFC 5322 message.
Attempt smtp_attempt(const SinkTarget& target, const std::string& message, const AttemptLimits& limits);

// The RFC 5322 message for an email payload ("subject\n\nbody"), CRLF line ends, quoted-printable
// UTF-8 body, RFC 2047 Subject when needed. `now` is the Date. The Message-ID is
// <KEY.RANDOM@domain-of-From> (bomwatch.invalid when From has none): unique per message, with the
// idempotency key in it for tracing. Throws std::invalid_argument when From or To cannot be put in
// a header (line breaks, empty).
std::string email_message(const SinkTarget& target, const std::string& payload, const std::string& idempotency_key,
                          std::chrono::system_clock::time_point now);

// The address part of "Name <a@b>" or "a@b", for the SMTP envelope.
std::string envelope_address(const std::string& address);

}  // namespace bomwatch::alerts::detail
