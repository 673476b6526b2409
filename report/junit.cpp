// The JUnit XML report, for the test tabs of GitLab, Jenkins and other CI systems: one test suite
// "bomwatch" with a test case per rule (all of them, so the passing rules show too). A rule's case
// fails when it has unexpected findings at or above the --fail-on threshold; its other findings
// (below the threshold, expected, or all of them without a threshold) go to its <system-out>.
//
// A test case has at most one <failure> (Ant's junit.xsd, which GitLab and Jenkins follow; Jenkins
// reads only the first): it names the first failing finding and its text lists every one of them.
// So `failures` counts failing rules and never exceeds `tests`.
//
// SBOM text is untrusted: every string is escaped, and what XML 1.0 cannot hold (control
// characters, malformed UTF-8, U+FFFE/U+FFFF) is removed or replaced, so the file always parses.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace bomwatch::report {

namespace {

using policy::Finding;
using policy::Severity;

// The next code point of `text` at `at` (advanced past it), or U+FFFD for a malformed sequence
// (advanced by one byte).
char32_t next_code_point(std::string_view text, std::size_t& at) {
    constexpr char32_t kReplacement = 0xFFFD;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        ++at;
        return lead;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) length = 2, value = lead & 0x1F, minimum = 0x80;
    else if ((lead & 0xF0) == 0xE0) length = 3, value = lead & 0x0F, minimum = 0x800;
    else if ((lead & 0xF8) == 0xF0) length = 4, value = lead & 0x07, minimum = 0x10000;
    if (length == 0 || at + length > text.size()) {
        ++at;
        return kReplacement;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            ++at;
            return kReplacement;
        }
        value = (value << 6) | (byte(at + i) & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (value < minimum || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
        ++at;
        return kReplacement;
    }
    at += length;
    return value;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// XML 1.0's Char production, less CR (parsers turn it into LF anyway).
bool allowed_in_xml(char32_t cp) {
    return cp == 0x9 || cp == 0xA || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

enum class Context { Text, Attribute };

// Escapes `text` for element content or a double-quoted attribute value. In attributes, tabs and
// line breaks are written as character references, which attribute normalisation keeps.
std::string escape(std::string_view text, Context context) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const char32_t cp = next_code_point(text, at);
        if (!allowed_in_xml(cp)) continue;
        switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;  // also keeps "]]>" out of content
        case '"': out += context == Context::Attribute ? "&quot;" : "\""; break;
        case '\t': out += context == Context::Attribute ? "&#9;" : "\t"; break;
        case '\n': out += context == Context::Attribute ? "&#10;" : "\n"; break;
        default: append_utf8(out, cp);
        }
    }
    return out;
}

std::string attr(std::string_view text) { return escape(text, Context::Attribute); }
std::string text(std::string_view content) { return escape(content, Context::Text); }

// One finding as lines of text: severity, component, message, evidence and path from the root.
std::string finding_text(const Finding& f, std::string_view note) {
    std::string out(policy::severity_name(f.severity));
    out += "  " + f.name;
    if (!f.reference.empty() && f.reference != f.name) out += "  (" + f.reference + ")";
    if (!note.empty()) out += "  [" + std::string(note) + "]";
    out += "\n  " + f.message + "\n";
    if (!f.evidence.empty()) {
        out += "  evidence:";
        for (const policy::Evidence& e : f.evidence) out += " " + e.key + "=" + e.value + ";";
        out.back() = '\n';
    }
    if (!f.path.empty()) {
        out += "  path: ";
        for (std::size_t i = 0; i < f.path.size(); ++i) out += (i ? " → " : "") + f.path[i];
        out += "\n";
    }
    return out;
}

struct RuleCase {
    std::vector<const Finding*> failing;  // unexpected, at or above fail_on
    std::vector<const Finding*> passing;  // everything else
};

bool fails(const Finding& f, const std::optional<Severity>& fail_on) { return fail_on && !f.expected && f.severity >= *fail_on; }

std::string note_for(const Finding& f, const std::optional<Severity>& fail_on) {
    if (f.expected) return "expected: " + f.expected_reason;
    if (!fail_on) return "no fail-on threshold";
    return "below fail-on " + std::string(policy::severity_name(*fail_on));
}

void write_case(std::ostream& out, policy::Rule rule, const RuleCase& c, const diff::Changes& changes,
                const std::optional<Severity>& fail_on) {
    const std::string id(policy::rule_id(rule));
    out << "    <testcase classname=\"bomwatch." << attr(id) << "\" name=\"" << attr(id) << "\" time=\"0\"";
    if (c.failing.empty() && c.passing.empty()) {
        out << "/>\n";
        return;
    }
    out << ">\n";
    if (!c.failing.empty()) {
        Severity worst = c.failing.front()->severity;
        for (const Finding* f : c.failing) worst = std::max(worst, f->severity);
        std::string message = c.failing.front()->message;
        if (c.failing.size() > 1)
            message = std::to_string(c.failing.size()) + " findings at or above " + std::string(policy::severity_name(*fail_on)) +
                      ", the first: " + message;
        std::string body = "in " + changes.new_doc->source + " (compared with " + changes.old_doc->source + ")\n";
        for (const Finding* f : c.failing) {
            body += '\n';  // piece by piece: GCC 12 warns wrongly (-Wrestrict) on "literal" + std::string
            body += finding_text(*f, {});
        }
        out << "      <failure message=\"" << attr(message) << "\" type=\"" << policy::severity_name(worst) << "\">"
            << text(body) << "</failure>\n";
    }
    if (!c.passing.empty()) {
        std::string body;
        for (const Finding* f : c.passing) {
            if (!body.empty()) body += '\n';
            body += finding_text(*f, note_for(*f, fail_on));
        }
        out << "      <system-out>" << text(body) << "</system-out>\n";
    }
    out << "    </testcase>\n";
}

}  // namespace

void write_junit(std::ostream& out, const diff::Changes& changes, const Options& options) {
    static const policy::Findings kNoFindings;
    const policy::Findings& findings = options.findings ? *options.findings : kNoFindings;
    std::array<RuleCase, policy::kRuleCount> cases;
    for (const Finding& f : findings.items) {
        RuleCase& c = cases[static_cast<std::size_t>(f.rule)];
        (fails(f, options.fail_on) ? c.failing : c.passing).push_back(&f);
    }
    std::size_t failures = 0;
    for (const RuleCase& c : cases) failures += c.failing.empty() ? 0 : 1;
    const std::string counts = "tests=\"" + std::to_string(policy::kRuleCount) + "\" failures=\"" + std::to_string(failures) +
                               "\" errors=\"0\" skipped=\"0\" time=\"0\"";

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"bomwatch\" " << counts << ">\n";
    out << "  <testsuite name=\"bomwatch\" " << counts << ">\n";
    out << "    <properties>\n";
    out << "      <property name=\"old\" value=\"" << attr(changes.old_doc->source) << "\"/>\n";
    out << "      <property name=\"new\" value=\"" << attr(changes.new_doc->source) << "\"/>\n";
    out << "      <property name=\"fail-on\" value=\"" << (options.fail_on ? policy::severity_name(*options.fail_on) : "none") << "\"/>\n";
    out << "      <property name=\"ignored\" value=\"" << findings.ignored << "\"/>\n";
    out << "    </properties>\n";
    for (std::size_t i = 0; i < policy::kRuleCount; ++i)
        write_case(out, static_cast<policy::Rule>(i), cases[i], changes, options.fail_on);
    out << "  </testsuite>\n";
    out << "</testsuites>\n";
}

}  // namespace bomwatch::report
