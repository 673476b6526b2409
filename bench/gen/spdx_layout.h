// What the SPDX 2.3 writers of every syntax (JSON, tag-value) share: the SPDXIDs of one side, the
// order of packages and relationships, and the fields of each package, so that both syntaxes
// render the same document.
#pragma once

#include <string>
#include <vector>

#include "bench/gen/document.h"

namespace bench {

class SpdxLayout {
public:
    static constexpr int kDocument = -2;
    static constexpr int kRoot = -1;  // the package the document DESCRIBES

    SpdxLayout(const Pair& pair, Side side);

    // The SPDXID of an instance, of kRoot or of kDocument.
    const std::string& id(int entry) const {
        return entry == kDocument ? document_id_ : entry == kRoot ? root_id_ : ids_[entry];
    }
    // Packages in emission order, kRoot among them.
    const std::vector<int>& package_entries() const { return package_entries_; }

    struct Relationship {
        int from;  // kDocument, kRoot or an instance
        int to;
        const char* type;
    };
    // Every relationship, in emission order (DESCRIBES first on the old side).
    const std::vector<Relationship>& relationships() const { return relationships_; }

private:
    std::vector<std::string> ids_;
    std::string root_id_;
    const std::string document_id_ = "SPDXRef-DOCUMENT";
    std::vector<int> package_entries_;
    std::vector<Relationship> relationships_;
};

// One package's fields as both syntaxes write them; `originator` and `cpe` are "" when absent.
struct SpdxPackage {
    std::string name;
    std::string version;
    std::string supplier;           // "Organization: ..." or NOASSERTION
    std::string originator;         // "Person: ..."
    std::string download_location;  // a URL or NOASSERTION
    const char* checksum_algorithm;  // SHA512, SHA1, SHA256
    std::string checksum;
    std::string source_info;
    const char* license_declared;
    std::string cpe;
    std::string purl;
};
SpdxPackage spdx_package(const Pair& pair, Side side, int instance);

// The document's name, namespace and creators, as syft writes them.
inline constexpr const char* kSpdxCreators[] = {"Organization: Anchore, Inc", "Tool: syft-1.4.1"};
inline constexpr const char* kSpdxLicenseListVersion = "3.23";
std::string spdx_namespace(const Pair& pair, const DocumentStamp& stamp);

}  // namespace bench
