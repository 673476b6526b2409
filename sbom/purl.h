// Package URLs (https://github.com/package-url/purl-spec): parsing and the canonical form.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bomwatch::sbom {

// One parsed, canonicalised purl. Fields hold decoded text (no percent-escapes); `type` and
// qualifier keys are lower-case; type-specific rules of the spec are applied (e.g. pypi names
// lower-cased with '_' as '-', github/bitbucket namespace and name lower-cased).
struct Purl {
    std::string type;
    std::string namespace_;  // "" when absent; segments joined with '/'
    std::string name;
    std::string version;     // "" when absent
    std::vector<std::pair<std::string, std::string>> qualifiers;  // sorted by key, no empty values
    std::string subpath;     // "" when absent; no leading/trailing '/', no '.' or '..' segments
    // Namespace and name decoded but before the type's case and spelling rules: what a report
    // shows ("github.com/AlecAivazis/survey", "Django_Rest"), where the canonical fields are for
    // comparing. Not part of to_string().
    std::string written_namespace, written_name;

    // The canonical string form: "pkg:type/namespace/name@version?k=v&k=v#subpath", each part
    // percent-encoded as the specification requires.
    std::string to_string() const;
    // The same, appended to `out` (to reuse one buffer for many purls).
    void append_to(std::string& out) const;

    // The value of qualifier `key`, or nullopt.
    std::optional<std::string_view> qualifier(std::string_view key) const;
};

// Parses `text` as a purl and canonicalises it. On failure returns nullopt and, when `error` is
// given, stores a short reason there ("missing 'pkg:' scheme", "empty name", ...).
std::optional<Purl> parse_purl(std::string_view text, std::string* error = nullptr);

// Like parse_purl, into `purl`, whose storage is reused: for reading many purls without
// allocating. Returns false (purl then unspecified) on failure.
bool parse_purl_into(std::string_view text, Purl& purl, std::string* error = nullptr);

// Builds a purl from its parts (as the purl test suite's "build" cases do) and canonicalises it,
// applying the same validation and type rules as parse_purl. Qualifiers need not be sorted.
std::optional<Purl> build_purl(std::string_view type, std::string_view namespace_, std::string_view name,
                               std::string_view version,
                               std::vector<std::pair<std::string, std::string>> qualifiers,
                               std::string_view subpath, std::string* error = nullptr);

}  // namespace bomwatch::sbom
