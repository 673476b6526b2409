#include "sbom/builder.h"

#include <xxhash.h>

#include <algorithm>
#include <array>

#include "sbom/license.h"
#include "sbom/purl.h"
#include "sbom/text.h"

namespace bomwatch::sbom {

namespace {

bool is_no_assertion(std::string_view s) { return s == "NOASSERTION" || s == "NONE" || s == "noassertion"; }

// "Organization: Acme Inc (ops@acme.example)" -> "Acme Inc": SPDX writes parties with a kind
// prefix and an optional e-mail; CycloneDX gives the bare name. Compare what both state.
std::string_view normalise_party(std::string_view text) {
    text = trim(text);
    for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
        if (text.substr(0, prefix.size()) == prefix) {
            text = trim(text.substr(prefix.size()));
            break;
        }
    }
    if (!text.empty() && text.back() == ')') {
        // Only an e-mail address in parentheses: "Acme (Europe)" is a name.
        if (const auto open = text.rfind('(');
            open != std::string_view::npos && open > 0 && text.find('@', open) != std::string_view::npos)
            text = trim(text.substr(0, open));
    }
    if (is_no_assertion(text)) return {};
    return text;
}

// Lower-cases a hex digest into `out`; false when `text` is not hex. One table lookup per
// character: every component has a digest or two of up to 128 characters.
// Packs lower-case hex (even length) into bytes, in place: the bytes are the first half of `hex`.
std::string_view hex_to_bytes(std::string& hex) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        hex[i / 2] = static_cast<char>((nibble(hex[i]) << 4) | nibble(hex[i + 1]));
    return std::string_view(hex).substr(0, hex.size() / 2);
}

bool normalise_hex(std::string_view text, std::string& out) {
    static constexpr auto kLowerHex = [] {
        std::array<char, 256> table{};
        for (char c = '0'; c <= '9'; ++c) table[static_cast<unsigned char>(c)] = c;
        for (char c = 'a'; c <= 'f'; ++c) table[static_cast<unsigned char>(c)] = c;
        for (char c = 'A'; c <= 'F'; ++c) table[static_cast<unsigned char>(c)] = static_cast<char>(c - 'A' + 'a');
        return table;
    }();
    out.resize(text.size());
    char bad = text.empty() ? 1 : 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = kLowerHex[static_cast<unsigned char>(text[i])];
        out[i] = c;
        bad |= static_cast<char>(c == 0);
    }
    return bad == 0;
}

// Decodes standard or URL-safe base64 (npm's "integrity" digests are base64); "" when it is not.
std::string base64_to_hex(std::string_view text) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string hex;
    std::uint32_t bits = 0;
    int bit_count = 0;
    for (char c : text) {
        int value;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
        else if (c >= '0' && c <= '9') value = c - '0' + 52;
        else if (c == '+' || c == '-') value = 62;
        else if (c == '/' || c == '_') value = 63;
        else if (c == '=') break;
        else return {};
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        bit_count += 6;
        if (bit_count >= 8) {
            bit_count -= 8;
            const auto byte = static_cast<unsigned>((bits >> bit_count) & 0xff);
            hex += kDigits[byte >> 4];
            hex += kDigits[byte & 0xf];
        }
    }
    return hex;
}

// The qualifiers that make a different artifact of one package (DESIGN.md: identity). Maven's
// `type` defaults to jar, so "type=jar" and no type are one artifact.
bool is_identity_qualifier(std::string_view type, std::string_view key, std::string_view value) {
    if (key == "arch") return true;
    if (type == "maven") return key == "classifier" || (key == "type" && value != "jar");
    return false;
}

}  // namespace

RawComponent::RawHash& RawComponent::add_hash() {
    if (hash_count == hashes.size()) hashes.emplace_back();
    return hashes[hash_count++];
}

void RawComponent::clear() {
    for (std::string* field : {&ref, &purl, &group, &name, &version, &type, &scope, &supplier, &publisher, &originator,
                               &download, &vcs})
        field->clear();
    hash_count = 0;
    license_expressions.clear();
    license_names.clear();
    evidence_license_expressions.clear();
    evidence_license_names.clear();
    locations.clear();
    parent = kNone;
}

std::uint32_t DocumentBuilder::add(RawComponent& raw, const std::function<std::string()>& where) {
    StringPool& text = doc_.text;
    Component c;

    // The purl and the texts made from it go through buffers kept across components: reading
    // 100k components would otherwise allocate and free a dozen strings for each.
    const Purl* purl = nullptr;
    if (const std::string_view purl_text = trim(raw.purl); !purl_text.empty()) {
        std::string problem;
        if (parse_purl_into(purl_text, purl_, &problem)) {
            purl = &purl_;
        } else {
            warn_(where() + ".purl", "'" + std::string(purl_text) + "' is not a valid purl (" + problem +
                                         "); the component is matched by its name instead");
        }
    }
    const std::string_view raw_name = trim(raw.name);
    if (!purl && raw_name.empty()) {
        warn_(where(), "component has neither a name nor a purl; ignored");
        return kNone;
    }

    std::string_view version = trim(raw.version);
    const std::string_view group = trim(raw.group);
    // The name as the document states it: "group/name", or the name alone.
    stated_.assign(group);
    if (!group.empty()) stated_ += '/';
    stated_ += raw_name;
    if (purl) {
        if (version.empty()) version = purl->version;
        c.ecosystem = text.intern(purl->type);
        // Generators that lower-case purls (trivy does, for golang) still write the name as the
        // ecosystem does: when it spells the same path, it is the one to show.
        const std::string& ns = purl->written_namespace;
        scratch_.assign(ns);
        if (!ns.empty()) scratch_ += '/';
        scratch_ += purl->written_name;
        const std::string_view written = stated_ != scratch_ && iequals(stated_, scratch_) ? stated_ : scratch_;
        c.namespace_ = text.intern(written.substr(0, ns.size()));
        c.name = text.store(written.substr(ns.empty() ? 0 : ns.size() + 1));
        scratch_.clear();
        purl->append_to(scratch_);
        c.purl = text.store(scratch_);
        if (auto url = purl->qualifier("download_url"); url && raw.download.empty()) raw.download = *url;
        if (auto url = purl->qualifier("vcs_url"); url && raw.vcs.empty()) raw.vcs = *url;
        if (auto url = purl->qualifier("repository_url")) c.repository = text.store(trim(*url));

        // The identity is the purl without version, plus the qualifiers that make another
        // artifact. Usually there are none and no subpath: then it is the canonical purl up to
        // its version, and shares its text.
        const bool plain = purl->subpath.empty() &&
                           std::none_of(purl->qualifiers.begin(), purl->qualifiers.end(), [&](const auto& q) {
                               return is_identity_qualifier(purl->type, q.first, q.second);
                           });
        if (plain) {
            const std::string_view canonical = c.purl;
            c.identity = canonical.substr(0, canonical.find_first_of("@?#"));
        } else {
            Purl identity = *purl;
            identity.version.clear();
            std::erase_if(identity.qualifiers,
                          [&](const auto& q) { return !is_identity_qualifier(identity.type, q.first, q.second); });
            c.identity = text.store(identity.to_string());
        }
    } else {
        c.namespace_ = text.intern(group);
        c.name = text.store(raw_name);
        c.identity = text.store("name:" + stated_);
    }
    c.version = text.intern(version);
    c.identity_hash = XXH3_64bits(c.identity.data(), c.identity.size());
    c.version_scheme = version_scheme_for(c.ecosystem);
    c.type = text.intern(lower_into(scratch_, trim(raw.type)));
    c.scope = text.intern(lower_into(scratch_, trim(raw.scope)));
    fill_parties_and_license(c, raw);
    if (auto url = trim(raw.download); !is_no_assertion(url)) c.download = text.store(url);
    if (auto url = trim(raw.vcs); !is_no_assertion(url)) c.vcs = text.store(url);

    // Hashes: canonical algorithm, lower-case hex, checked against the algorithm's length.
    c.hashes_begin = static_cast<std::uint32_t>(doc_.hashes.size());
    for (std::size_t i = 0; i < raw.hash_count; ++i) {
        const auto& h = raw.hashes[i];
        // The same digest is often stated twice (on the component and on its distribution).
        if (std::any_of(raw.hashes.begin(), raw.hashes.begin() + static_cast<std::ptrdiff_t>(i), [&](const auto& earlier) {
                return earlier.value == h.value && earlier.algorithm == h.algorithm;
            }))
            continue;
        const auto algorithm = parse_hash_algorithm(trim(h.algorithm));
        if (!algorithm) {
            warn_(where() + ".hashes", "unknown hash algorithm '" + h.algorithm + "'; that hash is ignored");
            continue;
        }
        const std::size_t want = hash_hex_length(*algorithm);
        if (!normalise_hex(trim(h.value), scratch_) || (want != 0 && scratch_.size() != want)) {
            scratch_ = base64_to_hex(trim(h.value));
            if (scratch_.empty() || (want != 0 && scratch_.size() != want)) {
                warn_(where() + ".hashes", "'" + h.value + "' is not a " + std::string(hash_algorithm_name(*algorithm)) +
                                               " digest; that hash is ignored");
                continue;
            }
        }
        if (scratch_.size() % 2 != 0) {
            warn_(where() + ".hashes", "'" + h.value + "' is not a " + std::string(hash_algorithm_name(*algorithm)) +
                                           " digest (an odd number of hex digits); that hash is ignored");
            continue;
        }
        const std::string_view digest = hex_to_bytes(scratch_);
        // Spellings may differ (upper/lower case, base64): compare the canonical digests too.
        const bool known = std::any_of(doc_.hashes.begin() + c.hashes_begin, doc_.hashes.end(),
                                       [&](const Hash& seen) { return seen.algorithm == *algorithm && seen.digest == digest; });
        if (!known) doc_.hashes.push_back({*algorithm, text.store(digest)});
    }
    auto hashes_first = doc_.hashes.begin() + c.hashes_begin;
    std::sort(hashes_first, doc_.hashes.end(), [](const Hash& a, const Hash& b) {
        return a.algorithm != b.algorithm ? a.algorithm < b.algorithm : a.digest < b.digest;
    });
    doc_.hashes.erase(std::unique(hashes_first, doc_.hashes.end()), doc_.hashes.end());
    c.hashes_count = static_cast<std::uint32_t>(doc_.hashes.size() - c.hashes_begin);

    c.locations_begin = static_cast<std::uint32_t>(doc_.locations.size());
    for (const auto& location : raw.locations)
        if (auto l = trim(location); !l.empty()) doc_.locations.push_back(text.store(l));
    auto locations_first = doc_.locations.begin() + c.locations_begin;
    std::sort(locations_first, doc_.locations.end());
    doc_.locations.erase(std::unique(locations_first, doc_.locations.end()), doc_.locations.end());
    c.locations_count = static_cast<std::uint32_t>(doc_.locations.size() - c.locations_begin);

    c.parent = raw.parent;
    const auto index = static_cast<std::uint32_t>(doc_.components.size());
    doc_.components.push_back(c);

    if (const std::string_view ref = raw.ref; !ref.empty()) {
        const std::uint32_t number = ref_numbers_.number(ref);
        ref_targets_.resize(ref_numbers_.size(), kNone);
        std::uint32_t& target = ref_targets_[number];
        if (target == kNone) target = index;
        else warn_(where(), "ref '" + std::string(ref) + "' is used by more than one component; references name the first");
    }
    return index;
}

void DocumentBuilder::fill_parties_and_license(Component& c, RawComponent& raw) {
    c.supplier = doc_.text.intern(normalise_party(raw.supplier));
    c.publisher = doc_.text.intern(normalise_party(raw.publisher));
    c.originator = doc_.text.intern(normalise_party(raw.originator));
    c.license = license_of(raw);
}

void DocumentBuilder::set_parties_and_license(std::uint32_t index, RawComponent& raw) {
    fill_parties_and_license(doc_.components[index], raw);
}

License DocumentBuilder::license_of(RawComponent& raw) {
    if (raw.license_expressions.empty() && raw.license_names.empty()) {
        raw.license_expressions.swap(raw.evidence_license_expressions);
        raw.license_names.swap(raw.evidence_license_names);
    }
    if (raw.license_expressions.empty() && raw.license_names.empty()) return {};
    // Thousands of components share a handful of licences: canonicalise each spelling once.
    scratch_.clear();
    for (const auto& expression : raw.license_expressions) (scratch_ += expression) += '\x1f';
    for (const auto& name : raw.license_names) (scratch_ += name) += '\x1e';
    if (const std::uint32_t cached = licenses_.find(scratch_); cached != TextIndex::kMissing) return license_values_[cached];

    // A set of SPDX expressions becomes their conjunction; anything that is not an expression
    // makes the whole a free-text name, compared only with names.
    std::vector<std::string> parts;
    bool all_expressions = raw.license_names.empty();
    for (const auto& expression : raw.license_expressions) {
        if (auto canonical = canonical_license_expression(expression)) {
            parts.push_back(std::move(*canonical));
        } else {
            all_expressions = false;
            parts.emplace_back(trim(expression));
        }
    }
    for (const auto& name : raw.license_names) parts.emplace_back(trim(name));
    std::erase_if(parts, [](const std::string& p) { return p.empty() || is_no_assertion(p); });
    License license;
    if (!parts.empty()) {
        std::string joined;
        std::sort(parts.begin(), parts.end());
        for (const auto& part : parts) {
            if (!joined.empty()) joined += " AND ";
            joined += parts.size() > 1 && all_expressions && part.find(" OR ") != std::string::npos ? "(" + part + ")" : part;
        }
        if (all_expressions) joined = canonical_license_expression(joined).value_or(joined);
        license = {doc_.text.intern(joined), !all_expressions};
    }
    licenses_.insert(license_keys_.store(scratch_), static_cast<std::uint32_t>(license_values_.size()));
    license_values_.push_back(license);
    return license;
}

void DocumentBuilder::reserve_for(std::uint64_t done, std::uint64_t total) {
    const std::size_t have = doc_.components.size();
    if (have != kEstimateAfter || done == 0 || total <= done) return;
    const double per_component = static_cast<double>(done) / static_cast<double>(have);
    const auto expected = static_cast<std::size_t>(static_cast<double>(total) / per_component * 1.05) + 16;
    if (expected > doc_.components.capacity()) doc_.components.reserve(expected);
}

std::uint32_t DocumentBuilder::find_ref(std::string_view ref) const {
    const std::uint32_t number = ref_numbers_.find(ref);
    return number == RefTable::kMissing ? kNone : ref_targets_[number];
}

void DocumentBuilder::add_edge(std::string_view from_ref, std::string_view to_ref) {
    const std::uint32_t from = ref_numbers_.number(from_ref), to = ref_numbers_.number(to_ref);
    ref_targets_.resize(ref_numbers_.size(), kNone);
    if (ref_targets_[from] != kNone && ref_targets_[to] != kNone) {
        if (ref_targets_[from] != ref_targets_[to]) doc_.edges.push_back({ref_targets_[from], ref_targets_[to]});
        return;
    }
    // Refs that come before their component (allowed in every format): resolved in finish().
    // The text of the first few such refs is kept for the warning about those that stay
    // unresolved: not all of it, since a document may state every relationship first.
    pending_edges_.emplace_back(from, to);
    if (pending_ref_texts_.size() < kPendingRefTexts) {
        if (ref_targets_[from] == kNone) pending_ref_texts_.emplace_back(from, refs_.store(from_ref));
        if (ref_targets_[to] == kNone) pending_ref_texts_.emplace_back(to, refs_.store(to_ref));
    }
}

void DocumentBuilder::set_root_ref(std::string_view ref) { root_refs_.push_back(refs_.store(ref)); }

void DocumentBuilder::finish(bool unresolved_edges_warn) {
    std::size_t unresolved = 0;
    std::string example;
    for (const auto& [from_ref, to_ref] : pending_edges_) {
        const std::uint32_t from = ref_targets_[from_ref], to = ref_targets_[to_ref];
        if (from == kNone || to == kNone) {
            if (unresolved++ == 0) {
                const std::uint32_t missing = from == kNone ? from_ref : to_ref;
                for (const auto& [number, text] : pending_ref_texts_) {
                    if (number != missing) continue;
                    example = text;
                    break;
                }
            }
            continue;
        }
        if (from != to) doc_.edges.push_back({from, to});
    }
    if (unresolved && unresolved_edges_warn)
        warn_("dependencies", std::to_string(unresolved) + " dependency reference(s) name no component" +
                                  (example.empty() ? std::string() : " (e.g. '" + example + "')") + "; those edges are ignored");
    for (std::size_t i = 0; i < root_refs_.size() && doc_.root == kNone; ++i) doc_.root = find_ref(root_refs_[i]);
    std::sort(doc_.edges.begin(), doc_.edges.end(),
              [](const Edge& a, const Edge& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; });
    doc_.edges.erase(std::unique(doc_.edges.begin(), doc_.edges.end()), doc_.edges.end());
    pending_edges_.clear();
}

}  // namespace bomwatch::sbom
