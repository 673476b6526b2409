// The Markdown report, for a pull-request comment or $GITHUB_STEP_SUMMARY: a heading, a summary
// line, the findings by severity, then a table of changes per kind (docs/formats.md).
//
// Two things shape it. Text from the SBOMs is untrusted and lands in tables that GitHub renders
// with mentions and HTML, so every piece of it goes through `escape`. And GitHub refuses a comment
// over 65,536 characters, so the report is planned row by row against kMarkdownLimit bytes (bytes:
// never fewer than characters): when it would not fit, whole rows are left out, the least important
// first, and a closing line says how many.
#include <array>
#include <string>
#include <vector>

#include "report/describe.h"
#include "report/report.h"
#include "sbom/text.h"

namespace bomwatch::report {

namespace {

using diff::ChangeKind;
using policy::Finding;
using policy::Severity;

constexpr std::size_t kMaxFieldBytes = 200;     // a name, version or path step, before escaping
constexpr std::size_t kMaxMessageBytes = 1000;  // a finding's message or expected reason
constexpr std::size_t kMaxPathSteps = 12;       // longer paths keep their two ends
constexpr std::size_t kCollapseAbove = 10;      // rows; longer tables go into <details>
constexpr std::size_t kNoteReserve = 400;       // bytes kept for the "not shown" line
constexpr std::string_view kZeroWidthJoiner = "\xE2\x80\x8D";

using sbom::utf8_at;
using sbom::with_commas;

// Untrusted text made safe for a table cell or a heading: it cannot end the cell or the row, open
// emphasis, code, a link, an image or HTML, or mention a person or team (a zero-width joiner after
// each '@' breaks GitHub's mention and e-mail patterns; an escape would not, since GitHub finds
// mentions in the rendered text). Line breaks become spaces; control characters, bidirectional
// overrides and invalid UTF-8 become '?'. Text longer than `max_bytes` is cut at a character and
// ends in '…'.
std::string escape(std::string_view text, std::size_t max_bytes = kMaxFieldBytes) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        if (i >= max_bytes) {
            out += "…";
            break;
        }
        char32_t code_point;
        const std::size_t length = utf8_at(text, i, code_point);
        if (length == 0) {
            out += '?';
            ++i;
            continue;
        }
        if (length > 1) {
            if (code_point <= 0x9F) out += '?';  // C1 controls
            else if (code_point == 0x2028 || code_point == 0x2029) out += ' ';
            else if ((code_point >= 0x202A && code_point <= 0x202E) || (code_point >= 0x2066 && code_point <= 0x2069)) out += '?';
            else out.append(text.substr(i, length));
            i += length;
            continue;
        }
        const char c = text[i++];
        switch (c) {
        case '|': out += "&#124;"; break;  // an entity, not "\|": no backslash for a name to pair with
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '@': out.append("@").append(kZeroWidthJoiner); break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '~': out.append(1, '\\').append(1, c); break;
        case '\n':
        case '\r':
        case '\t': out += ' '; break;
        default: out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
        }
    }
    return out;
}

// "checkout-web 2.3.0", or the file name when the document names no root.
std::string document_label(const sbom::Document& doc) {
    const sbom::Component* root = doc.root_component();
    if (!root) return escape(doc.source);
    std::string label = escape(name_of(*root));
    if (!root->version.empty()) label += " " + escape(root->version);
    return label;
}

// "checkout-web 2.3.0 → 2.3.1" when the root keeps its name, else both labels in full.
std::string heading_pair(const sbom::Document& old_doc, const sbom::Document& new_doc) {
    const sbom::Component* old_root = old_doc.root_component();
    const sbom::Component* new_root = new_doc.root_component();
    if (old_root && new_root && name_of(*old_root) == name_of(*new_root) && !new_root->version.empty())
        return document_label(old_doc) + " → " + escape(new_root->version);
    return document_label(old_doc) + " → " + document_label(new_doc);
}

std::string short_digest(const std::string& hex) { return hex.size() > 12 ? hex.substr(0, 12) + "…" : hex; }

// Severity in words, loud for the ones that should stop a merge; quiet when expected.
std::string severity_cell(const Finding& f) {
    std::string name(policy::severity_name(f.severity));
    if (f.expected) return name + " (expected)";
    if (f.severity == Severity::Info) return name;
    for (char& c : name) c = static_cast<char>(c - 'a' + 'A');
    return f.severity >= Severity::High ? "**" + name + "**" : name;
}

// A table with its rows, shown whole, in part or not at all, as the size limit allows.
struct Section {
    std::string title;  // "" for a table right under its own heading
    bool collapsed = false;
    std::string table_header;
    std::vector<std::string> rows;
    std::size_t shown = 0;

    std::string open(std::size_t shown_rows) const {
        if (title.empty()) return table_header;
        std::string count = with_commas(rows.size());
        if (shown_rows < rows.size()) count += ", first " + with_commas(shown_rows) + " shown";
        if (collapsed) return "<details><summary>" + title + " (" + count + ")</summary>\n\n" + table_header;
        return "#### " + title + " (" + count + ")\n\n" + table_header;
    }
    // The longest open() can be, for planning.
    std::size_t open_bound() const { return title.empty() ? table_header.size() : open(0).size() + with_commas(rows.size()).size(); }
    std::string_view close() const { return collapsed ? "\n</details>\n\n" : "\n"; }
};

class MarkdownWriter {
public:
    MarkdownWriter(const diff::Changes& changes, const Options& options) : changes_(changes), options_(options) {}

    std::string write() {
        build_header();
        if (options_.findings) build_findings(*options_.findings);
        build_changes();
        fit();
        return assemble();
    }

private:
    void build_header() {
        header_ = "## bomwatch: " + heading_pair(*changes_.old_doc, *changes_.new_doc) + "\n\n";
        if (changes_.changes.empty()) {
            header_ += "**No changes**: " + with_commas(changes_.unchanged) + " packages match.";
        } else {
            std::string parts;
            for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
                if (!changes_.counts[k]) continue;
                parts += (parts.empty() ? "" : ", ") + with_commas(changes_.counts[k]) + " " +
                         std::string(summary_words(static_cast<ChangeKind>(k), changes_.counts[k]));
            }
            header_ += "**" + with_commas(changes_.total()) + (changes_.total() == 1 ? " change" : " changes") + "**: " + parts +
                       "; " + with_commas(changes_.unchanged) + " unchanged.";
        }
        if (options_.findings) header_ += " " + findings_summary(*options_.findings);
        header_ += "\n\n";
        if (!changes_.edges_compared) header_ += "Dependency edges were not compared: a document states no dependency graph.\n\n";
    }

    static std::string findings_summary(const policy::Findings& findings) {
        std::string parts;
        for (std::size_t i = policy::kSeverityCount; i-- > 0;) {
            if (!findings.unexpected_by_severity[i]) continue;
            parts += (parts.empty() ? "" : ", ") + with_commas(findings.unexpected_by_severity[i]) + " " +
                     std::string(policy::severity_name(static_cast<Severity>(i)));
        }
        std::size_t expected = 0;
        for (std::size_t n : findings.expected_by_severity) expected += n;
        std::string out = parts.empty() ? "**No unexpected findings**" : "**Findings**: " + parts;
        if (expected) out += "; " + with_commas(expected) + " expected";
        if (findings.ignored) out += "; " + with_commas(findings.ignored) + " ignored";
        return out + ".";
    }

    void build_findings(const policy::Findings& findings) {
        findings_heading_ = "### Findings\n\n";
        if (findings.items.empty()) findings_heading_ += "No findings.\n\n";
        constexpr std::string_view kHeader = "| Severity | Rule | Component | Message |\n| --- | --- | --- | --- |\n";
        main_findings_.table_header = kHeader;
        info_findings_.table_header = kHeader;
        info_findings_.title = "Info findings: routine updates and removals";
        info_findings_.collapsed = true;
        for (const Finding& f : findings.items)
            (f.severity == Severity::Info ? info_findings_ : main_findings_).rows.push_back(finding_row(f));
        if (main_findings_.rows.empty() && !info_findings_.rows.empty()) findings_heading_ += "No findings above info.\n\n";
    }

    std::string finding_row(const Finding& f) const {
        std::string component = escape(f.name);
        if (f.component != sbom::kNone) {
            const sbom::Document& doc = f.in_new ? *changes_.new_doc : *changes_.old_doc;
            const auto version = doc.components[f.component].version;
            if (!version.empty()) component += " " + escape(version);
        }
        if (f.path.size() > 1) {
            component += "<br>path: ";
            for (std::size_t i = 0; i < f.path.size(); ++i) {
                // A very deep path keeps its first two steps and its end.
                if (f.path.size() > kMaxPathSteps && i >= 2 && i < f.path.size() - (kMaxPathSteps - 3)) {
                    if (i == 2) component += " → …";
                    continue;
                }
                component += (i ? " → " : "") + escape(f.path[i]);
            }
        }
        std::string message = escape(f.message, kMaxMessageBytes);
        if (f.expected) message += "<br>*Expected:* " + escape(f.expected_reason, kMaxMessageBytes);
        return "| " + severity_cell(f) + " | `" + std::string(policy::rule_id(f.rule)) + "` | " + component + " | " + message + " |\n";
    }

    void build_changes() {
        if (changes_.changes.empty()) return;
        changes_heading_ = "### Changes\n\n";
        for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
            const auto kind = static_cast<ChangeKind>(k);
            Section& section = kinds_[k];
            section.title = kind_title(kind);
            section.collapsed = changes_.counts[k] > kCollapseAbove;
            section.table_header = is_edge(kind) ? "| From | To |\n| --- | --- |\n"
                                                 : "| Package | Ecosystem | Version | Detail |\n| --- | --- | --- | --- |\n";
        }
        for (const diff::Change& change : changes_.changes) kinds_[static_cast<std::size_t>(change.kind)].rows.push_back(change_row(change));
    }

    static bool is_edge(ChangeKind kind) { return kind == ChangeKind::EdgeAdded || kind == ChangeKind::EdgeRemoved; }

    std::string change_row(const diff::Change& change) const {
        if (is_edge(change.kind)) return "| " + escape(identity_label(change.from)) + " | " + escape(identity_label(change.to)) + " |\n";
        const sbom::Component* old_c = old_component(changes_, change);
        const sbom::Component* new_c = new_component(changes_, change);
        const sbom::Component& c = new_c ? *new_c : *old_c;
        std::string ecosystem = escape(c.ecosystem);
        if (const std::string_view variant = variant_of(c); !variant.empty()) ecosystem += " (" + escape(variant) + ")";
        std::string version = escape(c.version), detail;
        switch (change.kind) {
        case ChangeKind::Added:
            if (!change.reachable) {
                detail = "not reachable from the root";
            } else if (change.introduced_via.empty()) {
                detail = "direct dependency";
            } else {
                detail = "via ";
                for (std::size_t i = 0; i < change.introduced_via.size() && i < kMaxPathSteps; ++i) {
                    const sbom::Component& step = changes_.new_doc->components[change.introduced_via[i]];
                    detail += (i ? " → " : "") + escape(name_of(step)) + (step.version.empty() ? "" : "@" + escape(step.version));
                }
                if (change.introduced_via.size() > kMaxPathSteps) detail += " → …";
            }
            break;
        case ChangeKind::Removed: break;
        case ChangeKind::VersionChanged:
            version = escape(old_c->version) + " → " + escape(new_c->version);
            detail = std::string(diff::step_name(change.step)) + (change.direction == diff::Direction::Down ? ", **downgrade**" : "");
            break;
        case ChangeKind::HashChanged: detail = digest_change(change); break;
        case ChangeKind::HashWeakened:
            detail = escape(change.field) + ": " + escape(change.old_value) + " → " + escape(change.new_value);
            break;
        default:
            detail = escape(change.field) + ": " + (change.old_value.empty() ? "(none)" : escape(change.old_value)) + " → " +
                     (change.new_value.empty() ? "(none)" : escape(change.new_value));
            break;
        }
        if (options_.explain && old_c && new_c) detail += (detail.empty() ? "" : "; ") + std::string("matched by ") + std::string(diff::match_rule_name(change.match));
        return "| " + escape(name_of(c)) + " | " + ecosystem + " | " + version + " | " + detail + " |\n";
    }

    // The first algorithm both sides state whose digests differ, as the text report shows it.
    std::string digest_change(const diff::Change& change) const {
        const auto old_hashes = changes_.old_doc->hashes_of(*old_component(changes_, change));
        const auto new_hashes = changes_.new_doc->hashes_of(*new_component(changes_, change));
        for (const sbom::Hash& a : old_hashes)
            for (const sbom::Hash& b : new_hashes)
                if (a.algorithm == b.algorithm && a.digest != b.digest)
                    return std::string(sbom::hash_algorithm_name(a.algorithm)) + " " + short_digest(a.hex()) + " → " + short_digest(b.hex());
        return "digest changed";
    }

    // Sections in the order they are given room: findings above info, then the changes in
    // report order (so rows are dropped from the end), and info findings last, since the
    // changes tables already list what they are about.
    std::vector<Section*> by_priority() {
        std::vector<Section*> order{&main_findings_};
        for (Section& section : kinds_) order.push_back(&section);
        order.push_back(&info_findings_);
        return order;
    }

    void fit() {
        const std::size_t fixed = header_.size() + findings_heading_.size() + changes_heading_.size();
        std::size_t whole = fixed;
        for (const Section* section : by_priority()) {
            if (section->rows.empty()) continue;
            whole += section->open(section->rows.size()).size() + section->close().size();
            for (const std::string& row : section->rows) whole += row.size();
        }
        if (whole <= kMarkdownLimit) {
            for (Section* section : by_priority()) section->shown = section->rows.size();
            return;
        }
        // Rows are taken in priority order until one does not fit; nothing after it is taken,
        // so what is shown is always a prefix and the note can count the rest.
        std::size_t used = fixed + kNoteReserve;
        for (Section* section : by_priority()) {
            for (const std::string& row : section->rows) {
                const std::size_t cost = row.size() + (section->shown == 0 ? section->open_bound() + section->close().size() : 0);
                if (used + cost > kMarkdownLimit) return;
                used += cost;
                ++section->shown;
            }
        }
    }

    std::string assemble() const {
        std::string out = header_ + findings_heading_;
        for (const Section* section : {&main_findings_, &info_findings_}) append(out, *section);
        if (changes_shown() > 0) out += changes_heading_;
        for (const Section& section : kinds_) append(out, section);
        const std::size_t findings_left = main_findings_.rows.size() - main_findings_.shown + info_findings_.rows.size() - info_findings_.shown;
        const std::size_t changes_left = changes_.total() - changes_shown();
        if (findings_left || changes_left) {
            std::string what;
            if (findings_left) what = with_commas(findings_left) + (findings_left == 1 ? " more finding" : " more findings");
            if (changes_left) what += (what.empty() ? "" : " and ") + with_commas(changes_left) + (changes_left == 1 ? " more change" : " more changes");
            out += "*… and " + what + " not shown; see the JSON report (`--format json`).*\n";
        }
        return out;
    }

    static void append(std::string& out, const Section& section) {
        if (section.shown == 0) return;
        out += section.open(section.shown);
        for (std::size_t i = 0; i < section.shown; ++i) out += section.rows[i];
        out += section.close();
    }

    std::size_t changes_shown() const {
        std::size_t shown = 0;
        for (const Section& section : kinds_) shown += section.shown;
        return shown;
    }

    const diff::Changes& changes_;
    const Options& options_;
    std::string header_, findings_heading_, changes_heading_;
    Section main_findings_, info_findings_;
    std::array<Section, diff::kChangeKindCount> kinds_;
};

}  // namespace

void write_markdown(std::ostream& out, const diff::Changes& changes, const Options& options) {
    out << MarkdownWriter(changes, options).write();
}

}  // namespace bomwatch::report
