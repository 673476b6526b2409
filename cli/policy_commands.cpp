// `bomwatch init` (a starter policy file) and `bomwatch accept` (today's unexpected findings
// become expected entries).
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/judged_diff.h"
#include "cli/output.h"
#include "diff/components.h"
#include "policy/judge.h"

namespace bomwatch::cli {

namespace {

struct InitOptions {
    std::string path = ".bomwatch.yml";
    bool force = false;
};

int run_init(const InitOptions& o) {
    if (!o.force && std::filesystem::exists(o.path))
        throw CLI::ValidationError(o.path + " exists already (--force replaces it)");
    write_output(o.path, policy::starter_policy());
    std::fprintf(stderr, "bomwatch: wrote %s\n", o.path.c_str());
    return kExitOk;
}

struct AcceptOptions {
    JudgeArgs judge;
    std::string reason;
    int days = 90;
    std::string expires;
};

std::string days_from_today(int days) {
    std::time_t when = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return text;
}

std::string read_file_or_empty(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A version as one vers constraint: what could be read as syntax (| < > = ! * , space, %) is
// percent-encoded, which the vers reader decodes after splitting.
std::string vers_escaped(std::string_view version) {
    std::string out;
    for (const char c : version) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '.' || c == '-' || c == '_' ||
            c == '~' || c == '+') {
            out += c;
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", u);
            out += escaped;
        }
    }
    return out;
}

int run_accept(AcceptOptions& o) {
    if (!o.expires.empty()) {
        // Checked as the policy file will check it, and refused when already past.
        policy::parse_policy("expected:\n  - purl: pkg:generic/x\n    reason: r\n    expires: \"" + o.expires + "\"\n", "--expires");
        if (o.expires < policy::today_utc()) throw CLI::ValidationError("--expires " + o.expires + " is in the past");
    }
    if (o.judge.rules.no_policy) throw CLI::ValidationError("accept writes to the policy file: --no-policy makes no sense here");
    std::string path = !o.judge.rules.policy_path.empty() ? o.judge.rules.policy_path : policy::find_policy_file();
    if (path.empty()) path = ".bomwatch.yml";
    o.judge.rules.policy_path = std::filesystem::exists(path) ? path : std::string();
    if (o.judge.rules.policy_path.empty()) o.judge.rules.no_policy = true;
    const JudgedDiff judged = judged_diff(o.judge);

    // One entry per component and version, for the rules that found something unexpected in it.
    std::map<std::pair<std::string, std::string>, policy::NewExpectedEntry> entries;
    std::size_t without_purl = 0, without_version = 0;
    for (const policy::Finding& f : judged.findings.items) {
        if (f.expected) continue;
        const sbom::Component& c = judged.docs[f.in_new ? 1 : 0].components[f.component];
        if (c.purl.empty()) {
            ++without_purl;
            continue;
        }
        if (c.version.empty()) {
            ++without_version;  // an entry without a version would cover every version
            continue;
        }
        const std::string purl(policy::purl_without_version(c.purl));
        auto [it, inserted] = entries.try_emplace({purl, std::string(c.version)});
        policy::NewExpectedEntry& e = it->second;
        if (inserted) {
            e.purl = purl;
            e.version = "vers:" + std::string(c.ecosystem) + "/" + vers_escaped(c.version);
            e.reason = o.reason;
            e.expires = o.expires.empty() ? days_from_today(o.days) : o.expires;
        }
        if (std::find(e.rules.begin(), e.rules.end(), f.rule) == e.rules.end()) e.rules.push_back(f.rule);
    }
    if (without_version) std::fprintf(stderr, "bomwatch: warning: %zu findings are about components without a version; an entry would cover every version, so none is added\n", without_version);
    if (without_purl) std::fprintf(stderr, "bomwatch: warning: %zu findings are about components without a purl; a policy entry cannot name them\n", without_purl);
    if (entries.empty()) {
        std::fprintf(stderr, "bomwatch: nothing to accept: no unexpected findings\n");
        return kExitOk;
    }
    std::vector<policy::NewExpectedEntry> list;
    for (auto& [key, entry] : entries) {
        std::sort(entry.rules.begin(), entry.rules.end());
        list.push_back(std::move(entry));
    }
    write_output(path, policy::with_expected_entries(read_file_or_empty(path), path, list));
    std::fprintf(stderr, "bomwatch: added %zu expected entr%s to %s\n", list.size(), list.size() == 1 ? "y" : "ies", path.c_str());
    return kExitOk;
}

}  // namespace

std::function<int()> add_init_command(CLI::App& app) {
    auto o = std::make_shared<InitOptions>();
    CLI::App* cmd = app.add_subcommand("init", "Write a commented starter policy file (.bomwatch.yml)");
    cmd->add_option("-o,--output", o->path, "Where to write it")->capture_default_str()->type_name("FILE");
    cmd->add_flag("--force", o->force, "Replace the file if it exists");
    return [o] { return run_init(*o); };
}

std::function<int()> add_accept_command(CLI::App& app) {
    auto o = std::make_shared<AcceptOptions>();
    CLI::App* cmd = app.add_subcommand("accept", "Add the diff's unexpected findings to the policy file as expected entries");
    add_judge_options(*cmd, o->judge);
    cmd->add_option("--reason", o->reason, "Why these changes are expected (written into each entry)")->required();
    cmd->add_option("--days", o->days, "The entries expire this many days from today")->capture_default_str()->check(CLI::Range(1, 3650));
    cmd->add_option("--expires", o->expires, "The entries expire on this day (YYYY-MM-DD) instead")
        ->type_name("DATE")
        ->excludes("--days");
    cmd->footer(
        "\nEach component with unexpected findings gets one entry: its purl, its exact version (as a vers\n"
        "range), the rules that found something, the reason and the expiry date. The rest of the policy\n"
        "file, comments included, is kept as it is; without one, .bomwatch.yml is made.\n"
        "\nExample:\n"
        "  bomwatch accept old.json new.json --reason \"React 19 upgrade (PLAT-1234)\" --days 30");
    return [o] { return run_accept(*o); };
}

}  // namespace bomwatch::cli
