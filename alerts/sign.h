// Signing a generic webhook's body so that the receiver can check it came from us, in the two
// styles receivers know (research/alerts.md §6): GitHub's X-Hub-Signature-256 and Standard Webhooks.
#pragma once

#include <string>
#include <string_view>

namespace bomwatch::alerts {

// HMAC-SHA256 of `data` under `key`: the 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string base64_encode(std::string_view bytes);
// Standard base64 with padding; returns false on anything else (whitespace included).
bool base64_decode(std::string_view text, std::string& bytes);

// "sha256=<hex HMAC-SHA256(key, body)>", the value of X-Hub-Signature-256 (and X-Signature-256).
std::string github_signature(std::string_view key, std::string_view body);

// "v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>", the value of webhook-signature. A key
// written "whsec_<base64>" is the decoded bytes, as the specification says; any other key (or a
// "whsec_" one whose rest is not base64) is used as is.
std::string standard_webhooks_signature(std::string_view key, std::string_view id, long long timestamp,
                                        std::string_view body);

}  // namespace bomwatch::alerts
