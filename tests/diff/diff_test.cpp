// Matching and comparing: each change kind, multiset matching, and what must never be a change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "diff/changes.h"
#include "sbom/read.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::diff {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;
using testing::UnorderedElementsAre;

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

const sbom::Component* side(const Changes& c, const Change& change, bool old_side) {
    const std::uint32_t a = old_side ? change.old_artifact : change.new_artifact;
    if (a == kNone) return nullptr;
    const auto& doc = old_side ? *c.old_doc : *c.new_doc;
    const auto& list = old_side ? c.old_artifacts : c.new_artifacts;
    return &doc.components[list[a].first()];
}

// One line per change, e.g. "versionChanged pkg:npm/axios 1.14.0>1.14.1 up patch".
std::string describe(const Changes& c, const Change& change) {
    std::string out(change_kind_name(change.kind));
    if (change.kind == ChangeKind::EdgeAdded || change.kind == ChangeKind::EdgeRemoved)
        return out + " " + std::string(change.from.empty() ? "(root)" : change.from) + ">" + std::string(change.to);
    const sbom::Component* o = side(c, change, true);
    const sbom::Component* n = side(c, change, false);
    out += " " + std::string((n ? n : o)->identity) + " ";
    if (o && n && o->version != n->version) out += std::string(o->version) + ">" + std::string(n->version);
    else out += std::string((n ? n : o)->version);
    switch (change.kind) {
    case ChangeKind::VersionChanged: out += " " + std::string(direction_name(change.direction)) + " " + std::string(step_name(change.step)); break;
    case ChangeKind::HashWeakened:
    case ChangeKind::LicenseChanged:
    case ChangeKind::SupplierChanged:
    case ChangeKind::SourceChanged:
    case ChangeKind::ScopeChanged:
        out += " " + std::string(change.field) + ": " + std::string(change.old_value) + " > " + std::string(change.new_value);
        break;
    default: break;
    }
    return out;
}

std::vector<std::string> describe_all(const Changes& c) {
    std::vector<std::string> out;
    for (const auto& change : c.changes) out.push_back(describe(c, change));
    return out;
}

TEST(Axios, OneBumpOneNewTransitivePackage) {
    const auto d = diff_files(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    EXPECT_THAT(describe_all(d->changes), ElementsAre("added pkg:npm/plain-crypto-js 4.2.1",
                                                      "versionChanged pkg:npm/axios 1.14.0>1.14.1 up patch",
                                                      "edgeAdded pkg:npm/axios>pkg:npm/plain-crypto-js"));
    const Change& added = d->changes.changes[0];
    ASSERT_TRUE(added.reachable);
    ASSERT_EQ(added.introduced_via.size(), 1u);
    EXPECT_EQ(d->new_doc.components[added.introduced_via[0]].purl, "pkg:npm/axios@1.14.1");
    EXPECT_EQ(d->changes.unchanged, 16u);
    EXPECT_EQ(d->changes.count(ChangeKind::Added), 1u);
}

TEST(CrossFormat, TheSameBuildInCycloneDxAndSpdxHasNoChanges) {
    for (const char* build : {"before", "after"}) {
        const auto d = diff_files(test::testdata(std::string("axios/") + build + ".cdx.json"),
                                  test::testdata(std::string("axios/") + build + ".spdx.json"));
        EXPECT_THAT(describe_all(d->changes), IsEmpty()) << build;
        EXPECT_TRUE(d->changes.edges_compared);
        EXPECT_TRUE(d->changes.hashes_compared);
    }
}

TEST(CrossFormat, DiffAcrossFormatsEqualsDiffWithinOne) {
    const auto within = diff_files(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    for (const auto& [old_file, new_file] : {std::pair{"before.spdx.json", "after.cdx.json"}, std::pair{"before.cdx.json", "after.spdx.json"},
                                            std::pair{"before.spdx.json", "after.spdx.json"}}) {
        const auto across = diff_files(test::testdata(std::string("axios/") + old_file), test::testdata(std::string("axios/") + new_file));
        EXPECT_EQ(describe_all(across->changes), describe_all(within->changes)) << old_file << " vs " << new_file;
        ASSERT_EQ(across->changes.changes.size(), within->changes.changes.size());
        EXPECT_EQ(across->new_doc.components[across->changes.changes[0].introduced_via.at(0)].purl, "pkg:npm/axios@1.14.1");
    }
}

TEST(Kinds, EachChangeKindIsReported) {
    const auto d = diff_files(test::testdata("kinds/old.cdx.json"), test::testdata("kinds/new.cdx.json"));
    EXPECT_THAT(describe_all(d->changes),
                ElementsAre("added pkg:npm/express 4.19.2",
                            "removed pkg:npm/request 2.88.2",
                            "versionChanged pkg:maven/org.apache.commons/commons-text 1.9>1.10.0 up minor",
                            "versionChanged pkg:maven/org.apache.commons/commons-text?classifier=sources 1.9>1.10.0 up minor",
                            "versionChanged pkg:npm/chalk 4.1.2>5.3.0 up major",
                            "versionChanged pkg:npm/debug 4.3.4>4.3.5 up patch",
                            "versionChanged pkg:npm/lodash 4.17.20>4.17.21 up patch",
                            "versionChanged pkg:npm/minimist 1.2.8>1.2.6 down patch",
                            "versionChanged pkg:npm/ms 2.0.0>2.0.1 up patch",
                            "versionChanged pkg:npm/ms 2.1.3>2.1.2 down patch",
                            "hashChanged pkg:npm/left-pad 1.3.0",
                            "hashWeakened pkg:npm/event-stream 3.3.4 weaker: SHA-1, SHA-512 > SHA-1",
                            "hashWeakened pkg:npm/is-number 7.0.0 dropped: SHA-512 > none",
                            "licenseChanged pkg:npm/colors 1.4.0 license: MIT > GPL-3.0-only",
                            "supplierChanged pkg:npm/ua-parser-js 0.7.29 publisher: Faisal Salman > Unknown Corp",
                            "sourceChanged pkg:npm/node-ipc 9.2.1 download: https://registry.npmjs.org/node-ipc/-/node-ipc-9.2.1.tgz > "
                            "https://github.com/RIAEvangelist/node-ipc/archive/refs/tags/v9.2.1.tar.gz",
                            "scopeChanged pkg:npm/typescript 5.4.5 scope: optional > required",
                            "edgeAdded (root)>pkg:npm/express",
                            "edgeRemoved (root)>pkg:npm/request"));
    // debug 2.6.9 and semver 7.6.0 (two copies, one artifact) did not change.
    EXPECT_EQ(d->changes.unchanged, 2u);
}

TEST(Matching, SameVersionThenLocationThenNearestVersion) {
    const auto d = diff_files(test::testdata("kinds/old.cdx.json"), test::testdata("kinds/new.cdx.json"));
    std::map<std::string, MatchRule> rules;
    for (const auto& change : d->changes.changes)
        if (change.kind == ChangeKind::VersionChanged) rules[describe(d->changes, change)] = change.match;
    EXPECT_EQ(rules.at("versionChanged pkg:npm/debug 4.3.4>4.3.5 up patch"), MatchRule::InstallLocation);
    EXPECT_EQ(rules.at("versionChanged pkg:npm/ms 2.0.0>2.0.1 up patch"), MatchRule::NearestVersion);
    EXPECT_EQ(rules.at("versionChanged pkg:npm/ms 2.1.3>2.1.2 down patch"), MatchRule::NearestVersion);
    EXPECT_EQ(rules.at("versionChanged pkg:npm/chalk 4.1.2>5.3.0 up major"), MatchRule::OnlyCandidates);
    EXPECT_EQ(d->changes.matched_by[static_cast<std::size_t>(MatchRule::SameVersion)], 9u);
}

// Rewrites a CycloneDX document the way a regenerated SBOM of the same build looks: other serial
// number and timestamp, other bom-refs, every array reversed.
std::string regenerate(const std::string& path) {
    auto doc = nlohmann::ordered_json::parse(test::read_file(path));
    doc["serialNumber"] = "urn:uuid:00000000-0000-4000-8000-000000000000";
    doc["metadata"]["timestamp"] = "2030-01-01T00:00:00Z";
    std::map<std::string, std::string> renamed;
    auto rename = [&](const std::string& ref) {
        auto [it, inserted] = renamed.try_emplace(ref, "ref-" + std::to_string(renamed.size()));
        return it->second;
    };
    doc["metadata"]["component"]["bom-ref"] = rename(doc["metadata"]["component"]["bom-ref"]);
    for (auto& c : doc["components"]) {
        c["bom-ref"] = rename(c["bom-ref"]);
        if (c.contains("hashes")) std::reverse(c["hashes"].begin(), c["hashes"].end());
    }
    for (auto& dep : doc["dependencies"]) {
        dep["ref"] = rename(dep["ref"]);
        for (auto& target : dep["dependsOn"]) target = rename(target);
        std::reverse(dep["dependsOn"].begin(), dep["dependsOn"].end());
    }
    std::reverse(doc["components"].begin(), doc["components"].end());
    std::reverse(doc["dependencies"].begin(), doc["dependencies"].end());
    return doc.dump(1);
}

TEST(Noise, SerialTimestampRefsAndOrderAreNeverChanges) {
    test::TempDir dir;
    for (const char* file : {"axios/after.cdx.json", "kinds/old.cdx.json", "kinds/new.cdx.json"}) {
        const auto regenerated = dir.write("regenerated.json", regenerate(test::testdata(file)));
        const auto d = diff_files(test::testdata(file), regenerated);
        EXPECT_THAT(describe_all(d->changes), IsEmpty()) << file;
    }
    const auto regenerated_new = dir.write("new.json", regenerate(test::testdata("kinds/new.cdx.json")));
    const auto original = diff_files(test::testdata("kinds/old.cdx.json"), test::testdata("kinds/new.cdx.json"));
    const auto shuffled = diff_files(test::testdata("kinds/old.cdx.json"), regenerated_new);
    EXPECT_EQ(describe_all(shuffled->changes), describe_all(original->changes));
}

TEST(Unknown, AFieldOneSideDoesNotStateIsNotAChange) {
    test::TempDir dir;
    auto doc = nlohmann::ordered_json::parse(test::read_file(test::testdata("kinds/old.cdx.json")));
    for (auto& c : doc["components"]) {
        c.erase("hashes");
        c.erase("licenses");
        c.erase("publisher");
        c.erase("scope");
        c.erase("externalReferences");
    }
    doc.erase("dependencies");
    const auto stripped = dir.write("stripped.json", doc.dump());
    const auto d = diff_files(test::testdata("kinds/old.cdx.json"), stripped);
    EXPECT_THAT(describe_all(d->changes), IsEmpty());
    EXPECT_FALSE(d->changes.edges_compared);
    EXPECT_FALSE(d->changes.hashes_compared);
}

TEST(Identity, PurlSpellingAndDefaultQualifiersDoNotSplitAPackage) {
    test::TempDir dir;
    const std::string head = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [)";
    const auto old_path = dir.write("old.json", head + R"J(
        {"type": "library", "name": "core", "version": "1.0.0", "purl": "pkg:npm/%40angular/core@1.0.0"},
        {"type": "library", "name": "Django", "version": "4.2.0", "purl": "pkg:pypi/Django@4.2.0"},
        {"type": "library", "name": "guava", "version": "32.0.0", "purl": "pkg:maven/com.google.guava/guava@32.0.0?type=jar"},
        {"type": "library", "name": "openssl", "version": "3.0.11-1", "purl": "pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12"},
        {"type": "library", "name": "openssl", "version": "3.0.11-1", "purl": "pkg:deb/debian/openssl@3.0.11-1?arch=arm64&distro=debian-12"}]})J");
    const auto new_path = dir.write("new.json", head + R"J(
        {"type": "library", "name": "core", "version": "1.0.0", "purl": "pkg:npm/@angular/core@1.0.0"},
        {"type": "library", "name": "django", "version": "4.2.0", "purl": "pkg:pypi/django@4.2.0"},
        {"type": "library", "name": "guava", "version": "32.0.0", "purl": "pkg:maven/com.google.guava/guava@32.0.0"},
        {"type": "library", "name": "openssl", "version": "3.0.13-1", "purl": "pkg:deb/debian/openssl@3.0.13-1?distro=debian-12&arch=amd64"}]})J");
    const auto d = diff_files(old_path, new_path);
    // arch makes a different artifact: the arm64 build went away, the amd64 one was upgraded.
    EXPECT_THAT(describe_all(d->changes), ElementsAre("removed pkg:deb/debian/openssl?arch=arm64 3.0.11-1",
                                                      "versionChanged pkg:deb/debian/openssl?arch=amd64 3.0.11-1>3.0.13-1 up patch"));
}

TEST(Determinism, InputOrderDoesNotChoosePaths) {
    // Two shortest paths to the new package: through a and through b. Whichever order the
    // document lists them in, the same one is reported.
    test::TempDir dir;
    auto write = [&](const std::string& name, bool reversed) {
        nlohmann::json doc = nlohmann::json::parse(R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
          "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
          "components": [{"type": "library", "name": "a", "version": "1", "bom-ref": "a"},
                         {"type": "library", "name": "b", "version": "1", "bom-ref": "b"},
                         {"type": "library", "name": "x", "version": "1", "bom-ref": "x"}],
          "dependencies": [{"ref": "app", "dependsOn": ["a", "b"]}, {"ref": "a", "dependsOn": ["x"]}, {"ref": "b", "dependsOn": ["x"]}]})");
        if (reversed) {
            std::reverse(doc["components"].begin(), doc["components"].end());
            std::reverse(doc["dependencies"][0]["dependsOn"].begin(), doc["dependencies"][0]["dependsOn"].end());
            std::reverse(doc["dependencies"].begin(), doc["dependencies"].end());
        }
        return dir.write(name, doc.dump());
    };
    const auto empty = dir.write("empty.json", R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
        "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}}, "components": []})");
    for (bool reversed : {false, true}) {
        const auto d = diff_files(empty, write(reversed ? "r.json" : "f.json", reversed));
        const auto& added = d->changes.changes;
        const auto x = std::find_if(added.begin(), added.end(), [&](const Change& c) {
            return c.kind == ChangeKind::Added && d->new_doc.components[d->changes.new_artifacts[c.new_artifact].first()].name == "x";
        });
        ASSERT_NE(x, added.end());
        ASSERT_EQ(x->introduced_via.size(), 1u);
        EXPECT_EQ(d->new_doc.components[x->introduced_via[0]].name, "a") << (reversed ? "reversed" : "forward");
    }
}

TEST(RealPairs, OneProductInTwoSpecVersionsOrTwoFormatsHasNoChanges) {
    // laravel 7.12.0 written by cyclonedx-php-composer as CycloneDX 1.2 and 1.4; sbomqs scanned
    // by syft into CycloneDX and into SPDX.
    for (const auto& [old_file, new_file] :
         {std::pair{"cyclonedx-json/bom-examples_laravel-7.12.0_spec1.2.json", "cyclonedx-json/bom-examples_laravel-7.12.0_spec1.4.json"},
          std::pair{"cyclonedx-json/sbomqs_self_syft.cdx.json", "spdx-json/sbomqs_self_syft.spdx.json"}}) {
        const auto d = diff_files(test::corpus(old_file), test::corpus(new_file));
        EXPECT_THAT(describe_all(d->changes), IsEmpty()) << old_file << " vs " << new_file;
        EXPECT_GT(d->changes.unchanged, 10u);
    }
}

TEST(RealPairs, ProtonBridgeAndNatsCountsCheckedByHand) {
    // Cross-checked with an independent count over the raw JSON (identity = purl without version
    // and non-arch qualifiers): proton-bridge v1.6.3 -> v1.8.0 bumps 7 Go modules and nothing
    // else; nats1 -> nats2 (trivy 0.49.1 vs 0.50.0 on nats-box) adds 29, removes 38, changes 50.
    const auto proton = diff_files(test::corpus("cyclonedx-json/bom-examples_proton-bridge-v1.6.3.json"),
                                   test::corpus("cyclonedx-json/bom-examples_proton-bridge-v1.8.0.json"));
    EXPECT_EQ(proton->changes.count(ChangeKind::VersionChanged), 7u);
    EXPECT_EQ(proton->changes.count(ChangeKind::Added), 0u);
    EXPECT_EQ(proton->changes.count(ChangeKind::Removed), 0u);
    EXPECT_EQ(proton->changes.unchanged, 194u);
    const auto nats = diff_files(test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"),
                                 test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json"));
    EXPECT_EQ(nats->changes.count(ChangeKind::Added), 29u);
    EXPECT_EQ(nats->changes.count(ChangeKind::Removed), 38u);
    EXPECT_EQ(nats->changes.count(ChangeKind::VersionChanged), 50u);
    EXPECT_EQ(nats->changes.matched, 73u);
}

}  // namespace
}  // namespace bomwatch::diff

namespace bomwatch::diff {
namespace {

TEST(Source, VcsUrlsCompareWithoutTheirRevision) {
    test::TempDir dir;
    auto sbom = [&](const std::string& name, const std::string& a_vcs, const std::string& b_vcs) {
        return dir.write(name, R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
            {"type": "library", "name": "a", "version": "1", "purl": "pkg:npm/a@1",
             "externalReferences": [{"type": "vcs", "url": ")" + a_vcs + R"("}]},
            {"type": "library", "name": "b", "version": "1", "purl": "pkg:npm/b@1",
             "externalReferences": [{"type": "vcs", "url": ")" + b_vcs + R"("}]}]})");
    };
    const auto d = diff_files(sbom("old.json", "git+https://github.com/org/a.git@v1.0#packages/a", "git@github.com:org/b.git"),
                              sbom("new.json", "git+https://github.com/org/a.git@v1.1#packages/a", "git@github.com:mallory/b.git"));
    EXPECT_THAT(describe_all(d->changes),
                ElementsAre("sourceChanged pkg:npm/b 1 vcs: git@github.com:org/b.git > git@github.com:mallory/b.git"));
}

}  // namespace
}  // namespace bomwatch::diff
