// The terminal report: where the two documents came from, a summary line, then the changes
// grouped by kind. Text from the SBOMs is untrusted: control characters are neutralised so a
// package name cannot move the cursor or recolour the terminal.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "report/describe.h"
#include "report/report.h"

namespace bomwatch::report {

namespace {

using diff::ChangeKind;

struct Style {
    bool on;
    std::string_view operator()(std::string_view code) const { return on ? code : std::string_view(); }
};
constexpr std::string_view kReset = "\x1b[0m", kBold = "\x1b[1m", kDim = "\x1b[2m", kRed = "\x1b[31m",
                           kGreen = "\x1b[32m", kYellow = "\x1b[33m", kMagenta = "\x1b[35m", kCyan = "\x1b[36m";

// Replaces C0/C1 control characters and DEL, which could drive the terminal, with '?'.
std::string clean(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            out += '?';
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            out += '?';  // U+0080..U+009F, the C1 controls (CSI among them)
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string_view kind_colour(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added: return kGreen;
    case ChangeKind::Removed: return kRed;
    case ChangeKind::VersionChanged: return kYellow;
    case ChangeKind::HashChanged:
    case ChangeKind::HashWeakened: return kMagenta;
    case ChangeKind::EdgeAdded:
    case ChangeKind::EdgeRemoved: return kDim;
    default: return kCyan;
    }
}

std::string_view kind_mark(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added:
    case ChangeKind::EdgeAdded: return "+";
    case ChangeKind::Removed:
    case ChangeKind::EdgeRemoved: return "-";
    case ChangeKind::HashChanged:
    case ChangeKind::HashWeakened: return "!";
    default: return "~";
    }
}

std::string short_digest(std::string_view hex) { return std::string(hex.substr(0, 12)) + (hex.size() > 12 ? "…" : ""); }

// "name version", or just the name when no version is stated.
std::string with_version(const std::string& name, std::string_view version, std::string_view separator = " ") {
    return version.empty() ? name : name + std::string(separator) + std::string(version);
}

void write_document_line(std::ostream& out, std::string_view label, const sbom::Document& doc, const Style& s) {
    out << s(kBold) << label << s(kReset) << clean(doc.source) << "  (" << sbom::format_name(doc.format);
    if (!doc.spec_version.empty()) out << " " << clean(doc.spec_version);
    out << ", " << doc.components.size() - (doc.root == sbom::kNone ? 0 : 1) << " components";
    if (const sbom::Component* root = doc.root_component()) {
        out << ", root " << clean(name_of(*root));
        if (!root->version.empty()) out << " " << clean(root->version);
    }
    out << ")\n";
}

class TextWriter {
public:
    TextWriter(std::ostream& out, const diff::Changes& changes, const Options& options)
        : out_(out), changes_(changes), options_(options), s_{options.color} {}

    void write() {
        write_document_line(out_, "old: ", *changes_.old_doc, s_);
        write_document_line(out_, "new: ", *changes_.new_doc, s_);
        write_summary();
        if (options_.findings) write_findings(*options_.findings);
        for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) write_group(static_cast<ChangeKind>(k));
        if (options_.tree) write_tree();
        if (options_.explain) write_matching();
    }

private:
    // Findings above info in full, most severe first; info findings (routine updates, removals)
    // only counted, since the changes below list them.
    void write_findings(const policy::Findings& findings) {
        std::size_t unexpected = 0, expected = 0;
        for (std::size_t n : findings.unexpected_by_severity) unexpected += n;
        for (std::size_t n : findings.expected_by_severity) expected += n;
        out_ << "\n" << s_(kBold) << (unexpected == 0 ? "No unexpected findings" : "Findings") << s_(kReset);
        std::string parts;
        for (std::size_t i = policy::kSeverityCount; i-- > 0;) {
            if (!findings.unexpected_by_severity[i]) continue;
            parts += (parts.empty() ? "" : ", ") + std::to_string(findings.unexpected_by_severity[i]) + " " +
                     std::string(policy::severity_name(static_cast<policy::Severity>(i)));
        }
        if (!parts.empty()) out_ << ": " << parts;
        if (expected) out_ << (parts.empty() ? ": " : "; ") << expected << " expected";
        if (findings.ignored) out_ << (parts.empty() && !expected ? ": " : "; ") << findings.ignored << " ignored";
        out_ << "\n";
        std::size_t info = 0;
        for (const policy::Finding& f : findings.items) {
            if (f.severity == policy::Severity::Info) {
                ++info;
                continue;
            }
            const std::string_view colour = f.expected ? kDim : severity_colour(f.severity);
            std::string severity(policy::severity_name(f.severity));
            for (char& c : severity) c = static_cast<char>(c - 'a' + 'A');
            severity.resize(9, ' ');
            out_ << "  " << s_(colour) << s_(kBold) << severity << s_(kReset) << s_(colour) << policy::rule_id(f.rule)
                 << s_(kReset) << "  " << clean(f.message);
            if (f.expected) out_ << s_(kDim) << "  (expected: " << clean(f.expected_reason) << ")" << s_(kReset);
            out_ << "\n";
            if (f.path.size() > 1) {
                out_ << s_(kDim) << "           path: ";
                for (std::size_t i = 0; i < f.path.size(); ++i) out_ << (i ? " → " : "") << clean(f.path[i]);
                out_ << s_(kReset) << "\n";
            }
        }
        if (info) out_ << s_(kDim) << "  and " << info << " info finding" << (info == 1 ? "" : "s") << " (routine updates and removals, listed below)" << s_(kReset) << "\n";
    }

    // --tree: the new packages where they hang, each added package's shortest path from the
    // root merged into one tree. Iterative, since a path may be as long as the document.
    void write_tree() {
        const sbom::Document& doc = *changes_.new_doc;
        constexpr std::uint32_t kTop = sbom::kNone;
        std::map<std::uint32_t, std::vector<std::uint32_t>> children;
        std::set<std::uint32_t> added;
        std::vector<std::string> unreachable;
        for (const diff::Change& change : changes_.changes) {
            if (change.kind != ChangeKind::Added) continue;
            const sbom::Component& c = *new_component(changes_, change);
            const auto index = static_cast<std::uint32_t>(&c - doc.components.data());
            if (!change.reachable) {
                unreachable.push_back(label_of(c));
                continue;
            }
            added.insert(index);
            std::uint32_t parent = kTop;
            for (std::uint32_t node : change.introduced_via) {
                children[parent].push_back(node);
                parent = node;
            }
            children[parent].push_back(index);
        }
        if (added.empty() && unreachable.empty()) return;
        const auto by_label = [&](std::uint32_t a, std::uint32_t b) {
            const std::string la = label_of(doc.components[a]), lb = label_of(doc.components[b]);
            return la != lb ? la < lb : a < b;
        };
        for (auto& [parent, list] : children) {
            std::sort(list.begin(), list.end(), by_label);
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
        out_ << "\n" << s_(kBold) << "Where the new packages hang" << s_(kReset) << "\n";
        out_ << "  " << (doc.root_component() ? clean(label_of(*doc.root_component())) : std::string("(the top of the graph)")) << "\n";
        struct Entry {
            std::uint32_t node;
            std::string prefix;
            bool last;
        };
        std::vector<Entry> stack;
        const auto push_children = [&](std::uint32_t parent, const std::string& prefix) {
            const auto found = children.find(parent);
            if (found == children.end()) return;
            for (std::size_t i = found->second.size(); i-- > 0;) stack.push_back({found->second[i], prefix, i + 1 == found->second.size()});
        };
        push_children(kTop, "  ");
        while (!stack.empty()) {
            const Entry entry = std::move(stack.back());
            stack.pop_back();
            const bool is_added = added.count(entry.node) > 0;
            out_ << entry.prefix << (entry.last ? "└─ " : "├─ ");
            if (is_added) out_ << s_(kGreen) << "+ " << clean(label_of(doc.components[entry.node])) << s_(kReset) << "\n";
            else out_ << clean(label_of(doc.components[entry.node])) << "\n";
            push_children(entry.node, entry.prefix + (entry.last ? "   " : "│  "));
        }
        if (!unreachable.empty()) {
            std::sort(unreachable.begin(), unreachable.end());
            out_ << s_(kDim) << "  not reachable from the root: ";
            for (std::size_t i = 0; i < unreachable.size(); ++i) out_ << (i ? ", " : "") << clean(unreachable[i]);
            out_ << s_(kReset) << "\n";
        }
    }

    static std::string label_of(const sbom::Component& c) {
        return c.version.empty() ? name_of(c) : name_of(c) + " " + std::string(c.version);
    }

    static std::string_view severity_colour(policy::Severity severity) {
        switch (severity) {
        case policy::Severity::Critical:
        case policy::Severity::High: return kRed;
        case policy::Severity::Medium: return kYellow;
        default: return kCyan;
        }
    }

    void write_summary() {
        out_ << "\n";
        if (changes_.changes.empty()) {
            out_ << s_(kBold) << "No changes" << s_(kReset) << ": " << changes_.unchanged << " packages match.\n";
            return;
        }
        std::string parts;
        for (std::size_t k = 0; k < diff::kChangeKindCount; ++k) {
            if (!changes_.counts[k]) continue;
            if (!parts.empty()) parts += ", ";
            parts += std::to_string(changes_.counts[k]);
            parts += ' ';
            parts += summary_words(static_cast<ChangeKind>(k), changes_.counts[k]);
        }
        out_ << s_(kBold) << changes_.changes.size() << (changes_.changes.size() == 1 ? " change" : " changes") << s_(kReset)
             << ": " << parts << "; " << changes_.unchanged << " unchanged.\n";
        if (!changes_.edges_compared)
            out_ << s_(kDim) << "(dependency edges not compared: a document states no dependency graph)" << s_(kReset) << "\n";
    }

    void write_group(ChangeKind kind) {
        const std::size_t count = changes_.count(kind);
        if (!count) return;
        out_ << "\n" << s_(kBold) << kind_title(kind) << " (" << count << ")" << s_(kReset) << "\n";
        std::vector<const diff::Change*> group;
        for (const diff::Change& change : changes_.changes)
            if (change.kind == kind) group.push_back(&change);
        // Grouped by ecosystem, with a line naming each, when a kind spans several.
        const auto ecosystem = [&](const diff::Change* change) -> std::string_view {
            if (kind == ChangeKind::EdgeAdded || kind == ChangeKind::EdgeRemoved) return {};
            const sbom::Component* c = new_component(changes_, *change);
            return (c ? c : old_component(changes_, *change))->ecosystem.view();
        };
        std::stable_sort(group.begin(), group.end(), [&](auto* a, auto* b) { return ecosystem(a) < ecosystem(b); });
        const bool several = !group.empty() && ecosystem(group.front()) != ecosystem(group.back());
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (several && (i == 0 || ecosystem(group[i]) != ecosystem(group[i - 1]))) {
                std::size_t n = 0;
                while (i + n < group.size() && ecosystem(group[i + n]) == ecosystem(group[i])) ++n;
                const std::string_view name = ecosystem(group[i]);
                out_ << s_(kDim) << " " << (name.empty() ? "without a purl" : clean(name)) << " (" << n << ")" << s_(kReset) << "\n";
            }
            write_change(*group[i]);
        }
    }

    void write_change(const diff::Change& change) {
        out_ << "  " << s_(kind_colour(change.kind)) << kind_mark(change.kind) << s_(kReset) << " ";
        if (change.kind == ChangeKind::EdgeAdded || change.kind == ChangeKind::EdgeRemoved) {
            out_ << clean(identity_label(change.from)) << " → " << clean(identity_label(change.to)) << "\n";
            return;
        }
        const sbom::Component* old_c = old_component(changes_, change);
        const sbom::Component* new_c = new_component(changes_, change);
        const sbom::Component& c = new_c ? *new_c : *old_c;
        out_ << s_(kBold) << clean(name_of(c)) << s_(kReset);
        if (!c.ecosystem.empty()) {
            const std::string_view variant = variant_of(c);
            out_ << s_(kDim) << " (" << clean(c.ecosystem) << (variant.empty() ? "" : ", ") << clean(variant) << ")" << s_(kReset);
        }
        std::string version;
        if (!c.version.empty()) version.append(" ").append(clean(c.version));
        switch (change.kind) {
        case ChangeKind::Added:
            out_ << version;
            if (!change.reachable) {
                out_ << s_(kDim) << "  not reachable from the root" << s_(kReset);
            } else if (change.introduced_via.empty()) {
                out_ << s_(kDim) << "  direct dependency" << s_(kReset);
            } else {
                out_ << s_(kDim) << "  via " << s_(kReset);
                for (std::size_t i = 0; i < change.introduced_via.size(); ++i) {
                    const sbom::Component& step = changes_.new_doc->components[change.introduced_via[i]];
                    out_ << (i ? " → " : "") << clean(with_version(name_of(step), step.version, "@"));
                }
            }
            break;
        case ChangeKind::Removed: out_ << version; break;
        case ChangeKind::VersionChanged:
            out_ << " " << clean(old_c->version) << " → " << clean(new_c->version) << s_(kDim) << "  ("
                 << diff::step_name(change.step) << (change.direction == diff::Direction::Down ? ", DOWNGRADE" : "") << ")"
                 << s_(kReset);
            break;
        case ChangeKind::HashChanged:
            out_ << version;
            write_digest_change(change);
            break;
        case ChangeKind::HashWeakened:
            out_ << version << "  " << clean(change.old_value) << " → " << clean(change.new_value);
            break;
        default:
            out_ << version << "  " << change.field << ": " << clean(change.old_value) << " → "
                 << clean(change.new_value);
            break;
        }
        if (options_.explain && old_c && new_c) out_ << s_(kDim) << "  [matched: " << diff::match_rule_name(change.match) << "]" << s_(kReset);
        out_ << "\n";
    }

    // The first algorithm both sides state whose digests differ.
    void write_digest_change(const diff::Change& change) {
        const auto& old_doc = *changes_.old_doc;
        const auto& new_doc = *changes_.new_doc;
        const auto old_hashes = old_doc.hashes_of(*old_component(changes_, change));
        const auto new_hashes = new_doc.hashes_of(*new_component(changes_, change));
        for (const sbom::Hash& a : old_hashes) {
            for (const sbom::Hash& b : new_hashes) {
                if (a.algorithm == b.algorithm && a.digest != b.digest) {
                    out_ << "  " << sbom::hash_algorithm_name(a.algorithm) << " " << short_digest(a.hex()) << " → "
                         << short_digest(b.hex());
                    return;
                }
            }
        }
    }

    void write_matching() {
        out_ << "\n" << s_(kBold) << "Matching" << s_(kReset) << ": " << changes_.matched << " old/new pairs";
        for (std::size_t r = 0; r < changes_.matched_by.size(); ++r)
            out_ << (r ? ", " : ": ") << changes_.matched_by[r] << " by " << diff::match_rule_name(static_cast<diff::MatchRule>(r));
        out_ << ".\n"
             << "  sameVersion: same identity (purl without version) and version; installLocation: same identity at the\n"
             << "  same install path; onlyCandidates: one version of the identity left on each side; nearestVersion:\n"
             << "  the versions left paired by the most shared leading release numbers.\n";
    }

    std::ostream& out_;
    const diff::Changes& changes_;
    const Options& options_;
    Style s_;
};

}  // namespace

void write_text(std::ostream& out, const diff::Changes& changes, const Options& options) {
    TextWriter(out, changes, options).write();
}

}  // namespace bomwatch::report
