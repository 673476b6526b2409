// Text helpers shared by the renderers (internal to alerts/): making untrusted text safe to show,
// cutting it to a platform's limit without splitting a UTF-8 sequence, each platform's escaping,
// and the parts of a finding every renderer shows.
//
// The order is always: clean() the raw text (valid UTF-8, one line, no control or bidirectional
// override characters, capped), then escape it for the platform with a cap on the escaped result
// (escape_fit), so that an escape sequence is never cut in half either.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "alerts/alert.h"
#include "sbom/text.h"

namespace bomwatch::alerts::text {

inline constexpr std::string_view kEllipsis = "…";
inline constexpr std::string_view kArrow = " → ";
inline constexpr std::string_view kZeroWidthJoiner = "\xE2\x80\x8D";

// Code points in UTF-8 text (continuation bytes not counted): what the platforms' "characters" are.
std::size_t chars(std::string_view utf8);

// Untrusted text made valid, single-line UTF-8: invalid bytes, control characters (C0, DEL, C1),
// bidirectional overrides and isolates become '?'; CR, LF, tab, U+2028/2029 become a space.
// Longer than `max_chars` code points: cut at a code point and ended with '…' (max_chars in all).
std::string clean(std::string_view raw, std::size_t max_chars = std::string_view::npos);

// `clean_text` (output of clean()) escaped one code point at a time by `escape_one`, which
// appends the escaped form of the code point at clean_text[i..i+length) to `out`. When the
// escaped text would be longer than `max_chars`, it is cut after a whole escaped unit and ends
// in '…', max_chars in all.
using EscapeOne = void (*)(std::string& out, std::string_view unit);
std::string escape_fit(std::string_view clean_text, std::size_t max_chars, EscapeOne escape_one);

// The same cut for text that needs no escaping (already clean or made by bomwatch).
std::string cut(std::string_view clean_text, std::size_t max_chars);
// A cut by bytes, for byte limits; at a code point, with '…' inside the limit.
std::string cut_bytes(std::string_view clean_text, std::size_t max_bytes);

// The escapers (one unit at a time, for escape_fit).
// Slack mrkdwn: & < > as entities (this also stops <!channel> and <@U…>).
void slack_mrkdwn_one(std::string& out, std::string_view unit);
// Teams TextBlock Markdown subset: backslash before \ * _ ~ ` [ ] ( ) # > and '|'.
void teams_one(std::string& out, std::string_view unit);
// Discord Markdown: backslash before \ * _ ~ ` | > # - [ ] ( ) < and a zero-width joiner after '@'.
void discord_one(std::string& out, std::string_view unit);
// Mattermost Markdown: backslash before \ * _ ~ ` | [ ] ( ), & < > as entities (the server
// translates Slack-style <!channel>), and a zero-width joiner after '@' (@channel, @here, @all and
// @user then never match).
void mattermost_one(std::string& out, std::string_view unit);
// Google Chat card text (HTML subset): & < > as entities.
void html_one(std::string& out, std::string_view unit);
// Google Chat message text (Chat markup, which has no escape): '<' and '>' become '‹' and '›', so
// that <users/all> and <url|text> cannot be formed.
void chat_text_one(std::string& out, std::string_view unit);

std::string slack_mrkdwn(std::string_view clean_text, std::size_t max_chars = std::string_view::npos);
std::string teams_md(std::string_view clean_text, std::size_t max_chars = std::string_view::npos);
std::string discord_md(std::string_view clean_text, std::size_t max_chars = std::string_view::npos);
std::string mattermost_md(std::string_view clean_text, std::size_t max_chars = std::string_view::npos);
std::string html(std::string_view clean_text, std::size_t max_chars = std::string_view::npos);
std::string chat_text(std::string_view clean_text, std::size_t max_chars = std::string_view::npos);

// 1234567 -> "1,234,567".
using sbom::with_commas;
// "1 finding", "28 findings".
std::string findings_count(std::size_t n);
// "and 8 more findings" (without a leading capital or ellipsis).
std::string more_line(std::size_t n);

// A finding's parts, cleaned and capped (not yet escaped for any platform).
struct FindingText {
    std::string severity;   // "critical"
    std::string SEVERITY;   // "CRITICAL"
    std::string rule;       // "new-dependency-in-update"
    std::string name;       // "plain-crypto-js" (≤ 200 characters)
    std::string ecosystem;  // "npm", "" when unknown
    std::string versions;   // "1.14.0 → 1.14.1", "4.2.1 (new)", "1.2.3 (removed)", "1.2.3"
    std::string message;    // ≤ 600 characters
    std::string path;       // "checkout-web 2.3.1 → axios 1.14.1 → plain-crypto-js 4.2.1"; "" for none
    std::string fingerprint;
    // "plain-crypto-js (npm) 4.2.1 (new)": name, ecosystem and versions on one line.
    std::string what() const;
};
FindingText finding_text(const AlertFinding& finding, std::size_t max_message = 600);

// The severity counts, highest first, only the non-zero ones: "2 critical, 5 high, 6 medium".
// "" when there are none.
std::string counts_line(const Alert& alert);
// The worst severity of the alert's findings (info when there are none).
policy::Severity worst(const Alert& alert);

// The alert's link made safe to put in a payload: "" unless it is an http(s) URL of at most
// `max_chars`; otherwise with control characters, spaces, non-ASCII bytes and " < > \\ ^ ` { | } ( ) [ ]
// percent-encoded, so that it cannot end a Markdown link or an HTML attribute.
std::string safe_url(std::string_view link, std::size_t max_chars = 2000);

// Lines of `text` longer than `max_bytes` split at a code point (at the last space when there is
// one in the second half), continuing with `indent`.
std::string wrap_long_lines(std::string_view text, std::size_t max_bytes, std::string_view indent = "  ");

// A dot of the severity's colour for chat text: 🔴 critical, 🟠 high, 🟡 medium, 🔵 low, ⚪ info.
std::string_view severity_dot(policy::Severity severity);

// The largest k in [0, n] for which fits(k) holds, by bisection; fits(0) is assumed. The payloads
// grow with k, so this is the most findings that fit.
template <typename Fits>
std::size_t most_that_fit(std::size_t n, Fits fits) {
    std::size_t lo = 0, hi = n;  // fits(lo) holds; the answer is in [lo, hi]
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo + 1) / 2;
        if (fits(mid)) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

}  // namespace bomwatch::alerts::text
