// Reading .bomwatch.yml with yaml-cpp. Every value is checked where it is read, and every error
// names the file, the line and column (1-based) and the key path, so a typo never silently turns
// a rule off.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <set>
#include <sstream>

#include "policy/policy.h"

namespace bomwatch::policy {

namespace {

std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// `*` any run, `?` one character; iterative, with one backtrack point (linear-ish, no blow-up).
bool glob_matches(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p, ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

class Reader {
public:
    Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& problem) const {
        const YAML::Mark mark = node.Mark();
        std::ostringstream out;
        out << source_;
        if (mark.line >= 0) out << ":" << mark.line + 1 << ":" << mark.column + 1;
        out << ": " << (path.empty() ? "" : path + ": ") << problem;
        throw PolicyError(out.str());
    }

    std::string scalar(const YAML::Node& node, const std::string& path) const {
        if (!node.IsScalar()) fail(node, path, "must be a single value (text), not a list or a mapping");
        return node.Scalar();
    }

    // A mapping's entries, with unknown and repeated keys refused.
    std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& node, const std::string& path,
                                                            std::initializer_list<std::string_view> allowed) const {
        if (!node.IsMap()) fail(node, path, "must be a mapping (key: value lines)");
        std::vector<std::pair<std::string, YAML::Node>> out;
        std::set<std::string> seen;
        for (const auto& item : node) {
            const std::string key = scalar(item.first, path);
            const std::string where = path.empty() ? key : path + "." + key;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string known;
                for (std::string_view k : allowed) known += (known.empty() ? "" : ", ") + std::string(k);
                fail(item.first, path, "unknown key '" + key + "' (known: " + known + ")");
            }
            if (!seen.insert(key).second) fail(item.first, path, "'" + key + "' is given twice");
            out.emplace_back(key, item.second);
        }
        return out;
    }

    Rule rule(const YAML::Node& node, const std::string& path) const {
        const std::string id = scalar(node, path);
        if (auto rule = parse_rule(id)) return *rule;
        fail(node, path, "'" + id + "' is not a rule id (see docs/rules.md)");
    }

    Severity severity(const YAML::Node& node, const std::string& path) const {
        const std::string name = scalar(node, path);
        if (auto severity = parse_severity(name)) return *severity;
        fail(node, path, "'" + name + "' is not a severity (info, low, medium, high, critical)");
    }

    PurlPattern purl(const YAML::Node& node, const std::string& path) const {
        const std::string text = scalar(node, path);
        if (!text.starts_with("pkg:") || text.size() < 5)
            fail(node, path, "'" + text + "' is not a purl pattern (pkg:TYPE/NAMESPACE/NAME, with * and ? as wildcards)");
        // The '@' of an npm scope follows a '/'; any other '@' starts a version.
        const std::string_view rest = std::string_view(text).substr(4);
        const auto at = rest.rfind('@');
        if (at != std::string_view::npos && at > 0 && rest[at - 1] != '/')
            fail(node, path, "'" + text + "' has a version: give it without one, and the range in 'version'");
        return PurlPattern(text);
    }

    std::string date(const YAML::Node& node, const std::string& path) const {
        const std::string text = scalar(node, path);
        std::tm tm{};
        std::istringstream in(text);
        in >> std::get_time(&tm, "%Y-%m-%d");
        const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
        if (!shape || in.fail() || in.peek() != EOF) fail(node, path, "'" + text + "' is not a date (YYYY-MM-DD)");
        // get_time accepts 2026-02-31: round-trip through mktime to refuse it.
        std::tm check = tm;
        check.tm_isdst = -1;
        std::mktime(&check);
        if (check.tm_mday != tm.tm_mday || check.tm_mon != tm.tm_mon) fail(node, path, "'" + text + "' is not a day of the calendar");
        return text;
    }

    Policy read(const YAML::Node& root) const {
        Policy policy;
        policy.source = source_;
        if (!root || root.IsNull()) return policy;  // an empty file: the defaults
        for (const auto& [key, value] : entries(root, "", {"version", "fail-on", "severity", "ignore", "expected", "alerts"})) {
            if (key == "version") {
                if (scalar(value, key) != "1") fail(value, key, "'" + value.Scalar() + "' is not a policy file version this bomwatch reads (1)");
            } else if (key == "fail-on") {
                if (scalar(value, key) == "none") policy.fail_on_none = true;
                else policy.fail_on = severity(value, key);
            } else if (key == "severity") {
                if (value.IsNull()) continue;
                if (!value.IsMap()) fail(value, key, "must map rule ids to severities");
                for (const auto& item : value) {
                    const Rule r = rule(item.first, key);
                    auto& slot = policy.severity[static_cast<std::size_t>(r)];
                    if (slot) fail(item.first, key, "'" + item.first.Scalar() + "' is given twice");
                    slot = severity(item.second, key + "." + item.first.Scalar());
                }
            } else if (key == "ignore") {
                read_list(value, key, [&](const YAML::Node& item, const std::string& path) { policy.ignore.push_back(ignore_entry(item, path)); });
            } else if (key == "alerts") {
                read_list(value, key, [&](const YAML::Node& item, const std::string& path) {
                    AlertSinkEntry entry = alert_entry(item, path);
                    for (const AlertSinkEntry& earlier : policy.alerts)
                        if (earlier.name == entry.name)
                            fail(item, path, "two sinks are named '" + entry.name + "' (line " + std::to_string(earlier.line) +
                                                 "); give each a 'name'");
                    policy.alerts.push_back(std::move(entry));
                });
            } else {
                read_list(value, key, [&](const YAML::Node& item, const std::string& path) { policy.expected.push_back(expected_entry(item, path)); });
            }
        }
        return policy;
    }

    template <typename Read>
    void read_list(const YAML::Node& node, const std::string& path, Read read) const {
        if (node.IsNull()) return;
        if (!node.IsSequence()) fail(node, path, "must be a list (lines starting with '- ')");
        for (std::size_t i = 0; i < node.size(); ++i) read(node[i], path + "[" + std::to_string(i + 1) + "]");
    }

    IgnoreEntry ignore_entry(const YAML::Node& node, const std::string& path) const {
        IgnoreEntry entry;
        entry.line = node.Mark().line + 1;
        for (const auto& [key, value] : entries(node, path, {"rule", "purl", "reason"})) {
            const std::string where = path + "." + key;
            if (key == "rule") entry.rule = rule(value, where);
            else if (key == "purl") entry.purl = purl(value, where);
            else entry.reason = scalar(value, where);
        }
        if (!entry.rule && !entry.purl) fail(node, path, "an ignore entry needs a 'rule', a 'purl' or both");
        return entry;
    }

    // A secret reference: the value is never repeated in a message, since it may be the secret.
    std::string reference(const YAML::Node& node, const std::string& path, std::string_view what) const {
        const std::string text = scalar(node, path);
        if (!is_secret_reference(text))
            fail(node, path, std::string(what) + " is a secret and this file is usually committed: put it in an environment "
                             "variable and write env:NAME, or in a file only you can read and write file:PATH");
        return text;
    }

    std::vector<std::string> texts(const YAML::Node& node, const std::string& path) const {
        std::vector<std::string> out;
        if (node.IsScalar()) out.push_back(scalar(node, path));
        else if (node.IsSequence())
            for (std::size_t i = 0; i < node.size(); ++i) out.push_back(scalar(node[i], path + "[" + std::to_string(i + 1) + "]"));
        else fail(node, path, "must be a value or a list of them");
        return out;
    }

    AlertSinkEntry alert_entry(const YAML::Node& node, const std::string& path) const {
        AlertSinkEntry entry;
        entry.line = node.Mark().line + 1;
        std::optional<YAML::Node> target, tls;
        for (const auto& [key, value] : entries(node, path, {"name", "kind", "target", "min-severity", "projects", "secret", "signing",
                                                             "routing-key", "from", "to", "username", "password", "tls"})) {
            const std::string where = path + "." + key;
            if (key == "name") entry.name = scalar(value, where);
            else if (key == "kind") {
                entry.kind = scalar(value, where);
                if (std::find(kAlertSinkKinds.begin(), kAlertSinkKinds.end(), entry.kind) == kAlertSinkKinds.end())
                    fail(value, where, "'" + entry.kind + "' is not a sink kind (slack, teams, discord, mattermost, googlechat, "
                                                          "webhook, pagerduty, email)");
            } else if (key == "target") target = value;
            else if (key == "min-severity") entry.min_severity = severity(value, where);
            else if (key == "projects") entry.projects = texts(value, where);
            else if (key == "secret") entry.secret = reference(value, where, "an HMAC key");
            else if (key == "signing") {
                entry.signing = scalar(value, where);
                if (entry.signing != "github" && entry.signing != "standard-webhooks")
                    fail(value, where, "'" + entry.signing + "' is not a signing style (github, standard-webhooks)");
            } else if (key == "routing-key") entry.routing_key = reference(value, where, "a PagerDuty routing key");
            else if (key == "from") entry.from = scalar(value, where);
            else if (key == "to") entry.to = texts(value, where);
            else if (key == "username") entry.username = reference(value, where, "an SMTP user name");
            else if (key == "password") entry.password = reference(value, where, "an SMTP password");
            else tls = value;
        }
        if (entry.kind.empty()) fail(node, path, "an alert sink needs a 'kind' (slack, teams, discord, mattermost, googlechat, webhook, pagerduty, email)");
        if (entry.name.empty()) entry.name = entry.kind;
        const auto refuse = [&](bool given, const char* key, const char* kinds) {
            if (given) fail(node, path, std::string("'") + key + "' is for " + kinds + " sinks only");
        };
        refuse(entry.kind != "webhook" && (!entry.secret.empty() || !entry.signing.empty()), "secret' or 'signing", "webhook");
        if (entry.kind == "webhook") {
            if (!entry.signing.empty() && entry.secret.empty()) fail(node, path, "'signing' needs a 'secret' (the HMAC key)");
            if (entry.signing.empty()) entry.signing = "github";
        }
        refuse(entry.kind != "pagerduty" && !entry.routing_key.empty(), "routing-key", "pagerduty");
        const bool email = entry.kind == "email";
        refuse(!email && (!entry.from.empty() || !entry.to.empty() || !entry.username.empty() || !entry.password.empty() || tls),
               "from', 'to', 'username', 'password' or 'tls", "email");
        if (target) {
            const std::string where = path + ".target";
            if (email || entry.kind == "pagerduty") {
                entry.target = scalar(*target, where);  // a mail server or PagerDuty's public events URL: not secrets
                // ... unless it carries a user name and password (smtp://user:pass@host): refused,
                // and never repeated. Any '@' between "://" and the next '/' is a userinfo part.
                if (const std::size_t scheme_end = entry.target.find("://"); scheme_end != std::string::npos) {
                    const std::size_t authority = scheme_end + 3;
                    const std::size_t authority_end = entry.target.find('/', authority);
                    if (entry.target.substr(authority, authority_end == std::string::npos ? std::string::npos : authority_end - authority)
                            .find('@') != std::string::npos)
                        fail(*target, where,
                             email ? "credentials do not belong in the URL: use 'username' and 'password' (env:NAME or file:PATH)"
                                   : "credentials do not belong in the URL: the PagerDuty events URL takes none; the key is "
                                     "'routing-key' (env:NAME or file:PATH)");
                }
                if (email && !entry.target.starts_with("smtp://") && !entry.target.starts_with("smtps://"))
                    fail(*target, where, "an email target is the mail server, smtp://HOST:587 (STARTTLS) or smtps://HOST:465");
            } else {
                entry.target = reference(*target, where, "a webhook URL");
            }
        }
        if (entry.target.empty() && entry.kind != "pagerduty")
            fail(node, path, "an alert sink needs a 'target' (" + std::string(email ? "smtp://HOST:587" : "env:NAME or file:PATH") + ")");
        if (entry.kind == "pagerduty" && entry.routing_key.empty()) fail(node, path, "a pagerduty sink needs a 'routing-key' (env:NAME or file:PATH)");
        if (email) {
            if (entry.from.empty() || entry.to.empty()) fail(node, path, "an email sink needs 'from' and 'to'");
            if (entry.username.empty() != entry.password.empty()) fail(node, path, "give both 'username' and 'password', or neither");
            if (tls) {
                const std::string mode = scalar(*tls, path + ".tls");
                if (mode != "starttls" && mode != "none") fail(*tls, path + ".tls", "'" + mode + "' is not starttls or none");
                entry.plaintext = mode == "none";
            }
        }
        return entry;
    }

    ExpectedEntry expected_entry(const YAML::Node& node, const std::string& path) const {
        ExpectedEntry entry;
        entry.line = node.Mark().line + 1;
        bool has_purl = false;
        std::optional<YAML::Node> version;
        for (const auto& [key, value] : entries(node, path, {"purl", "version", "rules", "reason", "expires"})) {
            const std::string where = path + "." + key;
            if (key == "purl") {
                entry.purl = purl(value, where);
                has_purl = true;
            } else if (key == "version") {
                version = value;
            } else if (key == "rules") {
                if (value.IsScalar()) entry.rules.push_back(rule(value, where));
                else if (value.IsSequence())
                    for (std::size_t i = 0; i < value.size(); ++i) entry.rules.push_back(rule(value[i], where + "[" + std::to_string(i + 1) + "]"));
                else fail(value, where, "must be a rule id or a list of them");
            } else if (key == "reason") {
                entry.reason = scalar(value, where);
            } else {
                entry.expires = date(value, where);
            }
        }
        if (!has_purl) fail(node, path, "an expected entry needs a 'purl'");
        if (entry.reason.empty()) fail(node, path, "an expected entry needs a 'reason' (why the change is expected)");
        if (version) {
            const std::string where = path + ".version";
            const std::string text = scalar(*version, where);
            const std::string type = entry.purl.purl_type();
            if (type.empty() && !text.starts_with("vers:"))
                fail(*version, where, "the purl's type is a wildcard, so the range must be a 'vers:' range");
            try {
                entry.version = VersionRange::parse(type, text);
            } catch (const std::invalid_argument& e) {
                fail(*version, where, e.what());
            }
        }
        return entry;
    }

private:
    std::string source_;
};

}  // namespace

PurlPattern::PurlPattern(std::string text) : text_(percent_decoded(text)) {}

bool is_secret_reference(std::string_view text) {
    return (text.starts_with("env:") && text.size() > 4) || (text.starts_with("file:") && text.size() > 5);
}

bool AlertSinkEntry::covers(std::string_view project) const {
    return projects.empty() || std::any_of(projects.begin(), projects.end(), [&](const std::string& p) { return glob_matches(p, project); });
}

bool PurlPattern::matches(std::string_view purl_without_version) const {
    if (purl_without_version.find('%') == std::string_view::npos) return glob_matches(text_, purl_without_version);
    return glob_matches(text_, percent_decoded(purl_without_version));
}

std::string PurlPattern::purl_type() const {
    const std::string_view rest = std::string_view(text_).substr(4);
    const std::string_view type = rest.substr(0, rest.find('/'));
    return type.find_first_of("*?") == std::string_view::npos ? std::string(type) : std::string();
}

std::string_view purl_without_version(std::string_view purl) {
    purl = purl.substr(0, purl.find_first_of("?#"));
    const auto slash = purl.rfind('/');
    const auto at = purl.rfind('@');
    if (at != std::string_view::npos && (slash == std::string_view::npos || at > slash)) purl = purl.substr(0, at);
    return purl;
}

Policy parse_policy(const std::string& text, const std::string& source) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        std::ostringstream out;
        out << source;
        if (e.mark.line >= 0) out << ":" << e.mark.line + 1 << ":" << e.mark.column + 1;
        out << ": not valid YAML: " << e.msg;
        throw PolicyError(out.str());
    }
    return Reader(source).read(root);
}

Policy load_policy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw PolicyError(path + ": cannot open the policy file: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw PolicyError(path + ": cannot read the policy file");
    return parse_policy(text.str(), path);
}

std::string find_policy_file() {
    for (const char* name : {".bomwatch.yml", ".bomwatch.yaml"})
        if (std::filesystem::is_regular_file(name)) return name;
    return {};
}

std::string starter_policy() {
    return R"yaml(# bomwatch policy: how `bomwatch diff` judges the changes between two SBOMs.
# Every key is optional; without this file every rule keeps its default severity.
# The rules, their ids and default severities: docs/rules.md.
version: 1

# Exit with 1 when an unexpected finding is at or above this severity:
# info, low, medium, high, critical, or none. `--fail-on` on the command line wins.
fail-on: high

# Severity per rule id, replacing the default.
severity:
  # major-update: medium
  # version-update: info

# Findings to drop: by rule, by purl pattern (* and ? are wildcards), or both.
ignore:
  # - rule: version-update
  #   reason: routine updates are not news
  # - rule: license-changed
  #   purl: pkg:npm/@types/*
  #   reason: type definitions are not shipped

# Where `bomwatch check` sends alerts about unexpected findings (docs/alerts.md). Webhook URLs and
# keys are secrets: give them as env:NAME or file:PATH, never in this file.
alerts:
  # - kind: slack                      # slack, teams, discord, mattermost, googlechat, webhook, pagerduty, email
  #   target: env:SLACK_WEBHOOK_URL
  #   min-severity: high               # findings below it are not sent (default high)
  #   projects: ["checkout-*"]         # default: every project

# Changes that are planned: a finding about a component these entries cover is marked
# expected and does not fail the build. `version` is a range in the ecosystem's own syntax
# (npm "^18.2.0", pypi ">=2,<3", maven "[1.0,2.0)") or a vers: range. After `expires`
# (YYYY-MM-DD) an entry stops covering, and findings say so. An entry covers every rule but
# integrity-drift, known-malicious, known-vulnerable and name-confusion unless it lists them
# in `rules`. `bomwatch accept OLD NEW --reason "..."` appends entries for a diff's findings.
expected:
  # - purl: pkg:npm/react
  #   version: ^18.2.0
  #   reason: React 18 upgrade (PLAT-1234)
  #   expires: 2027-01-31
)yaml";
}

namespace {

// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
std::string yaml_quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (u < 0x20 || u == 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", u);
            out += escape;
        } else out += c;
    }
    return out + "\"";
}

std::string entry_text(const NewExpectedEntry& e, std::size_t indent) {
    const std::string pad(indent, ' ');
    std::string out = pad + "- purl: " + yaml_quoted(e.purl) + "\n";
    out += pad + "  version: " + yaml_quoted(e.version) + "\n";
    if (!e.rules.empty()) {
        out += pad + "  rules: [";
        for (std::size_t i = 0; i < e.rules.size(); ++i) out += (i ? ", " : "") + std::string(rule_id(e.rules[i]));
        out += "]\n";
    }
    out += pad + "  reason: " + yaml_quoted(e.reason) + "\n";
    if (!e.expires.empty()) out += pad + "  expires: " + e.expires + "\n";
    return out;
}

// Offset of the start of 0-based line `line` in text (text.size() past the end).
std::size_t line_offset(const std::string& text, int line) {
    std::size_t at = 0;
    for (int i = 0; i < line && at < text.size(); ++i) {
        const auto nl = text.find('\n', at);
        if (nl == std::string::npos) return text.size();
        at = nl + 1;
    }
    return at;
}

}  // namespace

std::string with_expected_entries(const std::string& text, const std::string& source, const std::vector<NewExpectedEntry>& entries) {
    parse_policy(text, source);  // refuses what is not a policy, with the usual message
    std::string out = text;
    if (!out.empty() && out.back() != '\n') out += '\n';
    const YAML::Node root = out.empty() ? YAML::Node() : YAML::Load(out);

    // Where the `expected` list ends: the line of the top-level key after it, else the end.
    bool found = false;
    int next_key_line = -1;
    std::size_t indent = 2;
    YAML::Node list;
    if (root.IsMap()) {
        for (const auto& item : root) {
            if (found) {
                next_key_line = item.first.Mark().line;
                break;
            }
            if (item.first.Scalar() == "expected") {
                found = true;
                list = item.second;
            }
        }
    }
    std::string block;
    if (found && list.IsSequence() && list.size() > 0) {
        // Items keep the column the file's items have ("- " sits two before an item's first key).
        indent = static_cast<std::size_t>(std::max(0, list[0].Mark().column - 2));
    }
    for (const NewExpectedEntry& e : entries) block += entry_text(e, indent);

    if (!found) {
        if (root.IsMap() || out.empty()) out += (out.empty() ? "version: 1\n" : "\n") + std::string("expected:\n") + block;
        else out += "expected:\n" + block;  // an empty document or only comments
    } else {
        if (list.IsSequence() && list.Style() == YAML::EmitterStyle::Flow) {
            if (list.size() > 0) throw PolicyError(source + ":" + std::to_string(list.Mark().line + 1) +
                                                   ": expected: write the list in block style ('- ' lines) so entries can be added");
            // "expected: []": drop the brackets, the entries follow as a block.
            const std::size_t start = line_offset(out, list.Mark().line) + list.Mark().column;
            const std::size_t close = out.find(']', start);
            out.erase(start, close - start + 1);
        }
        const std::size_t at = next_key_line < 0 ? out.size() : line_offset(out, next_key_line);
        // Comment lines just above the next key belong to it: insert before them.
        std::size_t insert = at;
        while (insert > 0) {
            const std::size_t prev_start = out.rfind('\n', insert >= 2 ? insert - 2 : 0);
            const std::size_t line_start = prev_start == std::string::npos ? 0 : prev_start + 1;
            const std::string_view line = std::string_view(out).substr(line_start, insert - line_start);
            const auto first = line.find_first_not_of(" \t");
            if (first == std::string_view::npos || line[first] != '#' || next_key_line < 0 || line_start == 0) break;
            insert = line_start;
        }
        out.insert(insert, block);
    }
    parse_policy(out, source);  // what we wrote must read back
    return out;
}

}  // namespace bomwatch::policy
