// The CSV report, for spreadsheets: RFC 4180 (CRLF line ends; a field with a comma, quote or line
// break is quoted, its quotes doubled), a header row, one row per change in report order with the
// findings about it, then one row per finding about no change (known-malicious on a component
// that did not change). Columns in docs/formats.md.
//
// Text from the SBOMs is untrusted, and spreadsheets run a cell that starts like a formula: a field
// starting with '=', '+', '-', '@', tab or CR gets a leading apostrophe (OWASP's advice on CSV
// injection), which spreadsheets show as text and a program can strip.
#include <string>
#include <vector>

#include "report/describe.h"
#include "report/report.h"

namespace bomwatch::report {

namespace {

using diff::ChangeKind;

constexpr std::string_view kHeader =
    "kind,ecosystem,name,identity,old_version,new_version,direction,step,field,old_value,new_value,"
    "introduced_via,edge_from,edge_to,findings,all_expected";

// One row, in the header's order.
struct Row {
    std::string kind, ecosystem, name, identity, old_version, new_version, direction, step, field, old_value, new_value,
        introduced_via, edge_from, edge_to, findings, all_expected;
};

// A field as RFC 4180 wants it, defused for spreadsheets.
std::string csv_field(std::string_view text) {
    std::string value;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        value = "'";
    value += text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

void write_row(std::ostream& out, const Row& row) {
    const std::string_view fields[] = {row.kind,       row.ecosystem, row.name,     row.identity,       row.old_version, row.new_version,
                                       row.direction,  row.step,      row.field,    row.old_value,      row.new_value,   row.introduced_via,
                                       row.edge_from,  row.edge_to,   row.findings, row.all_expected};
    for (std::size_t i = 0; i < std::size(fields); ++i) out << (i ? "," : "") << csv_field(fields[i]);
    out << "\r\n";
}

// "new-dependency-in-update:high;name-confusion:high" and whether every one is expected ("yes",
// "no"; "" without findings).
void describe_findings(const std::vector<const policy::Finding*>& findings, Row& row) {
    if (findings.empty()) return;
    bool all_expected = true;
    for (const policy::Finding* f : findings) {
        if (!row.findings.empty()) row.findings += ';';
        row.findings.append(policy::rule_id(f->rule)).append(":").append(policy::severity_name(f->severity));
        all_expected = all_expected && f->expected;
    }
    row.all_expected = all_expected ? "yes" : "no";
}

// The first algorithm both sides state whose digests differ: field, old and new digest.
void describe_digest_change(const diff::Changes& changes, const diff::Change& change, Row& row) {
    const auto old_hashes = changes.old_doc->hashes_of(*old_component(changes, change));
    const auto new_hashes = changes.new_doc->hashes_of(*new_component(changes, change));
    for (const sbom::Hash& a : old_hashes) {
        for (const sbom::Hash& b : new_hashes) {
            if (a.algorithm == b.algorithm && a.digest != b.digest) {
                row.field = sbom::hash_algorithm_name(a.algorithm);
                row.old_value = a.hex();
                row.new_value = b.hex();
                return;
            }
        }
    }
}

void describe_component(const sbom::Component& c, Row& row) {
    row.ecosystem = c.ecosystem;
    row.name = name_of(c);
    row.identity = c.identity;
}

Row change_row(const diff::Changes& changes, const diff::Change& change) {
    Row row;
    row.kind = diff::change_kind_name(change.kind);
    if (change.kind == ChangeKind::EdgeAdded || change.kind == ChangeKind::EdgeRemoved) {
        row.edge_from = identity_label(change.from);
        row.edge_to = identity_label(change.to);
        return row;
    }
    const sbom::Component* old_c = old_component(changes, change);
    const sbom::Component* new_c = new_component(changes, change);
    describe_component(new_c ? *new_c : *old_c, row);
    if (old_c) row.old_version = old_c->version;
    if (new_c) row.new_version = new_c->version;
    switch (change.kind) {
    case ChangeKind::Added:
        for (std::uint32_t node : change.introduced_via)
            row.introduced_via += (row.introduced_via.empty() ? "" : " > ") + reference_of(changes.new_doc->components[node]);
        break;
    case ChangeKind::VersionChanged:
        row.direction = diff::direction_name(change.direction);
        row.step = diff::step_name(change.step);
        break;
    case ChangeKind::HashChanged: describe_digest_change(changes, change, row); break;
    case ChangeKind::HashWeakened:
    case ChangeKind::LicenseChanged:
    case ChangeKind::SupplierChanged:
    case ChangeKind::SourceChanged:
    case ChangeKind::ScopeChanged:
        row.field = change.field;
        row.old_value = change.old_value;
        row.new_value = change.new_value;
        break;
    default: break;
    }
    return row;
}

}  // namespace

void write_csv(std::ostream& out, const diff::Changes& changes, const Options& options) {
    std::vector<std::vector<const policy::Finding*>> findings_of(changes.changes.size());
    std::vector<const policy::Finding*> without_change;
    if (options.findings) {
        for (const policy::Finding& f : options.findings->items) {
            if (f.change < findings_of.size()) findings_of[f.change].push_back(&f);
            else without_change.push_back(&f);
        }
    }
    out << kHeader << "\r\n";
    for (std::size_t i = 0; i < changes.changes.size(); ++i) {
        Row row = change_row(changes, changes.changes[i]);
        describe_findings(findings_of[i], row);
        write_row(out, row);
    }
    for (const policy::Finding* f : without_change) {
        Row row;
        row.kind = "finding";
        const sbom::Document& doc = f->in_new ? *changes.new_doc : *changes.old_doc;
        if (f->component != sbom::kNone) {
            describe_component(doc.components[f->component], row);
            (f->in_new ? row.new_version : row.old_version) = doc.components[f->component].version;
        } else {
            row.name = f->name;
        }
        describe_findings({f}, row);
        write_row(out, row);
    }
}

}  // namespace bomwatch::report
