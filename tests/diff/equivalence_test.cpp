// One build written in several formats is one build: every pair of its renderings diffs as no
// changes, and a diff across formats gives the changes of a diff within one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "diff/changes.h"
#include "sbom/read.h"
#include "tests/test_paths.h"

namespace bomwatch::diff {
namespace {

using testing::IsEmpty;

struct Diffed {
    sbom::Document old_doc, new_doc;
    Changes changes;
};

std::unique_ptr<Diffed> diff_files(const std::string& old_path, const std::string& new_path) {
    auto d = std::make_unique<Diffed>();
    d->old_doc = sbom::read_sbom(old_path);
    d->new_doc = sbom::read_sbom(new_path);
    d->changes = compare(d->old_doc, d->new_doc);
    return d;
}

// One line per change, with everything a report would say about it.
std::vector<std::string> describe(const Changes& c) {
    std::vector<std::string> out;
    for (const Change& change : c.changes) {
        std::string line(change_kind_name(change.kind));
        if (change.kind == ChangeKind::EdgeAdded || change.kind == ChangeKind::EdgeRemoved) {
            line += " " + std::string(change.from) + ">" + std::string(change.to);
        } else {
            const auto* o = change.old_artifact == kNone ? nullptr : &c.old_doc->components[c.old_artifacts[change.old_artifact].first()];
            const auto* n = change.new_artifact == kNone ? nullptr : &c.new_doc->components[c.new_artifacts[change.new_artifact].first()];
            line += " " + std::string((n ? n : o)->identity) + " " + std::string(o ? o->version.view() : "") + ">" +
                    std::string(n ? n->version.view() : "") + " " + std::string(change.field) + " " +
                    std::string(change.old_value) + ">" + std::string(change.new_value);
            for (std::uint32_t via : change.introduced_via) line += " via " + std::string(c.new_doc->components[via].purl);
        }
        out.push_back(line);
    }
    return out;
}

// The axios builds (testdata/axios), each written in every format bomwatch reads.
const std::vector<std::string> kAxiosFormats{".cdx.json", ".cdx.xml", ".spdx.json", ".spdx", ".spdx3.json"};

TEST(Equivalence, EveryRenderingOfOneBuildMatchesEveryOther) {
    for (const char* build : {"before", "after"}) {
        for (const auto& a : kAxiosFormats) {
            for (const auto& b : kAxiosFormats) {
                if (a == b) continue;
                const auto d = diff_files(test::testdata(std::string("axios/") + build + a), test::testdata(std::string("axios/") + build + b));
                EXPECT_THAT(describe(d->changes), IsEmpty()) << build << a << " vs " << build << b;
                EXPECT_EQ(d->changes.unchanged, build == std::string("before") ? 17u : 18u) << build << a << " vs " << b;
            }
        }
    }
}

TEST(Equivalence, DiffAcrossFormatsIsTheDiffWithinOne) {
    const auto within = diff_files(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    ASSERT_EQ(within->changes.changes.size(), 3u);
    for (const auto& a : kAxiosFormats) {
        for (const auto& b : kAxiosFormats) {
            const auto across = diff_files(test::testdata("axios/before" + a), test::testdata("axios/after" + b));
            EXPECT_EQ(describe(across->changes), describe(within->changes)) << "before" << a << " vs after" << b;
        }
    }
}

// Files of the shared corpus that describe the same software in two formats.
struct SamePair {
    std::string old_file, new_file;
};

class CorpusSameSoftware : public testing::TestWithParam<SamePair> {};

TEST_P(CorpusSameSoftware, DiffsAsNoChanges) {
    const auto d = diff_files(test::corpus(GetParam().old_file), test::corpus(GetParam().new_file));
    EXPECT_THAT(describe(d->changes), IsEmpty());
    EXPECT_GT(d->changes.unchanged, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, CorpusSameSoftware,
    testing::Values(
        SamePair{"cyclonedx-json/bom-examples_proton-bridge-v1.6.3.json", "cyclonedx-xml/bom-examples_proton-bridge-v1.6.3.xml"},
        SamePair{"cyclonedx-json/bom-examples_proton-bridge-v1.8.0.json", "cyclonedx-xml/bom-examples_proton-bridge-v1.8.0.xml"},
        SamePair{"cyclonedx-json/bom-examples_laravel-7.12.0_spec1.4.json", "cyclonedx-xml/bom-examples_laravel-7.12.0_spec1.1.xml"},
        SamePair{"cyclonedx-json/bom-examples_laravel-7.12.0_spec1.2.json", "cyclonedx-xml/bom-examples_laravel-7.12.0_spec1.4.xml"},
        SamePair{"cyclonedx-json/bom-examples_dropwizard-1.3.15.json", "cyclonedx-xml/bom-examples_dropwizard-1.3.15.xml"},
        SamePair{"spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json", "spdx-tv/spdx-spec_SPDXTagExample-v2.3.spdx"},
        SamePair{"spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json", "spdx-other/spdx-spec_SPDXYAMLExample-2.3.spdx.yaml"},
        SamePair{"spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json", "spdx-other/spdx-spec_SPDXXMLExample-v2.3.spdx.xml"},
        SamePair{"spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json", "spdx-other/spdx-spec_SPDXRdfExample-v2.3.spdx.rdf.xml"},
        SamePair{"spdx-json/sbomqs_self_syft.spdx.json", "spdx-tv/sbomqs_self_syft.spdx"},
        SamePair{"cyclonedx-json/sbomqs_self_syft.cdx.json", "spdx-tv/sbomqs_self_syft.spdx"}),
    [](const testing::TestParamInfo<SamePair>& info) {
        std::string name = info.param.new_file.substr(info.param.new_file.find('/') + 1);
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name + "_" + std::to_string(info.index);
    });

}  // namespace
}  // namespace bomwatch::diff
