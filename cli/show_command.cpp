#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/output.h"

namespace bomwatch::cli {

namespace {

using Json = nlohmann::ordered_json;

struct ShowOptions {
    std::string path;
    std::string format = "text";
    bool strict = false;
};

// What `show` reports about one document, computed once for both formats.
struct Profile {
    std::size_t components = 0, with_purl = 0, with_hashes = 0, with_license = 0, with_version = 0;
    std::map<std::string, std::size_t> ecosystems;  // "" for components without a purl
    std::map<std::string, std::size_t> hash_algorithms;
};

Profile profile_of(const sbom::Document& doc) {
    Profile p;
    for (std::uint32_t i = 0; i < doc.components.size(); ++i) {
        if (i == doc.root) continue;
        const sbom::Component& c = doc.components[i];
        ++p.components;
        if (!c.purl.empty()) ++p.with_purl;
        if (!c.version.empty()) ++p.with_version;
        if (!c.license.empty()) ++p.with_license;
        ++p.ecosystems[std::string(c.ecosystem)];
        const auto hashes = doc.hashes_of(c);
        if (!hashes.empty()) ++p.with_hashes;
        for (std::size_t h = 0; h < hashes.size(); ++h)
            if (h == 0 || hashes[h].algorithm != hashes[h - 1].algorithm)
                ++p.hash_algorithms[std::string(sbom::hash_algorithm_name(hashes[h].algorithm))];
    }
    return p;
}

std::string share(std::size_t part, std::size_t whole) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%zu (%.1f%%)", part, whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return buf;
}

std::string render_text(const sbom::Document& doc, const Profile& p) {
    std::ostringstream out;
    out << doc.source << "\n";
    out << "  format:        " << sbom::format_name(doc.format) << (doc.spec_version.empty() ? "" : " " + doc.spec_version) << "\n";
    if (const sbom::Component* root = doc.root_component()) {
        out << "  root:          " << sbom::display_name(root->ecosystem, root->namespace_, root->name);
        if (!root->version.empty()) out << " " << root->version;
        if (!root->purl.empty()) out << "  (" << root->purl << ")";
        out << "\n";
    } else {
        out << "  root:          none stated\n";
    }
    out << "  components:    " << p.components << "\n";
    out << "  dependencies:  " << doc.edges.size() << " edges\n";
    out << "  with purl:     " << share(p.with_purl, p.components) << "\n";
    out << "  with version:  " << share(p.with_version, p.components) << "\n";
    out << "  with hashes:   " << share(p.with_hashes, p.components);
    for (const auto& [algorithm, count] : p.hash_algorithms) out << (algorithm == p.hash_algorithms.begin()->first ? ": " : ", ") << algorithm << " " << count;
    out << "\n";
    out << "  with licence:  " << share(p.with_license, p.components) << "\n";
    out << "  ecosystems:\n";
    for (const auto& [ecosystem, count] : p.ecosystems) {
        char line[128];
        std::snprintf(line, sizeof line, "    %-12s %zu\n", ecosystem.empty() ? "(no purl)" : ecosystem.c_str(), count);
        out << line;
    }
    if (doc.warning_count) out << "  warnings:      " << doc.warning_count << "\n";
    return out.str();
}

std::string render_json(const sbom::Document& doc, const Profile& p) {
    Json out;
    out["schema"] = "bomwatch.show/1";
    out["source"] = doc.source;
    out["format"] = sbom::format_name(doc.format);
    out["specVersion"] = doc.spec_version;
    if (const sbom::Component* root = doc.root_component()) {
        out["root"] = {{"name", sbom::display_name(root->ecosystem, root->namespace_, root->name)}, {"version", root->version}};
        if (!root->purl.empty()) out["root"]["purl"] = root->purl;
    } else {
        out["root"] = nullptr;
    }
    out["components"] = p.components;
    out["edges"] = doc.edges.size();
    out["withPurl"] = p.with_purl;
    out["withVersion"] = p.with_version;
    out["withHashes"] = p.with_hashes;
    out["hashAlgorithms"] = p.hash_algorithms;
    out["withLicense"] = p.with_license;
    Json ecosystems = Json::object();
    for (const auto& [ecosystem, count] : p.ecosystems) ecosystems[ecosystem.empty() ? "(none)" : ecosystem] = count;
    out["ecosystems"] = std::move(ecosystems);
    out["warnings"] = doc.warning_count;
    return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::function<int()> add_show_command(CLI::App& app) {
    auto o = std::make_shared<ShowOptions>();
    CLI::App* cmd = app.add_subcommand("show", "Describe one SBOM: format, counts per ecosystem, hash coverage");
    cmd->footer(
        "\nReads one SBOM and describes it: its format and spec version, its root component, how many\n"
        "components it lists per ecosystem (purl type), and how many carry a purl, a version, hashes\n"
        "(per algorithm) and a licence: what a diff of it can rely on.\n"
        "\nExample:\n"
        "  bomwatch show sbom.cdx.json --format json");
    cmd->add_option("SBOM", o->path, "The SBOM to describe ('-' for stdin)")->required();
    cmd->add_option("-f,--format", o->format, "Output format: text or json (bomwatch.show/1)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_flag("--strict", o->strict, "Treat warnings about the input as errors");
    return [o] {
        auto docs = read_inputs({o->path}, o->strict);
        const Profile p = profile_of(docs[0]);
        write_output("", o->format == "json" ? render_json(docs[0], p) : render_text(docs[0], p));
        return kExitOk;
    };
}

}  // namespace bomwatch::cli
