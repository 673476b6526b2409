// What the reader tests ask of a read document, shared so each format's tests read the model the
// same way: a component by purl or name, its hashes and a one-line fingerprint of every field, the
// edges, the warnings, and the error a file gives.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/error.h"
#include "sbom/model.h"
#include "sbom/read.h"

namespace bomwatch::sbom {

inline const Component& find(const Document& doc, std::string_view purl) {
    for (const auto& c : doc.components)
        if (c.purl == purl) return c;
    ADD_FAILURE() << "no component " << purl;
    static const Component none;
    return none;
}

inline const Component& by_name(const Document& doc, std::string_view name) {
    for (const auto& c : doc.components)
        if (c.name == name) return c;
    ADD_FAILURE() << "no component named " << name;
    static const Component none;
    return none;
}

// "SHA-512:<hex>" for each hash of a component.
inline std::vector<std::string> hash_texts(const Document& doc, const Component& c) {
    std::vector<std::string> out;
    for (const auto& h : doc.hashes_of(c)) out.push_back(std::string(hash_algorithm_name(h.algorithm)) + ":" + h.hex());
    return out;
}

inline bool has_edge(const Document& doc, std::string_view from_purl, std::string_view to_purl) {
    for (const auto& e : doc.edges)
        if (doc.components[e.from].purl == from_purl && doc.components[e.to].purl == to_purl) return true;
    return false;
}

// Every edge as "name@version > name@version", sorted.
inline std::vector<std::string> edge_texts(const Document& doc) {
    auto label = [&](std::uint32_t i) {
        return std::string(doc.components[i].name.view()) + "@" + std::string(doc.components[i].version.view());
    };
    std::vector<std::string> out;
    for (const Edge& e : doc.edges) out.push_back(label(e.from) + " > " + label(e.to));
    std::sort(out.begin(), out.end());
    return out;
}

inline std::vector<std::string> warning_texts(const Document& doc) {
    std::vector<std::string> out;
    for (const Warning& w : doc.warnings) out.push_back(w.where + ": " + w.message);
    return out;
}

// What an InputError says, or "" when reading succeeds.
inline std::string error_of(const std::string& path, ReadOptions options = {}) {
    try {
        read_sbom(path, options);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

// Everything the builder made of a component, in one line: two readers agree on a component
// exactly when these agree.
inline std::string fingerprint(const Document& doc, std::uint32_t index) {
    const Component& c = doc.components[index];
    std::string out;
    for (std::string_view field : {c.purl.view(), c.ecosystem.view(), c.namespace_.view(), c.name.view(), c.version.view(),
                                   c.type.view(), c.identity, c.license.text.view(), c.supplier.view(), c.publisher.view(),
                                   c.originator.view(), c.download.view(), c.vcs.view(), c.repository.view(), c.scope.view()})
        (out += field) += '|';
    out += c.license.is_name ? "name|" : "expression|";
    for (const Hash& h : doc.hashes_of(c)) (((out += hash_algorithm_name(h.algorithm)) += ':') += h.hex()) += ',';
    for (const Text& location : doc.locations_of(c)) (out += location.view()) += ',';
    if (index == doc.root) out += "|root";
    return out;
}

// In document order: the readers keep it.
inline std::vector<std::string> fingerprints(const Document& doc) {
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < doc.components.size(); ++i) out.push_back(fingerprint(doc, i));
    return out;
}

// Sorted: for documents whose syntaxes keep components in different orders.
inline std::vector<std::string> sorted_fingerprints(const Document& doc) {
    std::vector<std::string> out = fingerprints(doc);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace bomwatch::sbom
