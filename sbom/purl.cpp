// Package URL parsing and canonicalisation, following the purl specification (ECMA-427) and the
// type definitions of https://github.com/package-url/purl-spec, as checked by its test suite.
#include "sbom/purl.h"

#include <algorithm>
#include <cstddef>

namespace bomwatch::sbom {
namespace {

// ---------------------------------------------------------------------------------------------
// Characters and percent-encoding

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
char to_lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void lowercase_in_place(std::string& text) {
    for (char& c : text) c = to_lower_ascii(c);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return to_lower_ascii(x) == to_lower_ascii(y); });
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
               return to_lower_ascii(a) == to_lower_ascii(b);
           }) != haystack.end();
}

// Characters a canonical purl leaves unencoded inside a component. The colon is included because
// the specification says it is never percent-encoded, whatever it is used for.
bool is_left_unencoded(char c) {
    return is_ascii_letter(c) || is_ascii_digit(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

void append_encoded(std::string& out, std::string_view text) {
    static constexpr char kHexDigits[] = "0123456789ABCDEF";
    for (char c : text) {
        if (is_left_unencoded(c)) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += kHexDigits[byte >> 4];
            out += kHexDigits[byte & 0x0F];
        }
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Appends `text` with its %XX escapes decoded. '+' stays '+': purls are not form-encoded.
// Returns false on a malformed escape.
bool append_decoded(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return false;  // fewer than two hex digits follow
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return false;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return true;
}

bool fail(std::string* error, std::string reason) {
    if (error) *error = std::move(reason);
    return false;
}

// Calls `visit(segment)` for each '/'-separated segment of `text`, empty ones included.
template <typename Visit>
bool for_each_segment(std::string_view text, Visit visit) {
    while (true) {
        const std::size_t slash = text.find('/');
        if (!visit(text.substr(0, slash))) return false;
        if (slash == std::string_view::npos) return true;
        text.remove_prefix(slash + 1);
    }
}

std::string_view strip_slashes(std::string_view text) {
    while (!text.empty() && text.front() == '/') text.remove_prefix(1);
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    return text;
}

// ---------------------------------------------------------------------------------------------
// Component rules shared by parse and build

bool is_valid_type(std::string_view type) {
    if (type.empty() || !is_ascii_letter(type.front())) return false;
    return std::all_of(type.begin(), type.end(),
                       [](char c) { return is_ascii_letter(c) || is_ascii_digit(c) || c == '.' || c == '-'; });
}

// Keys are compared after lower-casing, so upper-case letters are accepted here.
bool is_valid_qualifier_key(std::string_view key) {
    if (key.empty() || !is_ascii_letter(key.front())) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return is_ascii_letter(c) || is_ascii_digit(c) || c == '.' || c == '-' || c == '_';
    });
}

// Adds one qualifier with a decoded value: key lower-cased and checked, empty values dropped
// (the specification treats "k=" as if the key were absent).
bool add_qualifier(std::vector<std::pair<std::string, std::string>>& qualifiers, std::string key, std::string value,
                   std::string* error) {
    if (!is_valid_qualifier_key(key)) return fail(error, "invalid qualifier key '" + key + "'");
    if (value.empty()) return true;
    lowercase_in_place(key);
    qualifiers.emplace_back(std::move(key), std::move(value));
    return true;
}

// Subpath segments are kept unless empty, "." or ".." (checked after decoding).
bool add_subpath_segment(std::string& subpath, std::string_view decoded_segment, std::string* error) {
    if (decoded_segment.empty() || decoded_segment == "." || decoded_segment == "..") return true;
    if (decoded_segment.find('/') != std::string_view::npos) return fail(error, "subpath segment contains '/'");
    if (!subpath.empty()) subpath += '/';
    subpath += decoded_segment;
    return true;
}

// ---------------------------------------------------------------------------------------------
// Type-specific rules, from the type definitions of the purl-spec repository.
//
// Only "prohibited" namespaces and the "required" namespaces that the test suite checks are
// enforced: other definitions mark a namespace required that real SBOMs omit (pkg:golang/stdlib,
// pkg:cpan/DateTime in the suite itself), and rejecting those would lose components.

enum class NamespaceRule { optional, required, prohibited };

struct TypeRules {
    std::string_view type;
    bool lowercase_namespace;
    bool lowercase_name;
    NamespaceRule namespace_rule;
};

constexpr TypeRules kTypeRules[] = {
    {"alpm", true, true, NamespaceRule::optional},
    {"apk", true, true, NamespaceRule::optional},
    {"bitbucket", true, true, NamespaceRule::optional},
    {"bitnami", false, true, NamespaceRule::optional},
    {"brew", true, true, NamespaceRule::optional},
    {"chrome-extension", false, true, NamespaceRule::prohibited},
    {"composer", true, true, NamespaceRule::optional},
    {"conda", false, false, NamespaceRule::prohibited},
    {"deb", true, true, NamespaceRule::optional},
    {"git", true, true, NamespaceRule::optional},  // lower-cased as the suite asks; its definition disagrees
    {"github", true, true, NamespaceRule::optional},
    {"golang", true, true, NamespaceRule::optional},
    {"hex", true, true, NamespaceRule::optional},
    {"julia", false, false, NamespaceRule::prohibited},
    {"luarocks", true, true, NamespaceRule::optional},
    {"mlflow", false, false, NamespaceRule::prohibited},  // name case depends on the server: see canonicalise()
    {"npm", true, true, NamespaceRule::optional},
    {"oci", false, true, NamespaceRule::prohibited},
    {"opam", false, false, NamespaceRule::prohibited},
    {"otp", false, true, NamespaceRule::prohibited},
    {"pub", false, true, NamespaceRule::optional},
    {"pypi", false, true, NamespaceRule::prohibited},  // plus the PEP 503 normalisation below
    {"qpkg", true, false, NamespaceRule::optional},
    {"rpm", true, false, NamespaceRule::optional},
    {"swift", false, false, NamespaceRule::required},
    {"vcpkg", false, false, NamespaceRule::prohibited},
    {"vscode-extension", true, true, NamespaceRule::required},
    {"yocto", true, false, NamespaceRule::optional},
};

const TypeRules* find_type_rules(std::string_view type) {
    // Runs for every purl read: the first letter rules out most rows without a compare.
    for (const TypeRules& rules : kTypeRules) {
        if (!type.empty() && rules.type[0] == type[0] && rules.type == type) return &rules;
    }
    return nullptr;
}

// PEP 503: lower-case, and each run of '-', '_' and '.' becomes a single '-'.
void normalise_pypi_name(std::string& name) {
    std::size_t out = 0;
    for (std::size_t in = 0; in < name.size(); ++in) {
        const char c = name[in];
        if (c == '-' || c == '_' || c == '.') {
            if (out == 0 || name[out - 1] != '-') name[out++] = '-';
        } else {
            name[out++] = to_lower_ascii(c);
        }
    }
    name.resize(out);
}

bool is_chrome_extension_id(std::string_view name) {
    return name.size() == 32 && std::all_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'p'; });
}

// One to four dot-separated numbers, as Chrome's manifest allows.
bool is_chrome_extension_version(std::string_view version) {
    int parts = 0;
    while (true) {
        const std::size_t dot = version.find('.');
        const std::string_view part = version.substr(0, dot);
        if (part.empty() || !std::all_of(part.begin(), part.end(), is_ascii_digit) || ++parts > 4) return false;
        if (dot == std::string_view::npos) return true;
        version.remove_prefix(dot + 1);
    }
}

// Applies the type rules and final checks to a purl whose fields hold decoded text.
bool canonicalise(Purl& purl, std::string* error) {
    if (purl.type.empty()) return fail(error, "missing type");
    if (!is_valid_type(purl.type)) return fail(error, "invalid type '" + purl.type + "'");
    lowercase_in_place(purl.type);
    if (purl.name.empty()) return fail(error, "empty name");

    // A git namespace is only the host; the rest of the path is the repository, kept in the name.
    if (purl.type == "git") {
        const std::size_t slash = purl.namespace_.find('/');
        if (slash != std::string::npos) {
            purl.name.insert(0, purl.namespace_.substr(slash + 1) + '/');
            purl.namespace_.resize(slash);
        }
    }

    purl.written_namespace = purl.namespace_;
    purl.written_name = purl.name;
    if (const TypeRules* rules = find_type_rules(purl.type)) {
        if (rules->lowercase_namespace) lowercase_in_place(purl.namespace_);
        if (rules->lowercase_name) lowercase_in_place(purl.name);
        if (rules->namespace_rule == NamespaceRule::required && purl.namespace_.empty()) {
            return fail(error, "type '" + purl.type + "' requires a namespace");
        }
        if (rules->namespace_rule == NamespaceRule::prohibited && !purl.namespace_.empty()) {
            return fail(error, "type '" + purl.type + "' allows no namespace");
        }
    }

    if (purl.type == "pypi") {
        normalise_pypi_name(purl.name);
    } else if (purl.type == "huggingface") {
        lowercase_in_place(purl.version);  // a git commit hash
    } else if (purl.type == "mlflow") {
        // Databricks model names are case-insensitive, Azure ML ones are not.
        if (auto url = purl.qualifier("repository_url"); url && contains_ignoring_case(*url, "databricks")) {
            lowercase_in_place(purl.name);
        }
    } else if (purl.type == "cpan") {
        if (purl.name.find("::") != std::string::npos) {
            return fail(error, "cpan name must be a distribution name, not a module name with '::'");
        }
    } else if (purl.type == "chrome-extension") {
        if (!is_chrome_extension_id(purl.name)) return fail(error, "chrome-extension name must be 32 letters a-p");
        if (!purl.version.empty() && !is_chrome_extension_version(purl.version)) {
            return fail(error, "chrome-extension version must be 1 to 4 dot-separated numbers");
        }
    } else if (purl.type == "julia") {
        if (!purl.qualifier("uuid")) return fail(error, "julia purl requires the 'uuid' qualifier");
    }

    std::sort(purl.qualifiers.begin(), purl.qualifiers.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto duplicate = std::adjacent_find(purl.qualifiers.begin(), purl.qualifiers.end(),
                                              [](const auto& a, const auto& b) { return a.first == b.first; });
    if (duplicate != purl.qualifiers.end()) return fail(error, "duplicate qualifier key '" + duplicate->first + "'");
    return true;
}

// ---------------------------------------------------------------------------------------------
// Parsing, right to left as the specification describes

bool parse_subpath(std::string_view text, std::string& subpath, std::string* error) {
    std::string decoded;
    return for_each_segment(text, [&](std::string_view segment) {
        decoded.clear();
        if (!append_decoded(decoded, segment)) return fail(error, "invalid percent-encoding in subpath");
        return add_subpath_segment(subpath, decoded, error);
    });
}

bool parse_qualifiers(std::string_view text, std::vector<std::pair<std::string, std::string>>& qualifiers,
                      std::string* error) {
    while (!text.empty()) {
        const std::size_t amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
        if (pair.empty()) continue;

        const std::size_t equals = pair.find('=');
        std::string value;
        if (equals != std::string_view::npos && !append_decoded(value, pair.substr(equals + 1))) {
            return fail(error, "invalid percent-encoding in qualifier value");
        }
        if (!add_qualifier(qualifiers, std::string(pair.substr(0, equals)), std::move(value), error)) return false;
    }
    return true;
}

// The '@' that starts the version: the last one, unless it opens a path segment that more
// segments follow, as the unencoded npm scope in "@babel/core" does (then there is no version).
std::size_t find_version_separator(std::string_view path) {
    const std::size_t at = path.rfind('@');
    if (at == std::string_view::npos) return at;
    const bool opens_segment = at == 0 || path[at - 1] == '/';
    if (opens_segment && path.find('/', at) != std::string_view::npos) return std::string_view::npos;
    return at;
}

}  // namespace

bool parse_purl_into(std::string_view text, Purl& purl, std::string* error) {
    for (std::string* field : {&purl.type, &purl.namespace_, &purl.name, &purl.version, &purl.subpath,
                               &purl.written_namespace, &purl.written_name})
        field->clear();
    purl.qualifiers.clear();

    if (const std::size_t hash = text.rfind('#'); hash != std::string_view::npos) {
        if (!parse_subpath(text.substr(hash + 1), purl.subpath, error)) return false;
        text = text.substr(0, hash);
    }
    if (const std::size_t question = text.rfind('?'); question != std::string_view::npos) {
        if (!parse_qualifiers(text.substr(question + 1), purl.qualifiers, error)) return false;
        text = text.substr(0, question);
    }

    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || !equals_ignoring_case(text.substr(0, colon), "pkg")) {
        fail(error, "missing 'pkg:' scheme");
        return false;
    }
    text.remove_prefix(colon + 1);
    text = strip_slashes(text);  // "pkg://type/..." is allowed; trailing slashes are not significant

    const std::size_t type_end = text.find('/');
    purl.type = text.substr(0, type_end);  // checked by canonicalise()
    text = type_end == std::string_view::npos ? std::string_view{} : text.substr(type_end + 1);

    if (const std::size_t at = find_version_separator(text); at != std::string_view::npos) {
        if (!append_decoded(purl.version, text.substr(at + 1))) {
            fail(error, "invalid percent-encoding in version");
            return false;
        }
        text = text.substr(0, at);
    }

    // The name is the last segment: "ns/@1.0" has an empty name, which canonicalise() rejects.
    const std::size_t name_start = text.rfind('/');
    const std::string_view name_text = name_start == std::string_view::npos ? text : text.substr(name_start + 1);
    if (!append_decoded(purl.name, name_text)) {
        fail(error, "invalid percent-encoding in name");
        return false;
    }
    if (name_start != std::string_view::npos) {
        std::string decoded;
        const bool namespace_ok = for_each_segment(text.substr(0, name_start), [&](std::string_view segment) {
            if (segment.empty()) return true;
            decoded.clear();
            if (!append_decoded(decoded, segment)) return fail(error, "invalid percent-encoding in namespace");
            if (decoded.find('/') != std::string::npos) return fail(error, "namespace segment contains '/'");
            if (!purl.namespace_.empty()) purl.namespace_ += '/';
            purl.namespace_ += decoded;
            return true;
        });
        if (!namespace_ok) return false;
    }

    return canonicalise(purl, error);
}

std::optional<Purl> parse_purl(std::string_view text, std::string* error) {
    Purl purl;
    if (!parse_purl_into(text, purl, error)) return std::nullopt;
    return purl;
}

std::optional<Purl> build_purl(std::string_view type, std::string_view namespace_, std::string_view name,
                               std::string_view version,
                               std::vector<std::pair<std::string, std::string>> qualifiers,
                               std::string_view subpath, std::string* error) {
    Purl purl;
    purl.type = type;
    for_each_segment(strip_slashes(namespace_), [&](std::string_view segment) {
        if (segment.empty()) return true;
        if (!purl.namespace_.empty()) purl.namespace_ += '/';
        purl.namespace_ += segment;
        return true;
    });
    purl.name = strip_slashes(name);
    purl.version = version;
    purl.qualifiers.reserve(qualifiers.size());
    for (auto& [key, value] : qualifiers) {
        if (!add_qualifier(purl.qualifiers, std::move(key), std::move(value), error)) return std::nullopt;
    }
    const bool subpath_ok = for_each_segment(
        subpath, [&](std::string_view segment) { return add_subpath_segment(purl.subpath, segment, error); });
    if (!subpath_ok) return std::nullopt;

    if (!canonicalise(purl, error)) return std::nullopt;
    return purl;
}

std::string Purl::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

void Purl::append_to(std::string& out) const {
    out.reserve(out.size() + 8 + type.size() + namespace_.size() + name.size() + version.size() + subpath.size() +
                qualifiers.size() * 16);
    out += "pkg:";
    out += type;
    out += '/';
    const auto append_segments = [&out](std::string_view path) {
        bool first = true;
        for_each_segment(path, [&](std::string_view segment) {
            if (!first) out += '/';
            first = false;
            append_encoded(out, segment);
            return true;
        });
    };
    if (!namespace_.empty()) {
        append_segments(namespace_);
        out += '/';
    }
    if (type == "git") {
        append_segments(name);  // the repository path keeps its slashes
    } else {
        append_encoded(out, name);
    }
    if (!version.empty()) {
        out += '@';
        append_encoded(out, version);
    }
    char separator = '?';
    for (const auto& [key, value] : qualifiers) {
        out += separator;
        separator = '&';
        out += key;
        out += '=';
        append_encoded(out, value);
    }
    if (!subpath.empty()) {
        out += '#';
        append_segments(subpath);
    }
}

std::optional<std::string_view> Purl::qualifier(std::string_view key) const {
    for (const auto& [k, value] : qualifiers) {
        if (k == key) return std::string_view(value);
    }
    return std::nullopt;
}

}  // namespace bomwatch::sbom
