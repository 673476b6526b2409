#include "policy/fingerprint.h"

#include <xxhash.h>

#include <array>
#include <cstdio>
#include <string_view>

namespace bomwatch::policy {

namespace {

// Evidence that tells apart findings of one rule about one package at one version: the advisory,
// which field changed and to what, the imitated name. Values that only describe (summaries,
// paths) stay out, so that rewording them does not open a new alert.
constexpr std::array<std::string_view, 8> kDistinguishingEvidence{"advisory", "field",         "new",      "newDigest",
                                                                  "newLicense", "newAlgorithms", "newScope", "imitates"};

// The fingerprint's input: rule id, identity (purl without version, with the qualifiers that make
// another artifact; the same in every SBOM format) and the version the finding is about, plus the
// distinguishing evidence. The SBOM's path and format stay out, so the same finding keeps its
// fingerprint when the file moves or another generator writes it; another version of a package
// is another finding (a new malicious release must raise a new alert, not hide in a dismissed one).
std::string fingerprint_input(const diff::Changes& changes, const Finding& f) {
    const sbom::Document& doc = f.in_new ? *changes.new_doc : *changes.old_doc;
    std::string input(rule_id(f.rule));
    input += '\0';
    if (f.component != sbom::kNone && f.component < doc.components.size()) {
        const sbom::Component& c = doc.components[f.component];
        input += c.identity;
        input += '\0';
        input += c.version;
    } else {
        input += f.reference;  // purl or name with version
    }
    for (const std::string_view key : kDistinguishingEvidence)
        for (const Evidence& e : f.evidence)
            if (e.key == key) input += '\0' + e.key + '=' + e.value;
    return input;
}

std::string hex64(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

}  // namespace

std::string fingerprint(const diff::Changes& changes, const Finding& finding) {
    const std::string input = fingerprint_input(changes, finding);
    return hex64(XXH3_64bits(input.data(), input.size()));
}

}  // namespace bomwatch::policy
