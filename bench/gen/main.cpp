// gen_sbom_pair: writes a deterministic pair of large SBOMs (old and new build) and the changes
// a correct diff must report. Same arguments, same bytes.
//
//   gen_sbom_pair --components N --format cyclonedx|spdx|cyclonedx-xml|spdx-tv [--seed S] --out DIR
//
// writes DIR/old.<ext>, DIR/new.<ext> (ext cdx.json, spdx.json, cdx.xml or spdx) and
// DIR/expected.json. Every format of one seed describes the same two builds.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "bench/gen/document.h"
#include "bench/gen/json_writer.h"
#include "bench/gen/pair.h"

namespace {

// Bump when the output for the same arguments changes, so that cached data is regenerated.
constexpr int kGeneratorVersion = 2;

constexpr const char* kUsage =
    "usage: gen_sbom_pair --components N --format cyclonedx|spdx|cyclonedx-xml|spdx-tv [--seed S] --out DIR\n"
    "       gen_sbom_pair --version\n"
    "N may carry a k or m suffix (10k = 10000).\n";

// The formats, their file extensions and writers.
struct Format {
    std::string_view name;
    const char* extension;
    bool (*write)(const bench::Pair&, bench::Side, std::FILE*);
};
constexpr Format kFormats[] = {
    {"cyclonedx", ".cdx.json", bench::write_cyclonedx},
    {"spdx", ".spdx.json", bench::write_spdx},
    {"cyclonedx-xml", ".cdx.xml", bench::write_cyclonedx_xml},
    {"spdx-tv", ".spdx", bench::write_spdx_tag_value},
};

const Format* find_format(std::string_view name) {
    for (const Format& format : kFormats)
        if (format.name == name) return &format;
    return nullptr;
}

struct Options {
    long long components = 0;
    std::string format;
    std::uint64_t seed = 1;
    std::filesystem::path out;
};

bool parse_count(std::string_view text, long long& value) {
    long long multiplier = 1;
    if (!text.empty() && (text.back() == 'k' || text.back() == 'K')) multiplier = 1000, text.remove_suffix(1);
    else if (!text.empty() && (text.back() == 'm' || text.back() == 'M')) multiplier = 1000000, text.remove_suffix(1);
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() || value <= 0) return false;
    value *= multiplier;
    return true;
}

bool parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) return false;
        const std::string_view value = argv[++i];
        if (arg == "--components") {
            if (!parse_count(value, options.components)) return false;
        } else if (arg == "--format") {
            options.format = value;
        } else if (arg == "--seed") {
            const auto result = std::from_chars(value.data(), value.data() + value.size(), options.seed);
            if (result.ec != std::errc() || result.ptr != value.data() + value.size()) return false;
        } else if (arg == "--out") {
            options.out = value;
        } else {
            return false;
        }
    }
    return options.components > 0 && find_format(options.format) != nullptr && !options.out.empty();
}

// Writes through a temporary name and renames, so an interrupted run leaves no half file.
template <typename Write>
bool write_file(const std::filesystem::path& path, Write write) {
    const std::filesystem::path partial = path.string() + ".partial";
    std::FILE* out = std::fopen(partial.c_str(), "wb");
    if (out == nullptr) {
        std::fprintf(stderr, "gen_sbom_pair: cannot write %s: %s\n", partial.c_str(), std::strerror(errno));
        return false;
    }
    const bool written = write(out);
    const bool closed = std::fclose(out) == 0;
    std::error_code error;
    if (written && closed) std::filesystem::rename(partial, path, error);
    if (!written || !closed || error) {
        std::fprintf(stderr, "gen_sbom_pair: writing %s failed\n", path.c_str());
        std::filesystem::remove(partial, error);
        return false;
    }
    return true;
}

bool write_expected(std::FILE* out, const bench::Pair& pair, const Options& options) {
    const bench::ExpectedChanges& e = pair.expected;
    bench::JsonWriter json(out, {.indent = 2});
    json.begin_object();
    json.key("generator");
    json.begin_object();
    json.field("name", "gen_sbom_pair");
    json.field("version", static_cast<long long>(kGeneratorVersion));
    json.field("format", options.format);
    json.field("components", options.components);
    json.field("seed", static_cast<long long>(options.seed));
    json.end_object();
    json.key("components");
    json.begin_object();
    json.field("old", e.old_components);
    json.field("new", e.new_components);
    json.end_object();
    json.key("summary");
    json.begin_object();
    json.field("added", e.added);
    json.field("removed", e.removed);
    json.field("versionChanged", e.version_changed);
    json.field("hashChanged", e.hash_changed);
    json.end_object();
    json.end_object();
    return json.finish();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::printf("gen_sbom_pair %d\n", kGeneratorVersion);
        return 0;
    }
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    std::error_code error;
    std::filesystem::create_directories(options.out, error);
    if (error) {
        std::fprintf(stderr, "gen_sbom_pair: cannot create %s: %s\n", options.out.c_str(), error.message().c_str());
        return 2;
    }

    const bench::Pair pair = bench::build_pair(options.components, options.seed);
    const Format& format = *find_format(options.format);
    const char* extension = format.extension;
    const auto write_side = [&](bench::Side side) {
        return [&pair, side, &format](std::FILE* out) { return format.write(pair, side, out); };
    };
    const std::filesystem::path old_path = options.out / (std::string("old") + extension);
    const std::filesystem::path new_path = options.out / (std::string("new") + extension);
    if (!write_file(old_path, write_side(bench::Side::old_build)) ||
        !write_file(new_path, write_side(bench::Side::new_build)) ||
        !write_file(options.out / "expected.json", [&](std::FILE* out) { return write_expected(out, pair, options); }))
        return 1;

    const auto old_size = std::filesystem::file_size(old_path);
    const auto new_size = std::filesystem::file_size(new_path);
    const bench::ExpectedChanges& e = pair.expected;
    std::printf("%s: %s %.1f MB (%lld components, %.0f bytes each), %s %.1f MB (%lld components); "
                "added %lld, removed %lld, versionChanged %lld, hashChanged %lld\n",
                options.out.c_str(), old_path.filename().c_str(), old_size / 1e6, e.old_components,
                static_cast<double>(old_size) / static_cast<double>(e.old_components), new_path.filename().c_str(),
                new_size / 1e6, e.new_components, e.added, e.removed, e.version_changed, e.hash_changed);
    return 0;
}
