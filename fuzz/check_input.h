// What every fuzzed input must satisfy, shared by the libFuzzer harness (fuzz_reader.cpp) and the
// regression test (tests/sbom/fuzz_regression_test.cpp): it is read by one reader, which either
// refuses it with an InputError of one line naming the input, or returns a document that diffs
// against itself as "no changes".
// Any other exception is left to escape: for the harness that is a finding, for the test a failure.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "diff/changes.h"
#include "sbom/read.h"

namespace bomwatch::fuzz {

using ReadFn = sbom::Document (*)(sbom::InputStream&, const sbom::ReadOptions&);

// One fuzzed entry point; `name` is the harness's name (fuzz_<name>) and the folder of its
// regression inputs (fuzz/regressions/<name>/).
struct Reader {
    std::string_view name;
    ReadFn read;
};

namespace detail {
template <void (*read)(sbom::InputStream&, sbom::Document&, const sbom::ReadOptions&)>
sbom::Document read_as(sbom::InputStream& in, const sbom::ReadOptions& options) {
    sbom::Document doc;
    doc.source = in.source();  // as read_sbom() does before calling a reader
    read(in, doc, options);
    return doc;
}
}  // namespace detail

inline constexpr std::array<Reader, 9> kReaders{{
    {"cyclonedx_json", detail::read_as<sbom::read_cyclonedx_json>},
    {"cyclonedx_xml", detail::read_as<sbom::read_cyclonedx_xml>},
    {"spdx_json", detail::read_as<sbom::read_spdx_json>},
    {"spdx_tag_value", detail::read_as<sbom::read_spdx_tag_value>},
    {"spdx_yaml", detail::read_as<sbom::read_spdx_yaml>},
    {"spdx_xml", detail::read_as<sbom::read_spdx_xml>},
    {"spdx_rdf_xml", detail::read_as<sbom::read_spdx_rdf_xml>},
    {"spdx3_jsonld", detail::read_as<sbom::read_spdx3_jsonld>},
    // Format detection and the dispatch to whichever reader it picks.
    {"detect", static_cast<ReadFn>(sbom::read_sbom)},
}};

inline const Reader* find_reader(std::string_view name) {
    for (const Reader& reader : kReaders)
        if (reader.name == name) return &reader;
    return nullptr;
}

struct Outcome {
    bool read = false;      // a document came out (else the input was refused)
    std::string refusal;    // the InputError's message, when refused
    std::string violation;  // what broke the rules above, if anything
};

inline constexpr std::string_view kSource = "fuzz-input";

// Reads `bytes` as the input kSource with `reader`.
inline Outcome check_input(const Reader& reader, std::string_view bytes) {
    Outcome outcome;
    sbom::Document doc;
    try {
        sbom::InputStream in = sbom::InputStream::from_text(std::string(kSource), std::string(bytes));
        doc = reader.read(in, sbom::ReadOptions{});
    } catch (const sbom::InputError& e) {
        // The CLI prints it after "bomwatch: error: ": one line, the file first.
        outcome.refusal = e.what();
        if (!outcome.refusal.starts_with(kSource) || outcome.refusal.find_first_of("\r\n") != std::string::npos)
            outcome.violation = "an error that is not one line naming the input: " + outcome.refusal;
        return outcome;
    }
    outcome.read = true;

    // A document compared with itself: every artifact matches its own copy and nothing changed.
    // Prepared in this thread (compare(doc, doc) would start one per input).
    const diff::Changes changes = diff::compare(diff::prepare(doc), diff::prepare(doc));
    if (changes.total() != 0) {
        outcome.violation = "the document differs from itself: " + std::to_string(changes.total()) + " changes, the first " +
                            std::string(diff::change_kind_name(changes.changes.front().kind));
    } else if (changes.matched != changes.old_artifacts.size() || changes.old_artifacts.size() != changes.new_artifacts.size()) {
        outcome.violation = "only " + std::to_string(changes.matched) + " of " + std::to_string(changes.old_artifacts.size()) +
                            " artifacts matched their own copy";
    }
    return outcome;
}

}  // namespace bomwatch::fuzz
