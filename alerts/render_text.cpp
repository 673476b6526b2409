#include "alerts/render_text.h"

#include <algorithm>
#include <cctype>

#include "sbom/text.h"

namespace bomwatch::alerts::text {

namespace {

using sbom::utf8_at;

constexpr std::size_t kMaxName = 200;       // characters of a package name
constexpr std::size_t kMaxVersion = 64;     // of a version
constexpr std::size_t kMaxEcosystem = 32;
constexpr std::size_t kMaxRule = 64;
constexpr std::size_t kMaxPathStep = 100;   // of one step of a path
constexpr std::size_t kMaxPathSteps = 8;    // longer paths keep their two ends

// The length of the (valid) UTF-8 sequence starting with `lead`.
std::size_t unit_length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

void backslash_if(std::string& out, std::string_view unit, std::string_view specials) {
    if (unit.size() == 1 && specials.find(unit[0]) != std::string_view::npos) out += '\\';
    out += unit;
}

std::string escape_all(std::string_view clean_text, std::size_t max_chars, EscapeOne one) { return escape_fit(clean_text, max_chars, one); }

}  // namespace

std::size_t chars(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string clean(std::string_view raw, std::size_t max_chars) {
    std::string out;
    out.reserve(std::min(raw.size(), std::size_t{4096}));
    std::size_t count = 0;
    for (std::size_t i = 0; i < raw.size();) {
        char32_t code_point = 0;
        std::size_t length = utf8_at(raw, i, code_point);
        std::string_view unit;
        std::string_view replacement;
        if (length == 0) {
            replacement = "?";
            length = 1;
        } else if (code_point == '\r' || code_point == '\n' || code_point == '\t' || code_point == 0x2028 || code_point == 0x2029) {
            replacement = " ";
        } else if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) || (code_point >= 0x202A && code_point <= 0x202E) ||
                   (code_point >= 0x2066 && code_point <= 0x2069)) {
            replacement = "?";
        } else {
            unit = raw.substr(i, length);
        }
        // Room for this character, and for '…' after it unless it is the last one.
        const bool last = i + length >= raw.size();
        if (count + 1 > max_chars || (!last && count + 2 > max_chars)) {
            if (count + 1 <= max_chars) out += kEllipsis;
            return out;
        }
        out += replacement.empty() ? unit : replacement;
        ++count;
        i += length;
    }
    return out;
}

std::string escape_fit(std::string_view clean_text, std::size_t max_chars, EscapeOne escape_one) {
    std::string out, unit_out;
    out.reserve(clean_text.size() + 16);
    std::size_t count = 0;
    for (std::size_t i = 0; i < clean_text.size();) {
        const std::size_t length = std::min(unit_length(static_cast<unsigned char>(clean_text[i])), clean_text.size() - i);
        unit_out.clear();
        escape_one(unit_out, clean_text.substr(i, length));
        const std::size_t unit_chars = chars(unit_out);
        const bool last = i + length == clean_text.size();
        // Room for this unit, and for '…' after it unless it is the last one.
        if (count + unit_chars + (last ? 0 : 1) > max_chars) {
            // Cut here: the units so far left room for the '…' (they were not the last).
            if (count + 1 <= max_chars) out += kEllipsis;
            return out;
        }
        out += unit_out;
        count += unit_chars;
        i += length;
    }
    return out;
}

std::string cut(std::string_view clean_text, std::size_t max_chars) {
    if (chars(clean_text) <= max_chars) return std::string(clean_text);
    return escape_fit(clean_text, max_chars, [](std::string& out, std::string_view unit) { out += unit; });
}

std::string cut_bytes(std::string_view clean_text, std::size_t max_bytes) {
    if (clean_text.size() <= max_bytes) return std::string(clean_text);
    if (max_bytes < kEllipsis.size()) return {};
    std::size_t end = max_bytes - kEllipsis.size();
    while (end > 0 && (static_cast<unsigned char>(clean_text[end]) & 0xC0) == 0x80) --end;  // not inside a sequence
    return std::string(clean_text.substr(0, end)) + std::string(kEllipsis);
}

void slack_mrkdwn_one(std::string& out, std::string_view unit) {
    if (unit == "&") out += "&amp;";
    else if (unit == "<") out += "&lt;";
    else if (unit == ">") out += "&gt;";
    else out += unit;
}

void teams_one(std::string& out, std::string_view unit) { backslash_if(out, unit, "\\*_~`[]()#>|"); }

void discord_one(std::string& out, std::string_view unit) {
    backslash_if(out, unit, "\\*_~`|>#-[]()<");
    if (unit == "@") out += kZeroWidthJoiner;
}

void mattermost_one(std::string& out, std::string_view unit) {
    if (unit == "&") out += "&amp;";
    else if (unit == "<") out += "&lt;";
    else if (unit == ">") out += "&gt;";
    else if (unit == "@") out.append("@").append(kZeroWidthJoiner);
    else backslash_if(out, unit, "\\*_~`|[]()");
}

void html_one(std::string& out, std::string_view unit) { slack_mrkdwn_one(out, unit); }

void chat_text_one(std::string& out, std::string_view unit) {
    if (unit == "<") out += "‹";
    else if (unit == ">") out += "›";
    else out += unit;
}

std::string slack_mrkdwn(std::string_view t, std::size_t max_chars) { return escape_all(t, max_chars, slack_mrkdwn_one); }
std::string teams_md(std::string_view t, std::size_t max_chars) { return escape_all(t, max_chars, teams_one); }
std::string discord_md(std::string_view t, std::size_t max_chars) { return escape_all(t, max_chars, discord_one); }
std::string mattermost_md(std::string_view t, std::size_t max_chars) { return escape_all(t, max_chars, mattermost_one); }
std::string html(std::string_view t, std::size_t max_chars) { return escape_all(t, max_chars, html_one); }
std::string chat_text(std::string_view t, std::size_t max_chars) { return escape_all(t, max_chars, chat_text_one); }

std::string findings_count(std::size_t n) { return with_commas(n) + (n == 1 ? " finding" : " findings"); }

std::string more_line(std::size_t n) { return "and " + with_commas(n) + (n == 1 ? " more finding" : " more findings"); }

std::string FindingText::what() const {
    std::string out = name;
    if (!ecosystem.empty()) out += " (" + ecosystem + ")";
    if (!versions.empty()) out += " " + versions;
    return out;
}

FindingText finding_text(const AlertFinding& f, std::size_t max_message) {
    FindingText t;
    t.severity = std::string(policy::severity_name(f.severity));
    t.SEVERITY = t.severity;
    for (char& c : t.SEVERITY) c = static_cast<char>(c - 'a' + 'A');
    t.rule = clean(f.rule, kMaxRule);
    t.name = clean(f.name, kMaxName);
    if (t.name.empty()) t.name = "(unnamed)";
    t.ecosystem = clean(f.ecosystem, kMaxEcosystem);
    const std::string old_version = clean(f.old_version, kMaxVersion), new_version = clean(f.new_version, kMaxVersion);
    if (!old_version.empty() && !new_version.empty()) t.versions = old_version == new_version ? new_version : old_version + std::string(kArrow) + new_version;
    else if (!new_version.empty()) t.versions = new_version + " (new)";
    else if (!old_version.empty()) t.versions = old_version + " (removed)";
    t.message = clean(f.message, max_message);
    for (std::size_t i = 0; i < f.path.size(); ++i) {
        // A deep path keeps its first two steps and its last ones.
        if (f.path.size() > kMaxPathSteps && i >= 2 && i < f.path.size() - (kMaxPathSteps - 3)) {
            if (i == 2) t.path += std::string(kArrow) + std::string(kEllipsis);
            continue;
        }
        t.path += (i ? std::string(kArrow) : std::string()) + clean(f.path[i], kMaxPathStep);
    }
    t.fingerprint = clean(f.fingerprint, 64);
    return t;
}

std::string counts_line(const Alert& alert) {
    std::string out;
    for (std::size_t i = policy::kSeverityCount; i-- > 0;) {
        if (!alert.counts[i]) continue;
        out += (out.empty() ? "" : ", ") + with_commas(alert.counts[i]) + " " + std::string(policy::severity_name(static_cast<policy::Severity>(i)));
    }
    return out;
}

policy::Severity worst(const Alert& alert) {
    for (std::size_t i = policy::kSeverityCount; i-- > 0;)
        if (alert.counts[i]) return static_cast<policy::Severity>(i);
    policy::Severity out = policy::Severity::Info;
    for (const AlertFinding& f : alert.findings) out = std::max(out, f.severity);
    return out;
}

}  // namespace bomwatch::alerts::text

namespace bomwatch::alerts::text {

std::string safe_url(std::string_view link, std::size_t max_chars) {
    const auto starts_with_ci = [&](std::string_view prefix) {
        if (link.size() < prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i)
            if (static_cast<char>(std::tolower(static_cast<unsigned char>(link[i]))) != prefix[i]) return false;
        return true;
    };
    if (!starts_with_ci("https://") && !starts_with_ci("http://")) return {};
    static constexpr std::string_view kEncode = "\"<>\\^`{|}()[]";
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : link) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7F || kEncode.find(c) != std::string_view::npos) {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    if (out.size() > max_chars) return {};
    return out;
}

std::string wrap_long_lines(std::string_view text, std::size_t max_bytes, std::string_view indent) {
    std::string out;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        bool first = true;
        while (true) {
            const std::size_t room = first ? max_bytes : max_bytes - indent.size();
            if (!first) out += indent;
            if (line.size() <= room) {
                out += line;
                break;
            }
            std::size_t end = room;
            while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;  // not inside a sequence
            if (const std::size_t space = line.rfind(' ', end); space != std::string_view::npos && space > room / 2) end = space;
            out += line.substr(0, end);
            out += '\n';
            line = line.substr(end);
            if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
            first = false;
        }
        if (newline != std::string_view::npos) out += '\n';
    }
    return out;
}

std::string_view severity_dot(policy::Severity severity) {
    switch (severity) {
    case policy::Severity::Critical: return "🔴";
    case policy::Severity::High: return "🟠";
    case policy::Severity::Medium: return "🟡";
    case policy::Severity::Low: return "🔵";
    case policy::Severity::Info: break;
    }
    return "⚪";
}

}  // namespace bomwatch::alerts::text
