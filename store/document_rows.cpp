#include "store/document_rows.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>

#include "store/store.h"

namespace bomwatch::store {

namespace {

constexpr sbom::Format kFormats[] = {
    sbom::Format::CycloneDxJson, sbom::Format::CycloneDxXml, sbom::Format::SpdxJson, sbom::Format::SpdxTagValue,
    sbom::Format::SpdxYaml,      sbom::Format::SpdxXml,      sbom::Format::SpdxRdfXml, sbom::Format::Spdx3JsonLd,
};

[[noreturn]] void corrupt(const std::string& what) {
    throw StoreError(StoreError::Kind::Corrupt, "a recorded build is damaged: " + what);
}

}  // namespace

ComponentRow component_row(const sbom::Document& doc, std::uint32_t index, std::string& number) {
    const sbom::Component& c = doc.components[index];
    number = c.parent == sbom::kNone ? std::string() : std::to_string(c.parent);
    return {c.purl,     c.ecosystem, c.namespace_, c.name,     c.version,    c.type,  c.identity,
            c.license.text, c.license.is_name ? "1" : "0",
            c.supplier, c.publisher, c.originator, c.download, c.vcs, c.repository, c.scope, number};
}

DocumentLoader::DocumentLoader(std::string source, std::string_view format, std::string spec_version, std::int64_t root,
                               std::uint64_t components) {
    doc_.source = std::move(source);
    const auto* known = std::find_if(std::begin(kFormats), std::end(kFormats),
                                     [&](sbom::Format f) { return sbom::format_name(f) == format; });
    if (known == std::end(kFormats)) corrupt("unknown format '" + std::string(format) + "'");
    doc_.format = *known;
    doc_.spec_version = std::move(spec_version);
    if (components > 0xfffffffeULL) corrupt("too many components");
    doc_.components.resize(components);
    seen_.assign(components, false);
    doc_.root = root < 0 ? sbom::kNone : checked(root, "root");
}

std::uint32_t DocumentLoader::checked(std::int64_t index, const char* what) const {
    if (index < 0 || static_cast<std::uint64_t>(index) >= doc_.components.size())
        corrupt(std::string(what) + " names component " + std::to_string(index) + " of " +
                std::to_string(doc_.components.size()));
    return static_cast<std::uint32_t>(index);
}

void DocumentLoader::add_component(std::int64_t index, const ComponentRow& row) {
    const std::uint32_t at = checked(index, "a component row");
    if (seen_[at]) corrupt("component " + std::to_string(at) + " is recorded twice");
    seen_[at] = true;
    sbom::StringPool& text = doc_.text;
    sbom::Component& c = doc_.components[at];
    c.purl = text.store(row[0]);
    c.ecosystem = text.intern(row[1]);
    c.namespace_ = text.intern(row[2]);
    c.name = text.store(row[3]);
    c.version = text.intern(row[4]);
    c.type = text.intern(row[5]);
    // The identity is usually the purl up to its version: then it shares the purl's text, as the
    // readers do.
    const std::string_view identity = row[6], purl = c.purl;
    const bool prefix = purl.starts_with(identity) &&
                        (purl.size() == identity.size() || std::string_view("@?#").find(purl[identity.size()]) != std::string_view::npos);
    c.identity = prefix && !identity.empty() ? purl.substr(0, identity.size()) : text.store(identity).view();
    c.identity_hash = XXH3_64bits(c.identity.data(), c.identity.size());
    c.version_scheme = sbom::version_scheme_for(c.ecosystem);
    c.license.text = text.intern(row[7]);
    c.license.is_name = row[8] == "1";
    c.supplier = text.intern(row[9]);
    c.publisher = text.intern(row[10]);
    c.originator = text.intern(row[11]);
    c.download = text.store(row[12]);
    c.vcs = text.store(row[13]);
    c.repository = text.store(row[14]);
    c.scope = text.intern(row[15]);
    if (row[16].empty()) {
        c.parent = sbom::kNone;
    } else {
        std::int64_t parent = -1;
        const auto [end, error] = std::from_chars(row[16].data(), row[16].data() + row[16].size(), parent);
        if (error != std::errc() || end != row[16].data() + row[16].size()) corrupt("a parent that is not a number");
        c.parent = checked(parent, "a parent");
    }
}

void DocumentLoader::add_hash(std::int64_t component, std::string_view algorithm, std::string_view digest) {
    const auto parsed = sbom::parse_hash_algorithm(algorithm);
    if (!parsed) corrupt("unknown hash algorithm '" + std::string(algorithm) + "'");
    hashes_.push_back({checked(component, "a hash"), sbom::Hash{*parsed, doc_.text.store(digest)}});
}

void DocumentLoader::add_location(std::int64_t component, std::string_view location) {
    locations_.push_back({checked(component, "a location"), doc_.text.store(location)});
}

void DocumentLoader::add_edge(std::int64_t from, std::int64_t to) {
    doc_.edges.push_back({checked(from, "an edge"), checked(to, "an edge")});
}

sbom::Document DocumentLoader::finish() {
    if (const auto missing = std::find(seen_.begin(), seen_.end(), false); missing != seen_.end())
        corrupt("component " + std::to_string(missing - seen_.begin()) + " is missing");
    // Each component's hashes and locations are a range of the shared arrays, in the order the
    // readers leave them (sorted), whatever order the rows came in.
    std::sort(hashes_.begin(), hashes_.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return a.second.algorithm != b.second.algorithm ? a.second.algorithm < b.second.algorithm : a.second.digest < b.second.digest;
    });
    doc_.hashes.reserve(hashes_.size());
    for (const auto& [component, hash] : hashes_) {
        sbom::Component& c = doc_.components[component];
        if (c.hashes_count == 0) c.hashes_begin = static_cast<std::uint32_t>(doc_.hashes.size());
        doc_.hashes.push_back(hash);
        ++c.hashes_count;
    }
    std::sort(locations_.begin(), locations_.end());
    doc_.locations.reserve(locations_.size());
    for (const auto& [component, location] : locations_) {
        sbom::Component& c = doc_.components[component];
        if (c.locations_count == 0) c.locations_begin = static_cast<std::uint32_t>(doc_.locations.size());
        doc_.locations.push_back(location);
        ++c.locations_count;
    }
    std::sort(doc_.edges.begin(), doc_.edges.end(),
              [](const sbom::Edge& a, const sbom::Edge& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; });
    doc_.edges.erase(std::unique(doc_.edges.begin(), doc_.edges.end()), doc_.edges.end());
    hashes_ = {};
    locations_ = {};
    return std::move(doc_);
}

StoreError pruned_build(const std::string& store, const Build& build) {
    return StoreError(StoreError::Kind::Failed, store + ": build " + std::to_string(build.number) + " of " + build.project +
                                                    "/" + build.branch + " is no longer in the store (pruned?)");
}

}  // namespace bomwatch::store
