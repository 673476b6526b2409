// A document as rows, for the back ends: one list of component columns in one order, the text of
// a component's row, and the way back from rows to a Document the diff can use. Both back ends
// go through this file, so what SQLite and PostgreSQL keep of a component is the same by
// construction.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/model.h"
#include "store/store.h"

namespace bomwatch::store {

// The columns of the components table after (build, idx), in this order.
inline constexpr std::array<std::string_view, 17> kComponentColumns = {
    "purl",     "ecosystem",  "namespace", "name",     "version",    "type",  "identity", "license", "license_is_name",
    "supplier", "publisher",  "originator", "download", "vcs",       "repository", "scope", "parent",
};

// One component's values in kComponentColumns order. Texts are views into the document (or into
// the rows a back end read); "" is "not stated". license_is_name is "0" or "1", parent is the
// index of the enclosing component or "" for none.
using ComponentRow = std::array<std::string_view, kComponentColumns.size()>;

// The row of component `index` of `doc`. `number` is scratch space for the parent's digits and
// must outlive the use of the row.
ComponentRow component_row(const sbom::Document& doc, std::uint32_t index, std::string& number);

// Builds a Document from rows, in any order. Throws StoreError(Corrupt) for rows that cannot be
// (an index out of range, an unknown format or hash algorithm).
class DocumentLoader {
public:
    // `format` as sbom::format_name writes it; `root` the root's index or -1.
    DocumentLoader(std::string source, std::string_view format, std::string spec_version, std::int64_t root,
                   std::uint64_t components);

    // Component `index` (0 .. components-1), each exactly once.
    void add_component(std::int64_t index, const ComponentRow& row);
    // `algorithm` as sbom::hash_algorithm_name writes it; `digest` the digest's bytes.
    void add_hash(std::int64_t component, std::string_view algorithm, std::string_view digest);
    void add_location(std::int64_t component, std::string_view location);
    void add_edge(std::int64_t from, std::int64_t to);

    sbom::Document finish();

private:
    std::uint32_t checked(std::int64_t index, const char* what) const;

    sbom::Document doc_;
    std::vector<bool> seen_;
    std::vector<std::pair<std::uint32_t, sbom::Hash>> hashes_;
    std::vector<std::pair<std::uint32_t, sbom::Text>> locations_;
};

// Loading `build` when it is no longer recorded (pruned since): StoreError(Failed), one message for
// both back ends. `store` is the store's describe().
StoreError pruned_build(const std::string& store, const Build& build);

// Runs `read` (a load or a claim); a StoreError(Corrupt) it throws without naming the store (one
// of DocumentLoader's, or a parse helper's) is thrown again with "STORE: " before its message.
template <typename Read>
auto naming_store(const std::string& store, Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const StoreError& e) {
        const std::string_view what = e.what();
        if (e.kind() != StoreError::Kind::Corrupt || what.starts_with(store)) throw;
        throw StoreError(StoreError::Kind::Corrupt, store + ": " + std::string(what));
    }
}

}  // namespace bomwatch::store
