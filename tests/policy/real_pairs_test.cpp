// The false-positive measure: real SBOM pairs from the corpus where nothing suspicious happened
// (one product at two points in time, in two formats or spec versions, or through two
// generators) must not light up with high or critical findings. Each flagged finding is printed.
#include <gtest/gtest.h>

#include <cstdio>

#include "diff/changes.h"
#include "policy/judge.h"
#include "sbom/read.h"
#include "tests/test_paths.h"

namespace bomwatch::policy {
namespace {

struct RealPair {
    const char* old_file;
    const char* new_file;
};

// One product at two points in time, in two formats or spec versions (same generator).
constexpr RealPair kSameProduct[] = {
    {"cyclonedx-json/bom-examples_proton-bridge-v1.6.3.json", "cyclonedx-json/bom-examples_proton-bridge-v1.8.0.json"},
    {"cyclonedx-xml/bom-examples_proton-bridge-v1.6.3.xml", "cyclonedx-xml/bom-examples_proton-bridge-v1.8.0.xml"},
    {"cyclonedx-json/sbom-utility_diff_nats1.json", "cyclonedx-json/sbom-utility_diff_nats2.json"},
    {"cyclonedx-json/sbom-utility_diff_nats2.json", "cyclonedx-json/sbom-utility_diff_nats1.json"},
    {"cyclonedx-xml/bom-examples_laravel-7.12.0_spec1.1.xml", "cyclonedx-json/bom-examples_laravel-7.12.0_spec1.4.json"},
    {"cyclonedx-json/bom-examples_dropwizard-1.3.15.json", "cyclonedx-xml/bom-examples_dropwizard-1.3.15.xml"},
    {"cyclonedx-json/syft_TestCycloneDxImageEncoder.cdx.json", "cyclonedx-xml/syft_TestCycloneDxImageEncoder.cdx.xml"},
    {"cyclonedx-json/bom-examples_juice-shop_cyclonedx-npm_bare_spec1.4.json", "cyclonedx-xml/bom-examples_juice-shop_cyclonedx-npm_flat_spec1.4.xml"},
    {"spdx-json/spdx-spec_SPDXJSONExample-v2.2.spdx.json", "spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json"},
    {"spdx-tv/spdx-spec_SPDXTagExample-v2.2.spdx", "spdx-tv/spdx-spec_SPDXTagExample-v2.3.spdx"},
    {"spdx-json/spdx-examples_example7-bin_2.2.spdx.json", "spdx3-jsonld/spdx-examples_example7-bin.spdx3.json"},
    {"spdx-json/spdx-examples_example11-rust_2.3.spdx.json", "spdx3-jsonld/spdx-examples_example11-rust.spdx3.json"},
    {"spdx-json/spdx-examples_example14-enriched_2.3.spdx.json", "spdx3-jsonld/spdx-examples_example14-enriched.spdx3.json"},
    {"cyclonedx-json/sbomqs_self_syft.cdx.json", "spdx-json/sbomqs_self_syft.spdx.json"},
    {"spdx-json/sbomqs_self_syft.spdx.json", "spdx-tv/sbomqs_self_syft.spdx"},
    {"cyclonedx-json/sbomqs_self_trivy.cdx.json", "spdx-json/sbomqs_self_trivy.spdx.json"},
    {"spdx-json/sbomqs_self_trivy.spdx.json", "spdx-tv/sbomqs_self_trivy.spdx"},
};

// One product through two generators: what each sees differs, so packages come and go.
constexpr RealPair kTwoGenerators[] = {
    {"cyclonedx-json/sbomqs_self_syft.cdx.json", "cyclonedx-json/sbomqs_self_trivy.cdx.json"},
    {"cyclonedx-json/sbomqs_self_trivy.cdx.json", "cyclonedx-json/sbomqs_self_cyclonedx-gomod.cdx.json"},
    {"cyclonedx-json/sbomqs_self_cyclonedx-gomod.cdx.json", "spdx-json/sbomqs_self_sbom-tool.spdx.json"},
    {"spdx-json/sbomqs_self_sbom-tool.spdx.json", "cyclonedx-json/sbomqs_self_syft.cdx.json"},
};

struct Count {
    std::size_t findings = 0, loud = 0;
};

Count judge_pairs(const RealPair* pairs, std::size_t n) {
    Count count;
    for (std::size_t i = 0; i < n; ++i) {
        const sbom::Document old_doc = sbom::read_sbom(test::corpus(pairs[i].old_file));
        const sbom::Document new_doc = sbom::read_sbom(test::corpus(pairs[i].new_file));
        const diff::Changes changes = diff::compare(old_doc, new_doc);
        const Findings findings = judge(changes, {.today = "2026-11-26"});
        count.findings += findings.items.size();
        for (const Finding& f : findings.items) {
            if (f.severity < Severity::High) continue;
            ++count.loud;
            std::printf("%s -> %s: %s %s: %s\n", pairs[i].old_file, pairs[i].new_file, std::string(severity_name(f.severity)).c_str(),
                        std::string(rule_id(f.rule)).c_str(), f.message.c_str());
        }
    }
    return count;
}

TEST(RealPairs, OneProductOverTimeAndAcrossFormatsGivesNoHighFindings) {
    const Count count = judge_pairs(kSameProduct, std::size(kSameProduct));
    std::printf("same product: %zu pairs, %zu findings, %zu high or critical\n", std::size(kSameProduct), count.findings, count.loud);
    EXPECT_GT(count.findings, 100u);  // the pairs do differ: the rules had something to judge
    EXPECT_EQ(count.loud, 0u);
}

TEST(RealPairs, TwoGeneratorsOfOneProductStayNearlyQuiet) {
    const Count count = judge_pairs(kTwoGenerators, std::size(kTwoGenerators));
    std::printf("two generators: %zu pairs, %zu findings, %zu high or critical\n", std::size(kTwoGenerators), count.findings, count.loud);
    EXPECT_GT(count.findings, 10u);
    EXPECT_LE(count.loud, 0u);
}

}  // namespace
}  // namespace bomwatch::policy
