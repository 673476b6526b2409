#include <unistd.h>

#include <array>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/output.h"
#include "diff/changes.h"
#include "report/report.h"

namespace bomwatch::cli {

namespace {

struct DiffOptions {
    std::string old_path, new_path;
    std::string format = "text";
    std::string output;
    std::string fail_on = "none";
    std::string color = "auto";
    bool explain = false;
    bool strict = false;
};

// --fail-on: "none", "any", or a comma-separated list of change kinds.
bool fails(const std::string& fail_on, const diff::Changes& changes) {
    if (fail_on == "none") return false;
    if (fail_on == "any") return !changes.changes.empty();
    std::stringstream list(fail_on);
    for (std::string name; std::getline(list, name, ',');) {
        diff::ChangeKind kind;
        if (diff::parse_change_kind(name, kind) && changes.count(kind) > 0) return true;
    }
    return false;
}

std::string check_fail_on(const std::string& value) {
    if (value == "none" || value == "any") return {};
    std::stringstream list(value);
    for (std::string name; std::getline(list, name, ',');) {
        diff::ChangeKind kind;
        if (!diff::parse_change_kind(name, kind))
            return "'" + name + "' is not 'any', 'none' or a change kind (added, removed, versionChanged, hashChanged, "
                                "hashWeakened, licenseChanged, supplierChanged, sourceChanged, scopeChanged, edgeAdded, "
                                "edgeRemoved)";
    }
    return {};
}

int run_diff(const DiffOptions& o) {
    if (o.old_path == "-" && o.new_path == "-") throw CLI::ValidationError("only one of OLD and NEW can be '-' (stdin)");
    std::array<diff::Side, 2> sides;
    const auto docs = read_inputs({o.old_path, o.new_path}, o.strict,
                                  [&](std::size_t i, const sbom::Document& doc) { sides[i] = diff::prepare(doc); });
    const diff::Changes changes = diff::compare(std::move(sides[0]), std::move(sides[1]));

    const bool to_stdout = o.output.empty() || o.output == "-";
    report::Options options{.color = o.format == "text" && use_colour(o.color, to_stdout && ::isatty(1)),
                            .explain = o.explain};
    std::ostringstream rendered;
    if (o.format == "json") report::write_json(rendered, changes, options);
    else report::write_text(rendered, changes, options);
    write_output(o.output, std::move(rendered).str());
    return fails(o.fail_on, changes) ? kExitFindings : kExitOk;
}

}  // namespace

std::function<int()> add_diff_command(CLI::App& app) {
    auto o = std::make_shared<DiffOptions>();
    CLI::App* cmd = app.add_subcommand("diff", "Compare two SBOMs and report what changed");
    cmd->add_option("OLD", o->old_path, "The SBOM of the earlier build ('-' for stdin)")->required();
    cmd->add_option("NEW", o->new_path, "The SBOM of the later build ('-' for stdin)")->required();
    cmd->add_option("-f,--format", o->format, "Report format: text (for people) or json (bomwatch.diff/1, for programs)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Write the report to FILE (atomically) instead of stdout")->type_name("FILE");
    cmd->add_option("--fail-on", o->fail_on,
                    "Exit with 1 when the diff has changes of these kinds: 'any', 'none', or a comma-separated list "
                    "of kinds such as added,hashChanged")
        ->check([](const std::string& value) { return check_fail_on(value); })
        ->capture_default_str();
    cmd->add_flag("--explain", o->explain, "Say why each old/new pair of components was matched");
    cmd->add_flag("--strict", o->strict, "Treat warnings about the inputs (small schema breaks) as errors");
    cmd->add_option("--color", o->color, "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    cmd->footer(
        "\nWhat changed in the components: added and removed packages, version changes (with direction\n"
        "and step), hashes that changed at the same version, dropped or weakened hashes, licence,\n"
        "supplier, source and scope changes, and dependency edges. Each input may be CycloneDX JSON or\n"
        "SPDX 2 JSON, plain or gzip-compressed, told apart by content; the two need not be in the same\n"
        "format. Components are matched by identity (purl without version), so serial numbers,\n"
        "timestamps, tool metadata, bom-ref spelling and array order never make a change.\n"
        "\nExamples:\n"
        "  bomwatch diff old.cdx.json new.spdx.json\n"
        "  bomwatch diff old.json new.json --format json -o diff.json\n"
        "  bomwatch diff old.json new.json --fail-on any       # CI gate: exit 1 when anything changed\n"
        "  bomwatch diff old.json.gz - < new.json              # gzip and stdin\n"
        "  bomwatch diff old.json new.json --explain\n"
        "\nExit codes: 0 no changes at --fail-on, 1 changes at --fail-on, 2 usage or input error.");
    return [o] { return run_diff(*o); };
}

}  // namespace bomwatch::cli
