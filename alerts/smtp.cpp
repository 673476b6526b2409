// Email delivery: the RFC 5322 message (research/alerts.md §8) and one SMTP attempt over libcurl,
// STARTTLS required unless the sink says otherwise.
#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>
#include <stdexcept>

#include "alerts/deliver_detail.h"
#include "sbom/text.h"
#include "alerts/sign.h"

namespace bomwatch::alerts::detail {

namespace {

constexpr std::size_t kHeaderLine = 78;    // RFC 5322 §2.1.1: SHOULD not exceed 78 characters
constexpr std::size_t kQuotedLine = 76;    // RFC 2045 §6.7: encoded lines at most 76 characters
constexpr std::size_t kWordBytes = 39;     // bytes of text per encoded-word: 52 base64 characters

bool has_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Line breaks and other control characters in untrusted text would end the header: spaces instead.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    return out;
}

// Subject: as folded plain text when it is printable ASCII, else as RFC 2047 B encoded-words
// cut at character boundaries, one per line.
std::string subject_header(std::string_view subject) {
    const std::string text = one_line(subject);
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }) &&
                       text.find("=?") == std::string::npos;
    std::string out = "Subject:";
    if (plain) {
        std::size_t line = out.size();
        std::size_t start = 0;
        bool first = true;
        while (start < text.size()) {
            std::size_t end = text.find(' ', start);
            if (end == std::string::npos)
                end = text.size();
            const std::string_view word = std::string_view(text).substr(start, end - start);
            start = end + 1;
            if (word.empty())
                continue;
            if (!first && line + 1 + word.size() > kHeaderLine) {
                out += "\r\n";
                line = 0;
            }
            out += ' ';
            out += word;
            line += 1 + word.size();
            first = false;
        }
        if (first)
            out += ' ';
        return out;
    }
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + kWordBytes);
        while (end < text.size() && end > start + 1 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80)
            --end;  // do not cut a UTF-8 sequence
        if (start > 0)
            out += "\r\n";
        out += " =?UTF-8?B?" + base64_encode(std::string_view(text).substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

// The body as quoted-printable (RFC 2045 §6.7) with CRLF line ends and soft breaks.
std::string quoted_printable(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        std::size_t length = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            const bool last = i + 1 == line.size();
            std::string token;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last))
                token = static_cast<char>(c);
            else
                token = {'=', kHex[c >> 4], kHex[c & 0x0f]};
            if (length + token.size() > kQuotedLine - 1) {  // room for the '=' of a soft break
                out += "=\r\n";
                length = 0;
            }
            out += token;
            length += token.size();
        }
        if (end == text.size())
            break;
        out += "\r\n";
        start = end + 1;
    }
    return out + "\r\n";
}

std::string rfc5322_date(std::chrono::system_clock::time_point when) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                  kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

// Characters a Message-ID may hold (RFC 5322 dot-atom-text), others become '-'.
std::string msg_id_part(std::string_view text) {
    static constexpr std::string_view kAllowed = "!#$%&'*+-/=?^_`{|}~.";
    std::string out;
    for (const char c : text)
        out += std::isalnum(static_cast<unsigned char>(c)) || kAllowed.find(c) != std::string_view::npos ? c : '-';
    while (!out.empty() && out.front() == '.')
        out.erase(out.begin());
    while (!out.empty() && out.back() == '.')
        out.pop_back();
    return out;
}

std::string random_hex() {
    std::random_device device;
    std::string bytes;
    for (int i = 0; i < 16; ++i)
        bytes += static_cast<char>(device() & 0xff);
    return sbom::hex_of(bytes);
}

struct Upload {
    const std::string* message;
    std::size_t sent = 0;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const size_t length = std::min(size * count, upload->message->size() - upload->sent);
    std::memcpy(buffer, upload->message->data() + upload->sent, length);
    upload->sent += length;
    return length;
}

}  // namespace

std::string envelope_address(const std::string& address) {
    const auto open = address.rfind('<');
    const auto close = address.rfind('>');
    if (open != std::string::npos && close != std::string::npos && close > open)
        return address.substr(open + 1, close - open - 1);
    const auto first = address.find_first_not_of(" \t");
    const auto last = address.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : address.substr(first, last - first + 1);
}

std::string email_message(const SinkTarget& target, const std::string& payload, const std::string& idempotency_key,
                          std::chrono::system_clock::time_point now) {
    if (envelope_address(target.mail_from).empty() || has_control(target.mail_from))
        throw std::invalid_argument("the sender address (from) is empty or has a line break in it");
    if (target.mail_to.empty())
        throw std::invalid_argument("no recipient address (to)");
    std::string to;
    for (const auto& address : target.mail_to) {
        if (envelope_address(address).empty() || has_control(address))
            throw std::invalid_argument("a recipient address (to) is empty or has a line break in it");
        to += (to.empty() ? "" : ",\r\n ") + address;
    }
    // The payload is render()'s "subject\n\nbody".
    std::string subject, body;
    if (const auto blank = payload.find("\n\n"); blank != std::string::npos) {
        subject = payload.substr(0, blank);
        body = payload.substr(blank + 2);
    } else {
        const auto line_end = payload.find('\n');
        subject = payload.substr(0, line_end);
        body = line_end == std::string::npos ? "" : payload.substr(line_end + 1);
    }
    const std::string from = envelope_address(target.mail_from);
    const auto at = from.rfind('@');
    std::string domain = at == std::string::npos ? "" : msg_id_part(from.substr(at + 1));
    if (domain.empty())
        domain = "bomwatch.invalid";
    // Unique per message (RFC 5322 §3.6.4): a retry of an alert that was in fact accepted, or a
    // second alert with the same payload, must not be taken for a copy of the first and dropped.
    // The key goes first, for tracing a message back to its delivery.
    const std::string key = msg_id_part(idempotency_key);
    const std::string id = key.empty() ? random_hex() : key + "." + random_hex();

    std::string message;
    message += "Date: " + rfc5322_date(now) + "\r\n";
    message += "From: " + target.mail_from + "\r\n";
    message += "To: " + to + "\r\n";
    message += subject_header(subject) + "\r\n";
    message += "Message-ID: <" + id + "@" + domain + ">\r\n";
    message += "MIME-Version: 1.0\r\n";
    message += "Content-Type: text/plain; charset=UTF-8\r\n";
    message += "Content-Transfer-Encoding: quoted-printable\r\n";
    message += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no auto-replies to an alert
    message += "\r\n";
    message += quoted_printable(body);
    return message;
}

Attempt smtp_attempt(const SinkTarget& target, const std::string& message, const AttemptLimits& limits) {
    Attempt attempt;
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        attempt.kind = Attempt::Kind::Failed;
        attempt.what = "libcurl could not make a handle (out of memory?)";
        return attempt;
    }
    CURL* handle = curl.get();
    Slist recipients;
    for (const auto& address : target.mail_to)
        append(recipients, "<" + envelope_address(address) + ">");
    const std::string mail_from = "<" + envelope_address(target.mail_from) + ">";
    Upload upload{&message};
    curl_easy_setopt(handle, CURLOPT_URL, target.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    // STARTTLS or nothing: CURLUSESSL_TRY would fall back to plaintext whenever someone on the path
    // strips STARTTLS from the server's answer. With allow_plaintext the sink asked for none at all.
    curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(target.allow_plaintext ? CURLUSESSL_NONE : CURLUSESSL_ALL));
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
    if (!target.username.empty())
        curl_easy_setopt(handle, CURLOPT_USERNAME, target.username.c_str());
    if (!target.password.empty())
        curl_easy_setopt(handle, CURLOPT_PASSWORD, target.password.c_str());
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.timeout.count()));
    const CURLcode code = curl_easy_perform(handle);
    long reply = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply);
    attempt.status = reply;
    const std::string smtp = "SMTP " + std::to_string(reply);
    if (code == CURLE_OK) {
        attempt.kind = Attempt::Kind::Delivered;
        attempt.what = smtp;
    } else if (code == CURLE_USE_SSL_FAILED) {
        attempt.kind = Attempt::Kind::Rejected;
        attempt.what = "the server does not offer STARTTLS (set tls: none only on a trusted network)";
    } else if (code == CURLE_LOGIN_DENIED) {
        attempt.kind = Attempt::Kind::Rejected;
        attempt.what = (reply != 0 ? smtp + ": " : std::string()) +
                       "the server refused the login, or offers no login method libcurl knows: check the username "
                       "and password";
    } else if (reply >= 400 && reply <= 499) {  // RFC 5321 §4.2.1: transient
        attempt.kind = Attempt::Kind::Retry;
        attempt.what = smtp + ": the server cannot take the message now";
    } else if (reply >= 500 && reply <= 599) {  // permanent
        attempt.kind = Attempt::Kind::Rejected;
        attempt.what = smtp + ": the server refused the message (sender, recipient or content)";
    } else {
        attempt.kind = retryable_curl(code) ? Attempt::Kind::Retry : Attempt::Kind::Failed;
        attempt.what = curl_result_text(code);
        if (code == CURLE_OPERATION_TIMEDOUT)
            attempt.what += " after " + std::to_string(limits.timeout.count()) + " ms";
    }
    return attempt;
}

}  // namespace bomwatch::alerts::detail
