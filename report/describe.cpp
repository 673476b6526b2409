#include "report/describe.h"

namespace bomwatch::report {

std::string_view variant_of(const sbom::Component& c) {
    if (!c.identity.starts_with("pkg:")) return {};
    const auto question = c.identity.find('?');
    return question == std::string_view::npos ? std::string_view() : c.identity.substr(question + 1);
}

std::string identity_label(std::string_view identity) { return identity.empty() ? "(root)" : std::string(identity); }

std::string_view kind_title(diff::ChangeKind kind) {
    switch (kind) {
    case diff::ChangeKind::Added: return "Added";
    case diff::ChangeKind::Removed: return "Removed";
    case diff::ChangeKind::VersionChanged: return "Version changed";
    case diff::ChangeKind::HashChanged: return "Hash changed at the same version";
    case diff::ChangeKind::HashWeakened: return "Hashes dropped or weakened";
    case diff::ChangeKind::LicenseChanged: return "Licence changed";
    case diff::ChangeKind::SupplierChanged: return "Supplier changed";
    case diff::ChangeKind::SourceChanged: return "Source changed";
    case diff::ChangeKind::ScopeChanged: return "Scope changed";
    case diff::ChangeKind::EdgeAdded: return "Dependency edges added";
    case diff::ChangeKind::EdgeRemoved: return "Dependency edges removed";
    }
    return "Changed";
}

std::string_view summary_words(diff::ChangeKind kind, std::size_t n) {
    switch (kind) {
    case diff::ChangeKind::Added: return "added";
    case diff::ChangeKind::Removed: return "removed";
    case diff::ChangeKind::VersionChanged: return "version changed";
    case diff::ChangeKind::HashChanged: return "hash changed";
    case diff::ChangeKind::HashWeakened: return "hashes weakened";
    case diff::ChangeKind::LicenseChanged: return "licence changed";
    case diff::ChangeKind::SupplierChanged: return "supplier changed";
    case diff::ChangeKind::SourceChanged: return "source changed";
    case diff::ChangeKind::ScopeChanged: return "scope changed";
    case diff::ChangeKind::EdgeAdded: return n == 1 ? "edge added" : "edges added";
    case diff::ChangeKind::EdgeRemoved: return n == 1 ? "edge removed" : "edges removed";
    }
    return "changed";
}

}  // namespace bomwatch::report
