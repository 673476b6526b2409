// An offline OSV database (https://ossf.github.io/osv-schema/): a folder tree of OSV JSON records
// or a zip of them, as osv.dev and ossf/malicious-packages publish them, asked which advisories
// affect one package version.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bomwatch::policy {

struct Advisory {
    std::string id;                   // "MAL-2025-20690", "GHSA-...", "PYSEC-..."
    std::vector<std::string> aliases;
    std::string summary;              // one line; "" when the record has none
    bool malicious = false;           // a MAL- id (or alias)
    // The advisory's own severity word, lower case ("critical", "high", "moderate"→"medium",
    // "low"), from database_specific.severity or a CVSS vector's score; "" when it gives none.
    std::string severity;
    std::string source;               // the file (and zip entry) the record came from
};

class OsvDatabase {
public:
    // Opens a folder (searched recursively for *.json) or a .zip file. Cheap enough to call on
    // every run: records are indexed by ecosystem and package name and parsed only when asked
    // for. Throws sbom::InputError naming the path and the problem when it cannot be read; a
    // record that is not valid OSV is skipped with a warning (see warnings()).
    static OsvDatabase open(const std::string& path);

    OsvDatabase(OsvDatabase&&) noexcept;
    OsvDatabase& operator=(OsvDatabase&&) noexcept;
    ~OsvDatabase();

    // The advisories that affect `version` of a package named by purl parts (type "npm",
    // namespace "@babel" or "org.apache", name), in id order. The purl type is mapped to OSV's
    // ecosystem name (npm, PyPI, Maven, Go, crates.io, RubyGems, NuGet, Packagist, ...).
    std::vector<const Advisory*> affecting(std::string_view purl_type, std::string_view namespace_,
                                           std::string_view name, std::string_view version);

    std::size_t record_count() const;
    const std::vector<std::string>& warnings() const;

private:
    struct Impl;
    explicit OsvDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace bomwatch::policy
