// What the readers share: raw fields in, canonical components and a resolved graph out.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/model.h"
#include "sbom/purl.h"
#include "sbom/ref_table.h"

namespace bomwatch::sbom {

// The fields of one component as a reader found them, before canonicalisation. Readers reuse
// one per nesting level; clear() keeps the capacity.
struct RawComponent {
    std::string ref, purl, group, name, version, type, scope;
    std::string supplier, publisher, originator;
    std::string download, vcs;
    struct RawHash {
        std::string algorithm, value;
    };
    std::vector<RawHash> hashes;
    std::size_t hash_count = 0;  // used entries of `hashes` (kept allocated across components)
    // Licence parts: SPDX ids or expressions, and free-text names. The evidence ones (licences a
    // scanner found, CycloneDX `evidence.licenses`) count only when none is declared.
    std::vector<std::string> license_expressions, license_names;
    std::vector<std::string> evidence_license_expressions, evidence_license_names;
    std::vector<std::string> locations;
    std::uint32_t parent = kNone;

    RawHash& add_hash();
    void clear();
};

// Builds a Document from raw components and raw edges (by document-local ref).
class DocumentBuilder {
public:
    // `warn` receives (where, message) for problems that do not stop the reading.
    using WarnFn = std::function<void(std::string where, std::string message)>;
    DocumentBuilder(Document& doc, WarnFn warn) : doc_(doc), warn_(std::move(warn)) {}

    // Canonicalises `raw` into a new component and returns its index, or kNone when it has
    // neither a name nor a purl (with a warning). `where` names it in warnings.
    std::uint32_t add(RawComponent& raw, const std::function<std::string()>& where);

    // Sets the supplier, publisher, originator and licence of component `index` from those fields
    // of `raw`, canonicalised as add() does: for a format that states them apart from the
    // component, known only once the whole document is read (SPDX 3's agents and licence
    // relationships).
    void set_parties_and_license(std::uint32_t index, RawComponent& raw);

    // An edge "from depends on to" between refs; resolved in finish().
    void add_edge(std::string_view from_ref, std::string_view to_ref);
    // A ref the document says it describes, in the document's order; in finish() the first that
    // names a component becomes the root (SPDX documents may describe a file first, and DESCRIBES
    // may come before the package it names).
    void set_root_ref(std::string_view ref);
    void set_root(std::uint32_t index) { doc_.root = index; }

    // Resolves refs, sorts and deduplicates edges. `unresolved_edges_warn`: whether edges to
    // refs that name no component deserve a warning (CycloneDX) or are normal (SPDX files,
    // external documents).
    void finish(bool unresolved_edges_warn);

    std::uint32_t find_ref(std::string_view ref) const;

    // Once kEstimateAfter components are read, reserves room for those a file of `total` bytes
    // will hold, judging by the first `done` bytes: spares the copies and the slack of a growing
    // vector on large inputs. Does nothing at other times, or when `total` is unknown (0).
    void reserve_for(std::uint64_t done, std::uint64_t total);
    static constexpr std::size_t kEstimateAfter = 512;

private:
    License license_of(RawComponent& raw);
    void fill_parties_and_license(Component& c, RawComponent& raw);

    Document& doc_;
    WarnFn warn_;
    // Refs are needed only while reading, and dropped with the builder. Each ref named by a
    // component or an edge gets a number (once); `ref_targets_` says which component it names,
    // kNone while none does (yet). Edges whose refs are not all known wait as numbers.
    RefTable ref_numbers_;
    std::vector<std::uint32_t> ref_targets_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pending_edges_;
    std::vector<std::pair<std::uint32_t, std::string_view>> pending_ref_texts_;
    static constexpr std::size_t kPendingRefTexts = 256;
    StringPool refs_;  // pending and root refs' text
    std::vector<std::string_view> root_refs_;
    StringPool license_keys_;         // the raw licence spellings seen, keys of licenses_
    TextIndex licenses_;              // raw licence spelling -> index in license_values_
    std::vector<License> license_values_;
    Purl purl_;                    // reused for each component's purl
    std::string scratch_, stated_;  // reused text buffers
};

}  // namespace bomwatch::sbom
