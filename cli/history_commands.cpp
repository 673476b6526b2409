// `bomwatch history` (a project's builds, or one component's versions and hashes across them),
// `bomwatch projects` and `bomwatch prune`.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "policy/finding.h"
#include "sbom/builder.h"

namespace bomwatch::cli {

namespace {

using Json = nlohmann::ordered_json;

// "2 high, 1 info", or "none".
std::string findings_text(const store::SeverityCounts& counts) {
    std::string out;
    for (std::size_t i = counts.size(); i-- > 0;) {
        if (counts[i] == 0) continue;
        if (!out.empty()) out += ", ";
        out += std::to_string(counts[i]) + " " + std::string(policy::severity_name(static_cast<policy::Severity>(i)));
    }
    return out.empty() ? "none" : out;
}

Json findings_json(const store::SeverityCounts& counts) {
    Json out = Json::object();
    for (std::size_t i = counts.size(); i-- > 0;) out[std::string(policy::severity_name(static_cast<policy::Severity>(i)))] = counts[i];
    return out;
}

// Rows of cells printed as columns, each as wide as its widest cell (by bytes: names are mostly
// ASCII, and a wide character only shifts its own row).
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) widths.resize(std::max(widths.size(), i + 1)), widths[i] = std::max(widths[i], row[i].size());
    for (const auto& row : rows) {
        std::string line = " ";
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += " " + row[i];
            if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 1, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
}

// The identity of the component a purl names, exactly as the readers make it.
std::string identity_of(const std::string& purl) {
    sbom::Document doc;
    std::string problem;
    sbom::DocumentBuilder builder(doc, [&](std::string, std::string message) { problem = std::move(message); });
    sbom::RawComponent raw;
    raw.purl = purl;
    builder.add(raw, [] { return std::string("--component"); });
    if (doc.components.empty() || doc.components.front().purl.empty())
        throw CLI::ValidationError("--component: " + (problem.empty() ? "'" + purl + "' is not a purl" : problem));
    return std::string(doc.components.front().identity);
}

struct HistoryOptions {
    StoreArgs store;
    std::string component;
    std::size_t limit = 20;
    std::string format = "text";
    bool all_branches = false;
};

Json build_json(const store::Build& b) {
    Json out;
    out["id"] = b.id;
    out["project"] = b.project;
    out["branch"] = b.branch;
    out["number"] = b.number;
    out["build"] = b.label;
    out["recordedAt"] = b.recorded_at;
    out["source"] = b.source;
    out["format"] = b.format;
    out["specVersion"] = b.spec_version;
    out["root"] = {{"name", b.root_name}, {"version", b.root_version}};
    out["components"] = packages_of(b);
    out["good"] = b.good;
    out["comparedWith"] = b.compared_with ? Json(*b.compared_with) : Json();
    out["unexpectedFindings"] = findings_json(b.findings);
    return out;
}

void print_builds(const HistoryOptions& o, const std::string& branch, const std::vector<store::Build>& builds) {
    if (o.format == "json") {
        Json out = {{"schema", "bomwatch.history/1"}, {"project", o.store.project}, {"branch", o.all_branches ? Json() : Json(branch)},
                    {"builds", Json::array()}};
        for (const auto& b : builds) out["builds"].push_back(build_json(b));
        std::cout << out.dump(2) << "\n";
        return;
    }
    std::cout << o.store.project << (o.all_branches ? "" : " (" + branch + ")") << ": " << builds.size()
              << (o.limit && builds.size() == o.limit ? " newest builds (--limit 0 shows all)" : builds.size() == 1 ? " build" : " builds") << "\n";
    if (builds.empty()) {
        if (!o.all_branches) std::cout << "  (other branches: --all-branches; 'bomwatch projects' lists what is recorded)\n";
        return;
    }
    // Build ids in the store are global; people read numbers within a branch.
    std::map<std::int64_t, const store::Build*> by_id;
    for (const auto& b : builds) by_id[b.id] = &b;
    std::vector<std::vector<std::string>> rows{{"#", "branch", "build", "recorded", "components", "unexpected findings", "status"}};
    for (const auto& b : builds) {
        std::string status = b.good ? "good" : "not promoted";
        if (b.compared_with) {
            const auto it = by_id.find(*b.compared_with);
            status += it != by_id.end() ? ", compared with #" + std::to_string(it->second->number) : ", compared with an earlier build";
        } else {
            status += ", baseline";
        }
        rows.push_back({std::to_string(b.number), b.branch, b.label.empty() ? "-" : b.label, b.recorded_at,
                        std::to_string(packages_of(b)), findings_text(b.findings), status});
    }
    if (!o.all_branches)
        for (auto& row : rows) row.erase(row.begin() + 1);
    print_table(std::cout, rows);
}

void print_timeline(const HistoryOptions& o, const std::string& branch, const std::string& identity,
                    const std::vector<store::Build>& builds, const std::vector<store::ComponentSighting>& sightings) {
    if (o.format == "json") {
        Json out = {{"schema", "bomwatch.timeline/1"}, {"project", o.store.project}, {"branch", o.all_branches ? Json() : Json(branch)},
                    {"identity", identity}, {"builds", Json::array()}};
        for (const auto& b : builds) {
            Json entry = {{"number", b.number}, {"branch", b.branch}, {"build", b.label}, {"recordedAt", b.recorded_at}, {"copies", Json::array()}};
            for (const auto& s : sightings)
                if (s.build_id == b.id) entry["copies"].push_back({{"purl", s.purl}, {"version", s.version}, {"hashes", s.hashes}});
            out["builds"].push_back(std::move(entry));
        }
        std::cout << out.dump(2) << "\n";
        return;
    }
    std::cout << identity << " in " << o.store.project << (o.all_branches ? "" : " (" + branch + ")") << ", oldest build first\n";
    std::vector<std::vector<std::string>> rows{{"#", "branch", "build", "recorded", "version", "hashes", "change"}};
    // A version's hashes the last time it was seen, in any earlier build: a same-version hash
    // change is flagged even with builds without the component, or with other versions, between.
    std::map<std::string, std::set<std::string>> known;
    std::set<std::string> versions_before;
    bool present_before = false, ever = false;
    for (const auto& b : builds) {
        std::map<std::string, std::set<std::string>> now;  // version -> the hashes of all its copies
        for (const auto& s : sightings)
            if (s.build_id == b.id) now[s.version].insert(s.hashes.begin(), s.hashes.end());
        std::set<std::string> versions_now;
        for (const auto& [version, hashes] : now) versions_now.insert(version);

        std::string change;
        if (now.empty()) change = present_before ? "absent" : "";
        else if (!present_before) change = ever ? "back" : "added";
        else if (versions_now != versions_before) change = "version changed";
        for (const auto& [version, hashes] : now) {
            const auto seen = known.find(version);
            if (seen != known.end() && !seen->second.empty() && !hashes.empty() && seen->second != hashes)
                change = "HASH CHANGED at the same version";
        }

        std::string versions, hashes;
        for (const auto& [version, list] : now) {
            versions += (versions.empty() ? "" : ", ") + (version.empty() ? std::string("(no version)") : version);
            for (const auto& h : list) hashes += (hashes.empty() ? "" : " ") + h.substr(0, h.find(':') + 13);
        }
        rows.push_back({std::to_string(b.number), b.branch, b.label.empty() ? "-" : b.label, b.recorded_at,
                        now.empty() ? "-" : versions, hashes.empty() ? "-" : hashes, change});
        for (auto& [version, list] : now) known[version] = std::move(list);
        versions_before = std::move(versions_now);
        present_before = !versions_before.empty();
        ever = ever || present_before;
    }
    if (!o.all_branches)
        for (auto& row : rows) row.erase(row.begin() + 1);
    print_table(std::cout, rows);
    if (sightings.empty()) std::cout << "  (no recorded build of this project has it)\n";
}

int run_history(const HistoryOptions& o) {
    const std::string branch = o.all_branches ? std::string() : branch_of(o.store);
    const std::string identity = o.component.empty() ? std::string() : identity_of(o.component);
    auto history = open_store(o.store, store::OpenMode::MustExist);
    if (o.component.empty()) {
        print_builds(o, branch, history->builds(o.store.project, branch, o.limit));
        return kExitOk;
    }
    std::vector<store::Build> builds = history->builds(o.store.project, branch, o.limit);
    std::reverse(builds.begin(), builds.end());  // oldest first, as a timeline reads
    std::vector<store::ComponentSighting> sightings = history->timeline(o.store.project, branch, identity);
    print_timeline(o, branch, identity, builds, sightings);
    return kExitOk;
}

struct ProjectsOptions {
    StoreArgs store;
    std::string format = "text";
};

int run_projects(const ProjectsOptions& o) {
    auto history = open_store(o.store, store::OpenMode::MustExist);
    const auto projects = history->projects();
    if (o.format == "json") {
        Json out = {{"schema", "bomwatch.projects/1"}, {"projects", Json::array()}};
        for (const auto& p : projects)
            out["projects"].push_back({{"project", p.project}, {"branch", p.branch}, {"builds", p.builds}, {"lastNumber", p.last_number},
                                       {"lastRecordedAt", p.last_recorded_at},
                                       {"lastGoodNumber", p.last_good_number ? Json(*p.last_good_number) : Json()}});
        std::cout << out.dump(2) << "\n";
        return kExitOk;
    }
    if (projects.empty()) {
        std::cout << "No builds recorded in " << history->describe() << "\n";
        return kExitOk;
    }
    std::vector<std::vector<std::string>> rows{{"project", "branch", "builds", "last", "recorded", "last good"}};
    for (const auto& p : projects)
        rows.push_back({p.project, p.branch, std::to_string(p.builds), "#" + std::to_string(p.last_number), p.last_recorded_at,
                        p.last_good_number ? "#" + std::to_string(*p.last_good_number) : "none"});
    print_table(std::cout, rows);
    return kExitOk;
}

struct PruneOptions {
    StoreArgs store;
    std::size_t keep = 0;
};

int run_prune(const PruneOptions& o) {
    auto history = open_store(o.store, store::OpenMode::MustExist);
    const std::uint64_t deleted = history->prune(o.keep, o.store.project);
    std::fprintf(stderr, "bomwatch: deleted %llu build%s from %s, keeping the newest %zu of each %s and its last good one\n",
                 static_cast<unsigned long long>(deleted), deleted == 1 ? "" : "s", history->describe().c_str(), o.keep,
                 o.store.project.empty() ? "project and branch" : ("branch of " + o.store.project).c_str());
    return kExitOk;
}

}  // namespace

std::function<int()> add_history_command(CLI::App& app) {
    auto o = std::make_shared<HistoryOptions>();
    CLI::App* cmd = app.add_subcommand("history", "List a project's recorded builds, or one component's versions and hashes across them");
    add_store_options(*cmd, o->store, true, true);
    cmd->add_flag("--all-branches", o->all_branches, "Every branch of the project, not one")->excludes("--branch");
    cmd->add_option("--component", o->component, "A component's purl (its version is ignored): its versions and hashes build by build")
        ->type_name("PURL");
    cmd->add_option("--limit", o->limit, "The newest N builds (0: all)")->capture_default_str()->type_name("N");
    cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    cmd->footer(
        "\nExamples:\n"
        "  bomwatch history --project checkout-web --branch main\n"
        "  bomwatch history --project checkout-web --component pkg:npm/axios     # when did it change, and how");
    return [o] { return run_history(*o); };
}

std::function<int()> add_projects_command(CLI::App& app) {
    auto o = std::make_shared<ProjectsOptions>();
    CLI::App* cmd = app.add_subcommand("projects", "List the projects and branches in the build history");
    add_store_options(*cmd, o->store, false, false);
    cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    return [o] { return run_projects(*o); };
}

std::function<int()> add_prune_command(CLI::App& app) {
    auto o = std::make_shared<PruneOptions>();
    CLI::App* cmd = app.add_subcommand("prune", "Delete old builds from the history");
    add_store_options(*cmd, o->store, false, false);
    cmd->add_option("--project", o->store.project, "Only this project's builds (default: every project)")->type_name("NAME");
    cmd->add_option("--keep", o->keep, "How many of the newest builds to keep per project and branch (the last good one is always kept)")
        ->required()
        ->check(CLI::Range(1, 1000000))
        ->type_name("N");
    return [o] { return run_prune(*o); };
}

}  // namespace bomwatch::cli
