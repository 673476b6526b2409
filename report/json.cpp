// The JSON report: "bomwatch.diff/2". Keys are written in a fixed order, so the same inputs give
// the same bytes.
#include <nlohmann/json.hpp>

#include "report/describe.h"
#include "report/report.h"

namespace bomwatch::report {

namespace {

using Json = nlohmann::ordered_json;

Json document_json(const sbom::Document& doc) {
    Json out;
    out["source"] = doc.source;
    out["format"] = sbom::format_name(doc.format);
    out["specVersion"] = doc.spec_version;
    out["components"] = doc.components.size() - (doc.root == sbom::kNone ? 0 : 1);
    if (const sbom::Component* root = doc.root_component()) {
        Json r;
        r["name"] = name_of(*root);
        if (!root->version.empty()) r["version"] = root->version;
        if (!root->purl.empty()) r["purl"] = root->purl;
        out["root"] = std::move(r);
    } else {
        out["root"] = nullptr;
    }
    out["warnings"] = doc.warning_count;
    return out;
}

// The component of one side of a change, with every field the diff compares.
Json component_json(const sbom::Document& doc, const diff::Artifact& artifact) {
    const sbom::Component& c = doc.components[artifact.first()];
    Json out;
    out["version"] = c.version;
    if (!c.purl.empty()) out["purl"] = c.purl;
    Json hashes = Json::object();
    for (std::uint32_t member : artifact.members) {
        for (const sbom::Hash& h : doc.hashes_of(doc.components[member])) {
            const std::string name(sbom::hash_algorithm_name(h.algorithm));
            if (!hashes.contains(name)) {
                hashes[name] = h.hex();
            } else if (hashes[name] != h.hex()) {
                // Copies of one artifact that disagree: all the digests are shown.
                if (!hashes[name].is_array()) hashes[name] = Json::array({hashes[name]});
                if (std::find(hashes[name].begin(), hashes[name].end(), Json(h.hex())) == hashes[name].end())
                    hashes[name].push_back(h.hex());
            }
        }
    }
    if (!hashes.empty()) out["hashes"] = std::move(hashes);
    Json locations = Json::array();
    for (std::uint32_t member : artifact.members)
        for (std::string_view location : doc.locations_of(doc.components[member])) locations.push_back(location);
    if (!locations.empty()) out["locations"] = std::move(locations);
    if (!c.license.empty()) out[c.license.is_name ? "licenseName" : "license"] = c.license.text;
    if (!c.supplier.empty()) out["supplier"] = c.supplier;
    if (!c.publisher.empty()) out["publisher"] = c.publisher;
    if (!c.originator.empty()) out["originator"] = c.originator;
    if (!c.download.empty()) out["download"] = c.download;
    if (!c.vcs.empty()) out["vcs"] = c.vcs;
    if (!c.repository.empty()) out["repository"] = c.repository;
    if (!c.scope.empty()) out["scope"] = c.scope;
    return out;
}

Json change_json(const diff::Changes& changes, const diff::Change& change, const Options& options) {
    Json out;
    out["kind"] = diff::change_kind_name(change.kind);
    if (change.kind == diff::ChangeKind::EdgeAdded || change.kind == diff::ChangeKind::EdgeRemoved) {
        const sbom::Document& doc = change.kind == diff::ChangeKind::EdgeAdded ? *changes.new_doc : *changes.old_doc;
        auto endpoint = [&](std::string_view identity) -> Json {
            if (!identity.empty()) return identity;
            const sbom::Component* root = doc.root_component();
            return root ? Json(root->identity) : Json(nullptr);
        };
        out["from"] = endpoint(change.from);
        out["to"] = endpoint(change.to);
        if (change.from.empty()) out["fromRoot"] = true;
        return out;
    }
    const sbom::Component* old_c = old_component(changes, change);
    const sbom::Component* new_c = new_component(changes, change);
    const sbom::Component& c = new_c ? *new_c : *old_c;
    out["identity"] = c.identity;
    out["ecosystem"] = c.ecosystem;
    out["name"] = name_of(c);
    if (old_c) out["old"] = component_json(*changes.old_doc, changes.old_artifacts[change.old_artifact]);
    if (new_c) out["new"] = component_json(*changes.new_doc, changes.new_artifacts[change.new_artifact]);
    switch (change.kind) {
    case diff::ChangeKind::Added:
        if (change.reachable) {
            Json via = Json::array();
            for (std::uint32_t node : change.introduced_via) via.push_back(reference_of(changes.new_doc->components[node]));
            out["introducedVia"] = std::move(via);
        }
        break;
    case diff::ChangeKind::VersionChanged:
        out["direction"] = diff::direction_name(change.direction);
        out["step"] = diff::step_name(change.step);
        break;
    case diff::ChangeKind::HashWeakened:
        out["detail"] = change.field;
        out["oldAlgorithms"] = change.old_value;
        out["newAlgorithms"] = change.new_value;
        break;
    case diff::ChangeKind::LicenseChanged:
    case diff::ChangeKind::SupplierChanged:
    case diff::ChangeKind::SourceChanged:
    case diff::ChangeKind::ScopeChanged:
        out["field"] = change.field;
        out["oldValue"] = change.old_value;
        out["newValue"] = change.new_value;
        break;
    default: break;
    }
    if (options.explain && old_c && new_c) out["match"] = diff::match_rule_name(change.match);
    return out;
}

Json finding_json(const policy::Finding& f) {
    Json out;
    out["rule"] = policy::rule_id(f.rule);
    out["severity"] = policy::severity_name(f.severity);
    out["change"] = f.change == sbom::kNone ? Json(nullptr) : Json(f.change);
    out["name"] = f.name;
    out["reference"] = f.reference;
    out["message"] = f.message;
    out["expected"] = f.expected;
    if (f.expected) out["expectedReason"] = f.expected_reason;
    Json evidence = Json::object();
    for (const policy::Evidence& e : f.evidence) evidence[e.key] = e.value;
    out["evidence"] = std::move(evidence);
    if (!f.path.empty()) out["path"] = f.path;
    return out;
}

// Writes a JSON array of `count` items, each item made by `make(i)`, one at a time.
template <typename Make>
void write_array(std::ostream& out, std::string_view key, std::size_t count, Make make, bool last) {
    if (count == 0) {
        out << "  " << Json(key).dump() << ": []" << (last ? "\n" : ",\n");
        return;
    }
    out << "  " << Json(key).dump() << ": [\n";
    for (std::size_t i = 0; i < count; ++i) {
        std::string text = make(i).dump(2, ' ', false, Json::error_handler_t::replace);
        for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 5)) text.insert(at + 1, "    ");
        out << "    " << text << (i + 1 < count ? ",\n" : "\n");
    }
    out << "  ]" << (last ? "\n" : ",\n");
}

}  // namespace

void write_json(std::ostream& out, const diff::Changes& changes, const Options& options) {
    // Written piece by piece rather than as one document: a diff of two large SBOMs may have
    // tens of thousands of changes, and a JSON DOM of them would cost more memory than the diff.
    // The layout is exactly what dump(2) of the whole document would give.
    auto member = [&](std::string_view key, const Json& value, bool last = false) {
        std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
        for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3)) text.insert(at + 1, "  ");
        out << "  " << Json(key).dump() << ": " << text << (last ? "\n" : ",\n");
    };
    out << "{\n";
    member("schema", "bomwatch.diff/2");
    member("old", document_json(*changes.old_doc));
    member("new", document_json(*changes.new_doc));
    Json summary;
    for (std::size_t k = 0; k < diff::kChangeKindCount; ++k)
        summary[std::string(diff::change_kind_name(static_cast<diff::ChangeKind>(k)))] = changes.counts[k];
    summary["unchanged"] = changes.unchanged;
    member("summary", summary);
    member("compared", {{"edges", changes.edges_compared}, {"hashStrength", changes.hashes_compared}});
    if (options.explain) {
        Json matching;
        for (std::size_t r = 0; r < changes.matched_by.size(); ++r)
            matching[std::string(diff::match_rule_name(static_cast<diff::MatchRule>(r)))] = changes.matched_by[r];
        member("matching", matching);
    }
    static const policy::Findings kNoFindings;
    const policy::Findings& findings = options.findings ? *options.findings : kNoFindings;
    Json counts;
    for (std::size_t i = policy::kSeverityCount; i-- > 0;)
        counts[std::string(policy::severity_name(static_cast<policy::Severity>(i)))] = findings.unexpected_by_severity[i];
    std::size_t expected = 0;
    for (std::size_t n : findings.expected_by_severity) expected += n;
    member("findingsSummary", {{"unexpected", counts}, {"expected", expected}, {"ignored", findings.ignored}});
    write_array(out, "findings", findings.items.size(), [&](std::size_t i) { return finding_json(findings.items[i]); }, false);
    write_array(out, "changes", changes.changes.size(), [&](std::size_t i) { return change_json(changes, changes.changes[i], options); }, true);
    out << "}\n";
}

}  // namespace bomwatch::report
