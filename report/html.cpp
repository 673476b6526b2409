// The HTML report: one self-contained page that works offline and loads nothing (a CSP forbids
// it). The header, summary chart, findings and rule notes are plain HTML; the table of changes is
// a JSON block that the page's script renders, a page at a time, so a diff with tens of thousands
// of changes stays a small file and a usable page. Text from the SBOMs is untrusted: it is
// HTML-escaped in the markup, `<`, `>` and `&` are \u-escaped in the JSON block (no `</script>`
// can close it), the script only ever sets textContent, and no SBOM value becomes a link.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "report/describe.h"
#include "report/html_page.h"
#include "report/report.h"

namespace bomwatch::report {

namespace {

using diff::ChangeKind;
using policy::Severity;

// Info findings (routine updates and removals) can number in the tens of thousands on a large
// diff; past this many the list says how many it left out (the table has every change).
constexpr std::size_t kMaxInfoFindingsListed = 500;

// Escapes text for HTML element content and quoted attribute values. Control characters (which
// HTML forbids and a terminal copy-paste could carry) become U+FFFD.
std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (const char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) out += "\xef\xbf\xbd";
            else out += ch;
        }
    }
    return out;
}

// JSON that is safe inside <script type="application/json">: `<`, `>` and `&` only occur inside
// strings there, where \u003c and friends mean the same to JSON.parse but nothing to the HTML parser.
std::string script_safe_json(const nlohmann::json& value) {
    const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size() + 64);
    for (const char ch : text) {
        switch (ch) {
        case '<': out += "\\u003c"; break;
        case '>': out += "\\u003e"; break;
        case '&': out += "\\u0026"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string with_version(const std::string& name, std::string_view version, std::string_view separator) {
    return version.empty() ? name : name + std::string(separator) + std::string(version);
}

std::string root_label(const sbom::Document& doc) {
    const sbom::Component* root = doc.root_component();
    return root ? with_version(name_of(*root), root->version, " ") : std::string("(no root)");
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// The name, old version, new version and details columns of one change, as plain text.
struct Row {
    std::string ecosystem, name, old_version, new_version, details;
};

// The strongest evidence of a digest change: the first algorithm both sides state whose digests differ.
std::string digest_change(const diff::Changes& changes, const diff::Change& change) {
    const auto old_hashes = changes.old_doc->hashes_of(*old_component(changes, change));
    const auto new_hashes = changes.new_doc->hashes_of(*new_component(changes, change));
    for (const sbom::Hash& a : old_hashes)
        for (const sbom::Hash& b : new_hashes)
            if (a.algorithm == b.algorithm && a.digest != b.digest)
                return std::string(sbom::hash_algorithm_name(a.algorithm)) + " " + a.hex() + " → " + b.hex();
    return {};
}

// "checkout-web@2.3.1 → axios@1.14.1 → plain-crypto-js@4.2.1": from the root to the added component.
std::string path_from_root(const diff::Changes& changes, const diff::Change& change, const sbom::Component& added) {
    if (!change.reachable) return "not reachable from the root";
    const sbom::Document& doc = *changes.new_doc;
    std::string path;
    if (const sbom::Component* root = doc.root_component()) path = with_version(name_of(*root), root->version, "@") + " → ";
    for (const std::uint32_t node : change.introduced_via) {
        const sbom::Component& step = doc.components[node];
        path += with_version(name_of(step), step.version, "@") + " → ";
    }
    path += with_version(name_of(added), added.version, "@");
    return "path: " + path + (change.introduced_via.empty() ? " (direct dependency)" : "");
}

Row row_of(const diff::Changes& changes, const diff::Change& change, const Options& options) {
    Row row;
    if (change.kind == ChangeKind::EdgeAdded || change.kind == ChangeKind::EdgeRemoved) {
        row.name = identity_label(change.from) + " → " + identity_label(change.to);
        return row;
    }
    const sbom::Component* old_c = old_component(changes, change);
    const sbom::Component* new_c = new_component(changes, change);
    const sbom::Component& c = new_c ? *new_c : *old_c;
    row.ecosystem = c.ecosystem;
    if (const std::string_view variant = variant_of(c); !variant.empty()) row.ecosystem += " (" + std::string(variant) + ")";
    row.name = name_of(c);
    if (old_c) row.old_version = old_c->version;
    if (new_c) row.new_version = new_c->version;
    switch (change.kind) {
    case ChangeKind::Added: row.details = path_from_root(changes, change, c); break;
    case ChangeKind::VersionChanged:
        row.details = std::string(diff::step_name(change.step)) + (change.direction == diff::Direction::Down ? ", downgrade" : "");
        break;
    case ChangeKind::HashChanged: row.details = digest_change(changes, change); break;
    case ChangeKind::HashWeakened: row.details = std::string(change.old_value) + " → " + std::string(change.new_value); break;
    case ChangeKind::Removed: break;
    default:
        row.details = std::string(change.field) + ": " + std::string(change.old_value) + " → " + std::string(change.new_value);
        break;
    }
    if (options.explain && old_c && new_c) row.details += " [matched: " + std::string(diff::match_rule_name(change.match)) + "]";
    return row;
}

std::string_view severity_title(Severity severity) {
    switch (severity) {
    case Severity::Critical: return "Critical";
    case Severity::High: return "High";
    case Severity::Medium: return "Medium";
    case Severity::Low: return "Low";
    case Severity::Info: return "Info";
    }
    return "";
}

class HtmlWriter {
public:
    HtmlWriter(std::ostream& out, const diff::Changes& changes, const Options& options)
        : out_(out), changes_(changes), options_(options) {}

    void write() {
        const std::string title = root_label(*changes_.old_doc) + " → " + root_label(*changes_.new_doc);
        out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kHtmlContentSecurityPolicy << "\">\n"
             << "<meta name=\"referrer\" content=\"no-referrer\">\n"
             << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             << "<meta name=\"generator\" content=\"bomwatch\">\n"
             << "<title>bomwatch diff: " << escape(title) << "</title>\n<script>" << kHtmlErrorCapture << "</script>\n<style>"
             << kHtmlStyle << "</style>\n</head>\n<body>\n";
        write_header(title);
        out_ << "<main>\n";
        write_summary();
        if (options_.findings) write_findings(*options_.findings);
        write_changes_table();
        if (options_.findings) write_rules(*options_.findings);
        out_ << "</main>\n";
        write_data();
        out_ << "<script>" << kHtmlScript << "</script>\n</body>\n</html>\n";
    }

private:
    void write_header(const std::string& title) {
        out_ << "<header>\n<h1><span class=\"muted\">bomwatch diff:</span> " << escape(title) << "</h1>\n"
             << "<table class=\"documents\">\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">File</th><th scope=\"col\">Format</th>"
             << "<th scope=\"col\">Components</th><th scope=\"col\">Root</th></tr></thead>\n<tbody>\n";
        write_document_row("old", *changes_.old_doc);
        write_document_row("new", *changes_.new_doc);
        out_ << "</tbody>\n</table>\n</header>\n";
    }

    void write_document_row(std::string_view label, const sbom::Document& doc) {
        std::string format(sbom::format_name(doc.format));
        if (!doc.spec_version.empty()) format += " " + doc.spec_version;
        out_ << "<tr><th scope=\"row\">" << label << "</th><td><code>" << escape(doc.source) << "</code></td><td>"
             << escape(format) << "</td><td class=\"number\">" << doc.components.size() - (doc.root == sbom::kNone ? 0 : 1)
             << "</td><td>" << escape(root_label(doc)) << "</td></tr>\n";
    }

    void write_summary() {
        out_ << "<section id=\"summary\">\n<h2>Summary</h2>\n<p>";
        if (changes_.changes.empty()) {
            out_ << "<strong>No changes</strong>: " << plural(changes_.unchanged, "package matches", "packages match") << ".";
        } else {
            out_ << "<strong>" << plural(changes_.total(), "change", "changes") << "</strong>: ";
            bool first = true;
            for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
                if (!changes_.counts[k]) continue;
                std::string words(kind_title(static_cast<ChangeKind>(k)));
                words[0] = static_cast<char>(words[0] - 'A' + 'a');  // mid-sentence: "1 added, 2 version changed"
                out_ << (first ? "" : ", ") << changes_.counts[k] << " " << words;
                first = false;
            }
            out_ << "; " << changes_.unchanged << " unchanged.";
        }
        if (!changes_.edges_compared) out_ << " Dependency edges were not compared: a document states no dependency graph.";
        out_ << "</p>\n";
        if (options_.findings) out_ << "<p>" << findings_sentence(*options_.findings) << "</p>\n";
        out_ << "<div class=\"charts\">\n";
        write_kind_chart();
        if (options_.findings) write_severity_chart(*options_.findings);
        out_ << "</div>\n</section>\n";
    }

    static std::string findings_sentence(const policy::Findings& findings) {
        std::string parts;
        for (std::size_t i = policy::kSeverityCount; i-- > 0;) {
            if (!findings.unexpected_by_severity[i]) continue;
            parts += (parts.empty() ? "" : ", ") + std::to_string(findings.unexpected_by_severity[i]) + " " +
                     std::string(policy::severity_name(static_cast<Severity>(i)));
        }
        std::size_t expected = 0;
        for (const std::size_t n : findings.expected_by_severity) expected += n;
        std::string sentence = parts.empty() ? "<strong>No unexpected findings</strong>" : "<strong>Unexpected findings</strong>: " + parts;
        if (expected) sentence += "; " + std::to_string(expected) + " expected";
        if (findings.ignored) sentence += "; " + std::to_string(findings.ignored) + " ignored";
        return sentence + ".";
    }

    struct Bar {
        std::string label, css_class;
        std::size_t value = 0, extra = 0;  // extra: expected findings, drawn lighter after the value
    };

    // A horizontal bar chart: a label, a bar scaled to the largest value, and the number.
    void write_bar_chart(std::string_view id, std::string_view title, const std::vector<Bar>& bars) {
        constexpr int kLabelWidth = 240, kBarWidth = 260, kRowHeight = 26, kTop = 30;
        std::size_t largest = 1;
        for (const Bar& bar : bars) largest = std::max(largest, bar.value + bar.extra);
        const int height = kTop + static_cast<int>(std::max<std::size_t>(bars.size(), 1)) * kRowHeight + 6;
        std::string description;
        for (const Bar& bar : bars) {
            description += (description.empty() ? "" : ", ") + bar.label + ": " + std::to_string(bar.value);
            if (bar.extra) description += " (and " + std::to_string(bar.extra) + " expected)";
        }
        if (bars.empty()) description = "none";
        out_ << "<figure class=\"chart\">\n<svg id=\"" << id << "\" role=\"img\" aria-labelledby=\"" << id << "-title " << id
             << "-desc\" viewBox=\"0 0 " << kLabelWidth + kBarWidth + 70 << " " << height << "\" width=\""
             << kLabelWidth + kBarWidth + 70 << "\" height=\"" << height << "\" xmlns=\"http://www.w3.org/2000/svg\">\n"
             << "<title id=\"" << id << "-title\">" << escape(title) << "</title>\n<desc id=\"" << id << "-desc\">"
             << escape(description) << "</desc>\n<text class=\"chart-title\" x=\"0\" y=\"18\">" << escape(title) << "</text>\n";
        if (bars.empty()) out_ << "<text class=\"chart-label\" x=\"0\" y=\"" << kTop + 17 << "\">None</text>\n";
        int y = kTop;
        for (const Bar& bar : bars) {
            const auto scaled = [&](std::size_t n) { return n == 0 ? 0 : std::max<int>(2, static_cast<int>(n * kBarWidth / largest)); };
            const int width = scaled(bar.value), extra_width = scaled(bar.extra);
            out_ << "<g class=\"" << bar.css_class << "\"><title>" << escape(bar.label) << ": " << bar.value
                 << (bar.extra ? " (and " + std::to_string(bar.extra) + " expected)" : "") << "</title>"
                 << "<text class=\"chart-label\" x=\"0\" y=\"" << y + 17 << "\">" << escape(bar.label) << "</text>"
                 << "<rect class=\"bar\" x=\"" << kLabelWidth << "\" y=\"" << y + 4 << "\" width=\"" << width
                 << "\" height=\"" << kRowHeight - 8 << "\" rx=\"2\"/>";
            if (extra_width)
                out_ << "<rect class=\"bar expected\" x=\"" << kLabelWidth + width << "\" y=\"" << y + 4 << "\" width=\""
                     << extra_width << "\" height=\"" << kRowHeight - 8 << "\" rx=\"2\"/>";
            out_ << "<text class=\"chart-value\" x=\"" << kLabelWidth + width + extra_width + 6 << "\" y=\"" << y + 17 << "\">"
                 << bar.value << (bar.extra ? " +" + std::to_string(bar.extra) + " expected" : "") << "</text></g>\n";
            y += kRowHeight;
        }
        out_ << "</svg>\n</figure>\n";
    }

    void write_kind_chart() {
        std::vector<Bar> bars;
        for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
            if (!changes_.counts[k]) continue;
            const auto kind = static_cast<ChangeKind>(k);
            bars.push_back({std::string(kind_title(kind)), "kind-" + std::string(diff::change_kind_name(kind)), changes_.counts[k], 0});
        }
        write_bar_chart("chart-changes", "Changes by kind", bars);
    }

    void write_severity_chart(const policy::Findings& findings) {
        std::vector<Bar> bars;
        for (std::size_t i = policy::kSeverityCount; i-- > 0;) {
            const auto severity = static_cast<Severity>(i);
            bars.push_back({std::string(severity_title(severity)), "severity-" + std::string(policy::severity_name(severity)),
                            findings.unexpected_by_severity[i], findings.expected_by_severity[i]});
        }
        write_bar_chart("chart-findings", "Unexpected findings by severity", bars);
    }

    void write_findings(const policy::Findings& findings) {
        out_ << "<section id=\"findings\">\n<h2>Findings</h2>\n";
        if (findings.items.empty()) out_ << "<p>No findings.</p>\n";
        std::size_t at = 0;
        while (at < findings.items.size()) {
            const Severity severity = findings.items[at].severity;
            std::size_t end = at;
            while (end < findings.items.size() && findings.items[end].severity == severity) ++end;
            const std::string name(policy::severity_name(severity));
            const bool info = severity == Severity::Info;
            // Info findings fold away: on a large diff they are most of the list, and the table has them.
            out_ << "<details class=\"severity-group severity-" << name << "\" id=\"severity-" << name << "\""
                 << (info ? "" : " open") << ">\n<summary><h3>" << severity_title(severity) << " <span class=\"count\">("
                 << end - at << ")</span></h3></summary>\n<ul class=\"findings\">\n";
            const std::size_t listed = info ? std::min(end - at, kMaxInfoFindingsListed) : end - at;
            for (std::size_t i = at; i < at + listed; ++i) write_finding(findings.items[i]);
            out_ << "</ul>\n";
            if (listed < end - at)
                out_ << "<p class=\"muted\">and " << end - at - listed << " more info findings (routine updates and "
                     << "removals), not listed here; every change is in the table below.</p>\n";
            out_ << "</details>\n";
            at = end;
        }
        out_ << "</section>\n";
    }

    void write_finding(const policy::Finding& f) {
        const std::string severity(policy::severity_name(f.severity));
        const std::string rule(policy::rule_id(f.rule));
        out_ << "<li class=\"finding severity-" << severity << (f.expected ? " expected" : "") << "\">"
             << "<span class=\"badge\">" << severity << "</span> <a class=\"rule\" href=\"#rule-" << rule << "\"><code>" << rule
             << "</code></a> <span class=\"message\">" << escape(f.message) << "</span>";
        if (f.expected) {
            out_ << " <span class=\"expected-marker\">expected";
            if (!f.expected_reason.empty()) out_ << ": " << escape(f.expected_reason);
            out_ << "</span>";
        }
        out_ << "\n<div class=\"reference\"><code>" << escape(f.reference) << "</code></div>";
        if (f.path.size() > 1) {
            out_ << "<div class=\"path\">path: ";
            for (std::size_t i = 0; i < f.path.size(); ++i) out_ << (i ? " → " : "") << escape(f.path[i]);
            out_ << "</div>";
        }
        if (!f.evidence.empty()) {
            out_ << "<dl class=\"evidence\">";
            for (const policy::Evidence& e : f.evidence) {
                if (e.key == "path") continue;  // shown above
                out_ << "<div><dt>" << escape(e.key) << "</dt><dd>" << escape(e.value) << "</dd></div>";
            }
            out_ << "</dl>";
        }
        out_ << "</li>\n";
    }

    void write_changes_table() {
        out_ << "<section id=\"changes\">\n<h2>Changes <span class=\"count\">(" << changes_.total() << ")</span></h2>\n"
             << "<div class=\"controls\" role=\"search\">\n<label>Filter <input id=\"filter-text\" type=\"search\" "
             << "placeholder=\"name, version, path…\" autocomplete=\"off\"></label>\n<label>Kind <select id=\"filter-kind\">\n"
             << "<option value=\"\" data-count=\"" << changes_.total() << "\">All kinds (" << changes_.total() << ")</option>\n";
        for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
            if (!changes_.counts[k]) continue;
            out_ << "<option value=\"" << k << "\" data-count=\"" << changes_.counts[k] << "\">"
                 << kind_title(static_cast<ChangeKind>(k)) << " (" << changes_.counts[k] << ")</option>\n";
        }
        out_ << "</select></label>\n<span id=\"table-status\" class=\"muted\" aria-live=\"polite\"></span>\n</div>\n"
             << "<table id=\"changes-table\" class=\"changes\">\n<thead><tr>";
        constexpr std::string_view kColumns[] = {"Kind", "Ecosystem", "Name", "Old version", "New version", "Details"};
        for (std::size_t c = 0; c < std::size(kColumns); ++c)
            out_ << "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\" data-column=\"" << c << "\">" << kColumns[c]
                 << "</button></th>";
        out_ << "</tr></thead>\n<tbody></tbody>\n</table>\n"
             << "<noscript><p>The table of changes needs JavaScript; the JSON report (<code>--format json</code>) "
             << "has the same changes.</p></noscript>\n"
             << "<p class=\"more\"><button type=\"button\" id=\"show-more\" hidden>Show more</button> "
             << "<button type=\"button\" id=\"show-all\" hidden>Show all</button></p>\n</section>\n";
    }

    void write_rules(const policy::Findings& findings) {
        std::array<std::size_t, policy::kRuleCount> per_rule{};
        for (const policy::Finding& f : findings.items) ++per_rule[static_cast<std::size_t>(f.rule)];
        out_ << "<section id=\"rules\">\n<h2>Rules</h2>\n<p class=\"muted\">What each rule catches; the rules and their "
             << "severities are described in bomwatch's docs/rules.md.</p>\n<dl class=\"rules\">\n";
        for (std::size_t r = 0; r < policy::kRuleCount; ++r) {
            const auto rule = static_cast<policy::Rule>(r);
            out_ << "<div id=\"rule-" << policy::rule_id(rule) << "\"><dt><code>" << policy::rule_id(rule)
                 << "</code> <span class=\"badge severity-" << policy::severity_name(policy::default_severity(rule)) << "\">"
                 << policy::severity_name(policy::default_severity(rule)) << "</span>";
            if (per_rule[r]) out_ << " <span class=\"count\">" << plural(per_rule[r], "finding", "findings") << "</span>";
            out_ << "</dt><dd>" << escape(policy::rule_summary(rule)) << "</dd></div>\n";
        }
        out_ << "</dl>\n</section>\n";
    }

    // The table's rows as compact arrays: [kind, ecosystem, name, old version, new version, details].
    // Streamed row by row: a JSON DOM of every row would cost more memory than the diff itself.
    void write_data() {
        nlohmann::json kinds = nlohmann::json::array(), titles = nlohmann::json::array();
        for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
            kinds.push_back(diff::change_kind_name(static_cast<ChangeKind>(k)));
            titles.push_back(kind_title(static_cast<ChangeKind>(k)));
        }
        out_ << "<script type=\"application/json\" id=\"bomwatch-data\">{\"kinds\":" << script_safe_json(kinds)
             << ",\"titles\":" << script_safe_json(titles) << ",\"rows\":[";
        for (std::size_t i = 0; i < changes_.changes.size(); ++i) {
            const diff::Change& change = changes_.changes[i];
            Row row = row_of(changes_, change, options_);
            const nlohmann::json cells = {static_cast<int>(change.kind), std::move(row.ecosystem), std::move(row.name),
                                          std::move(row.old_version), std::move(row.new_version), std::move(row.details)};
            out_ << (i ? ",\n" : "\n") << script_safe_json(cells);
        }
        out_ << "]}</script>\n";
    }

    std::ostream& out_;
    const diff::Changes& changes_;
    const Options& options_;
};

}  // namespace

void write_html(std::ostream& out, const diff::Changes& changes, const Options& options) {
    HtmlWriter(out, changes, options).write();
}

}  // namespace bomwatch::report
