// HMAC signatures for generic webhooks, over OpenSSL's one-shot HMAC and base64 codec.
#include "alerts/sign.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <stdexcept>
#include <utility>

#include "sbom/text.h"

namespace bomwatch::alerts {

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // An empty key is legal for HMAC; OpenSSL wants a non-null pointer for it all the same.
    static const unsigned char empty = 0;
    const void* key_bytes = key.empty() ? static_cast<const void*>(&empty) : static_cast<const void*>(key.data());
    if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
             data.size(), digest, &length) == nullptr)
        throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

bool base64_decode(std::string_view text, std::string& bytes) {
    if (text.size() % 4 != 0)
        return false;
    for (const char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
            return false;
    std::string out(3 * (text.size() / 4), '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (written < 0)
        return false;
    // EVP_DecodeBlock decodes the padding as zero bytes: drop one per '='.
    std::size_t padding = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it)
        ++padding;
    if (padding > 2)
        return false;
    out.resize(static_cast<std::size_t>(written) - padding);
    bytes = std::move(out);
    return true;
}

std::string github_signature(std::string_view key, std::string_view body) {
    return "sha256=" + sbom::hex_of(hmac_sha256(key, body));
}

std::string standard_webhooks_signature(std::string_view key, std::string_view id, long long timestamp,
                                        std::string_view body) {
    std::string secret(key);
    constexpr std::string_view kPrefix = "whsec_";
    if (key.starts_with(kPrefix)) {
        std::string decoded;
        if (base64_decode(key.substr(kPrefix.size()), decoded))
            secret = std::move(decoded);
    }
    std::string signed_content;
    signed_content.reserve(id.size() + body.size() + 24);
    signed_content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
    return "v1," + base64_encode(hmac_sha256(secret, signed_content));
}

}  // namespace bomwatch::alerts
