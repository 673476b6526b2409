// The store's contract, run against both back ends: every test here is instantiated for SQLite
// and for PostgreSQL (the test server of tests/store/postgres-server). What only one back end
// does (files, locks, schema versions in a file) is in sqlite_store_test.cpp and
// postgres_store_test.cpp; the alert state (sent fingerprints, the outbox) in alert_state_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "diff/changes.h"
#include "sbom/read.h"
#include "store/store.h"
#include "tests/sbom/document_queries.h"
#include "tests/store/test_stores.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::store {
namespace {

using test::Backend;
using test::FreshStore;
using testing::ElementsAre;
using testing::IsEmpty;

// --- Documents ---

sbom::Document read(const std::string& path) { return sbom::read_sbom(path); }

// A small CycloneDX document: components given as (name, version, sha256 hex or "").
struct Part {
    std::string name, version, sha256;
};
sbom::Document small_doc(const test::TempDir& dir, const std::vector<Part>& parts, const std::string& file = "bom.cdx.json") {
    std::string components;
    for (const Part& p : parts) {
        if (!components.empty()) components += ",";
        components += R"({"type":"library","bom-ref":")" + p.name + R"(","name":")" + p.name + R"(","version":")" +
                      p.version + R"(","purl":"pkg:npm/)" + p.name + "@" + p.version + "\"";
        if (!p.sha256.empty()) components += R"(,"hashes":[{"alg":"SHA-256","content":")" + p.sha256 + "\"}]";
        components += "}";
    }
    const std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,)"
                             R"("metadata":{"component":{"type":"application","bom-ref":"app","name":"app","version":"1.0.0"}},)"
                             R"("components":[)" + components + "]}";
    return read(dir.write(file, json));
}

// Every field of component i, one line: two documents hold the same component exactly when these
// agree (document_queries.h's fingerprint plus what it leaves out).
std::string everything(const sbom::Document& doc, std::uint32_t i) {
    const sbom::Component& c = doc.components[i];
    return sbom::fingerprint(doc, i) + "|parent=" + (c.parent == sbom::kNone ? "none" : std::to_string(c.parent)) +
           "|identity_hash=" + std::to_string(c.identity_hash) +
           "|scheme=" + std::to_string(static_cast<int>(c.version_scheme));
}

// The loaded document is the recorded one: every field of every component, in order, the edges,
// the root, the format.
void expect_same_document(const sbom::Document& original, const sbom::Document& loaded, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(loaded.source, original.source);
    EXPECT_EQ(loaded.format, original.format);
    EXPECT_EQ(loaded.spec_version, original.spec_version);
    EXPECT_EQ(loaded.root, original.root);
    ASSERT_EQ(loaded.components.size(), original.components.size());
    for (std::uint32_t i = 0; i < original.components.size(); ++i) {
        ASSERT_EQ(everything(loaded, i), everything(original, i)) << "component " << i;
        EXPECT_EQ(loaded.hashes_of(loaded.components[i]).size(), original.hashes_of(original.components[i]).size());
    }
    EXPECT_EQ(loaded.edges, original.edges);
    EXPECT_EQ(loaded.hashes.size(), original.hashes.size());
    EXPECT_EQ(loaded.locations.size(), original.locations.size());
}

// One line per change with everything a report says of it (as tests/diff/equivalence_test.cpp).
std::vector<std::string> describe(const diff::Changes& c) {
    std::vector<std::string> out;
    for (const diff::Change& change : c.changes) {
        std::string line(diff::change_kind_name(change.kind));
        if (change.kind == diff::ChangeKind::EdgeAdded || change.kind == diff::ChangeKind::EdgeRemoved) {
            line += " " + std::string(change.from) + ">" + std::string(change.to);
        } else {
            const auto* o = change.old_artifact == sbom::kNone ? nullptr
                                                               : &c.old_doc->components[c.old_artifacts[change.old_artifact].first()];
            const auto* n = change.new_artifact == sbom::kNone ? nullptr
                                                               : &c.new_doc->components[c.new_artifacts[change.new_artifact].first()];
            line += " " + std::string((n ? n : o)->identity) + " " + std::string(o ? o->version.view() : "") + ">" +
                    std::string(n ? n->version.view() : "") + " " + std::string(change.field) + " " +
                    std::string(change.old_value) + ">" + std::string(change.new_value) + " " +
                    std::string(diff::match_rule_name(change.match)) + " " + std::string(diff::direction_name(change.direction)) +
                    " " + std::string(diff::step_name(change.step)) + (change.reachable ? " reachable" : "");
            for (std::uint32_t via : change.introduced_via) line += " via " + std::string(c.new_doc->components[via].purl);
        }
        out.push_back(line);
    }
    return out;
}

std::string summary(const diff::Changes& c) {
    std::string out = "unchanged=" + std::to_string(c.unchanged) + " matched=" + std::to_string(c.matched);
    for (std::size_t n : c.matched_by) out += " " + std::to_string(n);
    for (std::size_t n : c.counts) out += " " + std::to_string(n);
    out += c.edges_compared ? " edges" : " no-edges";
    out += c.hashes_compared ? " hashes" : " no-hashes";
    return out;
}

// Real files of every format: the axios builds, the rules pair, and corpus files with nested
// components, hashes, install locations, licence names, SPDX and SPDX 3.
const std::vector<std::string> kRoundTripFiles = {
    test::testdata("axios/before.cdx.json"),
    test::testdata("axios/after.spdx.json"),
    test::testdata("axios/after.spdx"),
    test::testdata("axios/after.cdx.xml"),
    test::testdata("axios/after.spdx3.json"),
    test::testdata("rules/old.cdx.json"),
    test::testdata("rules/new.cdx.json"),
    test::corpus("cyclonedx-json/spec_valid-assembly-1.6.json"),
    test::corpus("cyclonedx-json/spec_valid-component-hashes-1.6.json"),
    test::corpus("cyclonedx-json/bom-examples_keycloak-10.0.2.json"),
    test::corpus("cyclonedx-json/trivy_fluentd-multiple-lockfiles.cdx.json"),
    test::corpus("cyclonedx-json/syft_TestCycloneDxImageEncoder.cdx.json"),
    test::corpus("cyclonedx-xml/bom-shelter_elixir_syft.xml"),
    test::corpus("spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json"),
    test::corpus("spdx-json/bom-shelter_constellation_syft-0.59.0.spdx.json"),
    test::corpus("spdx-other/spdx-spec_SPDXRdfExample-v2.3.spdx.rdf.xml"),
    test::corpus("spdx3-jsonld/spdx-examples_example14-enriched.spdx3.json"),
};

// Old and new builds of the same software.
const std::vector<std::pair<std::string, std::string>> kPairs = {
    {test::testdata("axios/before.cdx.json"), test::testdata("axios/after.spdx.json")},
    {test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json")},
    {test::corpus("cyclonedx-json/bom-examples_proton-bridge-v1.6.3.json"),
     test::corpus("cyclonedx-json/bom-examples_proton-bridge-v1.8.0.json")},
    {test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"), test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json")},
    {test::corpus("spdx-json/sbomqs_self_syft.spdx.json"), test::corpus("spdx-json/sbomqs_self_trivy.spdx.json")},
};

NewBuild new_build(const std::string& project, const std::string& branch, bool good = true) {
    NewBuild b;
    b.project = project;
    b.branch = branch;
    b.good = good;
    return b;
}

void expect_same_build(const Build& a, const Build& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.project, b.project);
    EXPECT_EQ(a.branch, b.branch);
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.label, b.label);
    EXPECT_EQ(a.recorded_at, b.recorded_at);
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.format, b.format);
    EXPECT_EQ(a.spec_version, b.spec_version);
    EXPECT_EQ(a.root_name, b.root_name);
    EXPECT_EQ(a.root_version, b.root_version);
    EXPECT_EQ(a.components, b.components);
    EXPECT_EQ(a.good, b.good);
    EXPECT_EQ(a.compared_with, b.compared_with);
    EXPECT_EQ(a.findings, b.findings);
}

std::vector<std::int64_t> numbers(const std::vector<Build>& builds) {
    std::vector<std::int64_t> out;
    for (const Build& b : builds) out.push_back(b.number);
    return out;
}

class StoreTest : public testing::TestWithParam<Backend> {
protected:
    void SetUp() override { fresh_ = std::make_unique<FreshStore>(GetParam()); }
    std::unique_ptr<Store> open(OpenMode mode = OpenMode::CreateIfMissing) const {
        return open_store(fresh_->location(), mode);
    }

    test::TempDir dir_;
    std::unique_ptr<FreshStore> fresh_;
};

TEST_P(StoreTest, NumbersBuildsFromOnePerBranchAndKeepsWhatWasSaid) {
    auto store = open();
    const sbom::Document doc = read(test::testdata("axios/before.cdx.json"));
    NewBuild nb = new_build("shop", "main");
    nb.label = "ci-4711";
    nb.findings = {1, 2, 3, 4, 5};
    const Build first = store->record(nb, doc);
    EXPECT_EQ(first.number, 1);
    EXPECT_GT(first.id, 0);
    EXPECT_EQ(first.project, "shop");
    EXPECT_EQ(first.branch, "main");
    EXPECT_EQ(first.label, "ci-4711");
    EXPECT_TRUE(first.good);
    EXPECT_EQ(first.compared_with, std::nullopt);
    EXPECT_EQ(first.findings, (SeverityCounts{1, 2, 3, 4, 5}));
    EXPECT_EQ(first.source, doc.source);
    EXPECT_EQ(first.format, "cyclonedx-json");
    EXPECT_EQ(first.spec_version, doc.spec_version);
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(first.root_name, doc.root_component()->name.view());
    EXPECT_EQ(first.root_version, doc.root_component()->version.view());
    EXPECT_EQ(first.components, doc.components.size());
    EXPECT_TRUE(std::regex_match(first.recorded_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << first.recorded_at;

    NewBuild second_nb = new_build("shop", "main", false);
    second_nb.compared_with = first.id;
    const Build second = store->record(second_nb, doc);
    EXPECT_EQ(second.number, 2);
    EXPECT_GT(second.id, first.id);
    EXPECT_FALSE(second.good);
    EXPECT_EQ(second.compared_with, first.id);

    // Another branch, another project: each counts from 1.
    EXPECT_EQ(store->record(new_build("shop", "release"), doc).number, 1);
    EXPECT_EQ(store->record(new_build("other", "main"), doc).number, 1);
    EXPECT_EQ(store->record(new_build("shop", "main"), doc).number, 3);

    // builds() gives back what record() returned.
    const auto listed = store->builds("shop", "main", 0);
    ASSERT_EQ(listed.size(), 3u);
    expect_same_build(listed[2], first);
    expect_same_build(listed[1], second);
}

TEST_P(StoreTest, LastGoodSkipsBuildsThatAreNotGood) {
    auto store = open();
    const sbom::Document doc = small_doc(dir_, {{"left-pad", "1.0.0", ""}});
    EXPECT_EQ(store->last_good("shop", "main"), std::nullopt);
    store->record(new_build("shop", "main", false), doc);
    EXPECT_EQ(store->last_good("shop", "main"), std::nullopt);
    const Build good = store->record(new_build("shop", "main", true), doc);
    store->record(new_build("shop", "main", false), doc);
    store->record(new_build("shop", "main", false), doc);
    store->record(new_build("shop", "dev", true), doc);    // another branch
    store->record(new_build("other", "main", true), doc);  // another project
    auto last = store->last_good("shop", "main");
    ASSERT_TRUE(last.has_value());
    expect_same_build(*last, good);
    EXPECT_EQ(last->number, 2);
    const Build newer = store->record(new_build("shop", "main", true), doc);
    last = store->last_good("shop", "main");
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->id, newer.id);
    EXPECT_EQ(last->number, 5);
    EXPECT_EQ(store->last_good("shop", "nope"), std::nullopt);
}

TEST_P(StoreTest, LoadGivesBackEveryFieldOfRealFiles) {
    auto store = open();
    // The files chosen must hold what is to be kept: a test that compares empty fields proves
    // nothing.
    bool hashes = false, locations = false, parents = false, edges = false, license_names = false, suppliers = false;
    for (const std::string& file : kRoundTripFiles) {
        const sbom::Document original = read(file);
        const Build build = store->record(new_build("roundtrip", "main"), original);
        EXPECT_EQ(build.source, original.source);
        const sbom::Document loaded = store->load(build);
        expect_same_document(original, loaded, file);
        const diff::Changes same = diff::compare(original, loaded);
        EXPECT_THAT(describe(same), IsEmpty()) << file;
        hashes = hashes || !original.hashes.empty();
        locations = locations || !original.locations.empty();
        edges = edges || !original.edges.empty();
        for (const sbom::Component& c : original.components) {
            parents = parents || c.parent != sbom::kNone;
            license_names = license_names || (c.license.is_name && !c.license.empty());
            suppliers = suppliers || !c.supplier.empty();
        }
    }
    EXPECT_TRUE(hashes && locations && parents && edges && license_names && suppliers)
        << hashes << locations << parents << edges << license_names << suppliers;
}

TEST_P(StoreTest, LoadedBuildsDiffLikeTheFilesTheyCameFrom) {
    auto store = open();
    for (const auto& [old_file, new_file] : kPairs) {
        SCOPED_TRACE(old_file + " > " + new_file);
        const sbom::Document old_doc = read(old_file), new_doc = read(new_file);
        const Build old_build = store->record(new_build("pairs", "main"), old_doc);
        const Build new_build_ = store->record(new_build("pairs", "main"), new_doc);
        const sbom::Document old_loaded = store->load(old_build), new_loaded = store->load(new_build_);

        const diff::Changes expected = diff::compare(old_doc, new_doc);
        ASSERT_GT(expected.total(), 0u) << "a pair whose diff is empty tests nothing";
        const diff::Changes loaded = diff::compare(old_loaded, new_loaded);
        EXPECT_EQ(describe(loaded), describe(expected));
        EXPECT_EQ(summary(loaded), summary(expected));
        // What `bomwatch check` does: the last recorded build against a new file.
        const diff::Changes check = diff::compare(old_loaded, new_doc);
        EXPECT_EQ(describe(check), describe(expected));
        EXPECT_EQ(summary(check), summary(expected));
    }
}

TEST_P(StoreTest, BuildsAreNewestFirstWithLimitAndBranch) {
    auto store = open();
    const sbom::Document doc = small_doc(dir_, {{"left-pad", "1.0.0", ""}});
    std::vector<std::int64_t> ids;
    for (const char* branch : {"main", "main", "dev", "main", "dev"}) ids.push_back(store->record(new_build("shop", branch), doc).id);
    store->record(new_build("other", "main"), doc);

    const auto all = store->builds("shop", "", 0);
    ASSERT_EQ(all.size(), 5u);
    std::vector<std::int64_t> all_ids;
    for (const Build& b : all) all_ids.push_back(b.id);
    EXPECT_EQ(all_ids, std::vector<std::int64_t>(ids.rbegin(), ids.rend()));
    for (const Build& b : all) EXPECT_EQ(b.project, "shop");

    const auto main = store->builds("shop", "main", 0);
    EXPECT_EQ(numbers(main), (std::vector<std::int64_t>{3, 2, 1}));
    for (const Build& b : main) EXPECT_EQ(b.branch, "main");
    EXPECT_EQ(numbers(store->builds("shop", "main", 2)), (std::vector<std::int64_t>{3, 2}));
    EXPECT_EQ(numbers(store->builds("shop", "dev", 1)), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(store->builds("shop", "", 2).size(), 2u);
    EXPECT_EQ(store->builds("shop", "", 2)[0].id, ids.back());
    EXPECT_THAT(store->builds("nobody", "", 0), IsEmpty());
}

TEST_P(StoreTest, TimelineFollowsOneComponentAcrossBuilds) {
    auto store = open();
    const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
    const sbom::Document one = small_doc(dir_, {{"left-pad", "1.0.0", a}, {"lodash", "4.17.21", ""}}, "1.json");
    const sbom::Document two = small_doc(dir_, {{"left-pad", "1.0.0", b}, {"lodash", "4.17.21", ""}}, "2.json");
    const sbom::Document three = small_doc(dir_, {{"left-pad", "1.1.0", c}}, "3.json");
    const std::string identity(sbom::find(one, "pkg:npm/left-pad@1.0.0").identity);
    ASSERT_EQ(identity, sbom::find(three, "pkg:npm/left-pad@1.1.0").identity);

    NewBuild labelled = new_build("shop", "main");
    labelled.label = "ci-1";
    const Build b1 = store->record(labelled, one);
    const Build b2 = store->record(new_build("shop", "main", false), two);
    store->record(new_build("other", "main"), one);  // another project: not in shop's timeline
    const Build b3 = store->record(new_build("shop", "main"), three);
    const Build dev = store->record(new_build("shop", "dev"), two);

    const auto main = store->timeline("shop", "main", identity);
    ASSERT_EQ(main.size(), 3u);
    EXPECT_EQ(main[0].build_id, b1.id);
    EXPECT_EQ(main[0].number, 1);
    EXPECT_EQ(main[0].label, "ci-1");
    EXPECT_EQ(main[0].recorded_at, b1.recorded_at);
    EXPECT_TRUE(main[0].good);
    EXPECT_EQ(main[0].purl, "pkg:npm/left-pad@1.0.0");
    EXPECT_EQ(main[0].version, "1.0.0");
    EXPECT_THAT(main[0].hashes, ElementsAre("SHA-256:" + a));
    EXPECT_EQ(main[1].build_id, b2.id);
    EXPECT_FALSE(main[1].good);
    EXPECT_EQ(main[1].version, "1.0.0");
    EXPECT_THAT(main[1].hashes, ElementsAre("SHA-256:" + b));
    EXPECT_EQ(main[2].build_id, b3.id);
    EXPECT_EQ(main[2].number, 3);
    EXPECT_EQ(main[2].purl, "pkg:npm/left-pad@1.1.0");
    EXPECT_EQ(main[2].version, "1.1.0");
    EXPECT_THAT(main[2].hashes, ElementsAre("SHA-256:" + c));

    // All branches: dev's copy too, oldest build first.
    const auto all = store->timeline("shop", "", identity);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[3].build_id, dev.id);
    // lodash left build 3.
    const std::string lodash(sbom::find(one, "pkg:npm/lodash@4.17.21").identity);
    const auto gone = store->timeline("shop", "main", lodash);
    ASSERT_EQ(gone.size(), 2u);
    EXPECT_THAT(gone[0].hashes, IsEmpty());
    EXPECT_THAT(store->timeline("shop", "main", "pkg:npm/nothing"), IsEmpty());
    EXPECT_THAT(store->timeline("nobody", "", identity), IsEmpty());
}

TEST_P(StoreTest, ProjectsSummariseEveryBranch) {
    auto store = open();
    EXPECT_THAT(store->projects(), IsEmpty());
    const sbom::Document doc = small_doc(dir_, {{"left-pad", "1.0.0", ""}});
    store->record(new_build("shop", "main"), doc);
    store->record(new_build("shop", "main"), doc);
    const Build last_main = store->record(new_build("shop", "main", false), doc);
    const Build dev = store->record(new_build("shop", "dev", false), doc);
    const Build api = store->record(new_build("api", "main"), doc);

    const auto projects = store->projects();
    ASSERT_EQ(projects.size(), 3u);
    EXPECT_EQ(projects[0].project, "api");
    EXPECT_EQ(projects[0].branch, "main");
    EXPECT_EQ(projects[0].builds, 1u);
    EXPECT_EQ(projects[0].last_number, 1);
    EXPECT_EQ(projects[0].last_recorded_at, api.recorded_at);
    EXPECT_EQ(projects[0].last_good_number, 1);
    EXPECT_EQ(projects[1].project, "shop");
    EXPECT_EQ(projects[1].branch, "dev");
    EXPECT_EQ(projects[1].builds, 1u);
    EXPECT_EQ(projects[1].last_recorded_at, dev.recorded_at);
    EXPECT_EQ(projects[1].last_good_number, std::nullopt);
    EXPECT_EQ(projects[2].project, "shop");
    EXPECT_EQ(projects[2].branch, "main");
    EXPECT_EQ(projects[2].builds, 3u);
    EXPECT_EQ(projects[2].last_number, 3);
    EXPECT_EQ(projects[2].last_recorded_at, last_main.recorded_at);
    EXPECT_EQ(projects[2].last_good_number, 2);
}

TEST_P(StoreTest, PruneKeepsTheNewestAndTheLastGoodBuild) {
    auto store = open();
    const sbom::Document doc = read(test::testdata("axios/before.cdx.json"));
    const std::string identity(doc.components[doc.root == 0 ? 1 : 0].identity);
    const Build good = store->record(new_build("shop", "main", true), doc);  // 1: the last good one
    for (int i = 0; i < 4; ++i) store->record(new_build("shop", "main", false), doc);  // 2..5
    for (int i = 0; i < 3; ++i) store->record(new_build("shop", "dev", true), doc);    // 1..3
    for (int i = 0; i < 3; ++i) store->record(new_build("other", "main", true), doc);  // 1..3

    // Of shop only: main keeps 4, 5 and 1 (deletes 2, 3), dev keeps 2, 3 (deletes 1).
    EXPECT_EQ(store->prune(2, "shop"), 3u);
    EXPECT_EQ(numbers(store->builds("shop", "main", 0)), (std::vector<std::int64_t>{5, 4, 1}));
    EXPECT_EQ(numbers(store->builds("shop", "dev", 0)), (std::vector<std::int64_t>{3, 2}));
    EXPECT_EQ(numbers(store->builds("other", "main", 0)), (std::vector<std::int64_t>{3, 2, 1}));
    expect_same_document(doc, store->load(good), "the kept good build");
    EXPECT_EQ(store->timeline("shop", "main", identity).size(), 3u);
    // Nothing more to delete at that depth.
    EXPECT_EQ(store->prune(2, "shop"), 0u);

    // Every project, keeping none: only each branch's last good build is left.
    EXPECT_EQ(store->prune(0, ""), 2u + 1u + 2u);
    EXPECT_EQ(numbers(store->builds("shop", "main", 0)), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(numbers(store->builds("shop", "dev", 0)), (std::vector<std::int64_t>{3}));
    EXPECT_EQ(numbers(store->builds("other", "main", 0)), (std::vector<std::int64_t>{3}));
    expect_same_document(doc, store->load(good), "the kept good build after the second prune");

    // A pruned build's number is not given again; a new build's id is larger than any before.
    const Build next = store->record(new_build("shop", "main"), doc);
    EXPECT_EQ(next.number, 6);
    const auto projects = store->projects();
    ASSERT_EQ(projects.size(), 3u);
    EXPECT_EQ(projects[2].builds, 2u);
    EXPECT_EQ(projects[2].last_number, 6);
}

TEST_P(StoreTest, PrunedBuildCannotBeLoaded) {
    auto store = open();
    const sbom::Document doc = small_doc(dir_, {{"left-pad", "1.0.0", std::string(64, 'a')}});
    const Build old = store->record(new_build("shop", "main", false), doc);
    store->record(new_build("shop", "main", true), doc);
    EXPECT_EQ(store->prune(1, ""), 1u);
    try {
        store->load(old);
        ADD_FAILURE() << "a pruned build loaded";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::Failed);
        EXPECT_EQ(std::string(e.what()), store->describe() + ": build 1 of shop/main is no longer in the store (pruned?)");
    }
    EXPECT_THAT(store->timeline("shop", "main", sbom::find(doc, "pkg:npm/left-pad@1.0.0").identity).size(), 1u);
}

TEST_P(StoreTest, ConcurrentWritersAreSerialisedAndNumberedInOrder) {
    {
        auto create = open();  // the schema exists before the writers start
    }
    const sbom::Document doc = read(test::testdata("axios/after.cdx.json"));
    constexpr int kThreads = 2, kEach = 5;
    std::vector<std::vector<Build>> recorded(kThreads);
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            try {
                auto store = open_store(fresh_->location(), OpenMode::MustExist);
                for (int i = 0; i < kEach; ++i)
                    recorded[static_cast<std::size_t>(t)].push_back(store->record(new_build("shop", "main"), doc));
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(t)] = e.what();
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& e : errors) EXPECT_EQ(e, "");

    std::set<std::int64_t> seen;
    for (const auto& mine : recorded) {
        ASSERT_EQ(mine.size(), static_cast<std::size_t>(kEach));
        for (std::size_t i = 1; i < mine.size(); ++i) {
            EXPECT_GT(mine[i].number, mine[i - 1].number);
            EXPECT_GT(mine[i].id, mine[i - 1].id);
        }
        for (const Build& b : mine) EXPECT_TRUE(seen.insert(b.number).second) << "number " << b.number << " twice";
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kEach));
    EXPECT_EQ(*seen.begin(), 1);
    EXPECT_EQ(*seen.rbegin(), kThreads * kEach);

    // Numbered in commit order: ids and numbers rise together.
    auto store = open(OpenMode::MustExist);
    const auto all = store->builds("shop", "main", 0);
    ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].number, static_cast<std::int64_t>(all.size() - i));
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i].id, all[i - 1].id);
    for (const Build& b : all) EXPECT_EQ(store->load(b).components.size(), doc.components.size());
}

TEST_P(StoreTest, ReopeningKeepsEverything) {
    const sbom::Document doc = read(test::testdata("axios/before.cdx.json"));
    std::vector<Build> recorded;
    std::int64_t message = 0;
    {
        auto store = open();
        recorded.push_back(store->record(new_build("shop", "main"), doc));
        NewBuild nb = new_build("shop", "main", false);
        nb.label = "ci-2";
        nb.compared_with = recorded[0].id;
        nb.findings = {0, 0, 1, 0, 2};
        recorded.push_back(store->record(nb, doc));
        store->mark_sent("slack", "shop", std::vector<std::string>{"fp-1"});
        OutboxMessage m;
        m.sink = "slack";
        m.project = "shop";
        m.payload = "p";
        m.fingerprints = {"fp-2"};
        message = store->enqueue(m);
    }
    auto store = open(OpenMode::MustExist);
    const auto builds = store->builds("shop", "main", 0);
    ASSERT_EQ(builds.size(), 2u);
    expect_same_build(builds[0], recorded[1]);
    expect_same_build(builds[1], recorded[0]);
    expect_same_document(doc, store->load(builds[0]), "reopened");
    // fp-1 was sent and fp-2 waits in the outbox: only fp-3 is new.
    EXPECT_THAT(store->not_sent("slack", "shop", std::vector<std::string>{"fp-1", "fp-2", "fp-3"}), ElementsAre("fp-3"));
    EXPECT_EQ(store->waiting("slack"), 1u);
    const auto claimed = store->claim("slack", std::chrono::hours(1), 0);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, message);
    EXPECT_EQ(store->record(new_build("shop", "main"), doc).number, 3);
}

// A writer killed in the middle of recording (a CI job cancelled) leaves the builds before it
// complete, no partial build, and a store the next run writes to.
TEST_P(StoreTest, KilledWriterLeavesNoPartialBuild) {
    {
        auto create = open();
    }
    const sbom::Document doc = read(test::corpus("cyclonedx-json/bom-examples_keycloak-10.0.2.json"));
    ASSERT_GT(doc.components.size(), 100u);
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
        // Records until killed; _exit, so nothing of the parent's (gtest, its connections) runs here.
        try {
            auto store = open_store(fresh_->location(), OpenMode::MustExist);
            for (;;) store->record(new_build("shop", "main"), doc);
        } catch (...) {
        }
        _exit(3);
    }
    auto store = open(OpenMode::MustExist);
    // Let it finish two builds, then kill it at some point of the next ones.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (store->builds("shop", "main", 0).size() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(37));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer stopped by itself: status " << status;
    store.reset();

    store = open(OpenMode::MustExist);
    const auto builds = store->builds("shop", "main", 0);
    ASSERT_GE(builds.size(), 2u);
    for (std::size_t i = 0; i < builds.size(); ++i) {
        EXPECT_EQ(builds[i].number, static_cast<std::int64_t>(builds.size() - i));
        EXPECT_EQ(builds[i].components, doc.components.size());
        expect_same_document(doc, store->load(builds[i]), "build " + std::to_string(builds[i].number));
    }
    const Build next = store->record(new_build("shop", "main"), doc);
    EXPECT_EQ(next.number, static_cast<std::int64_t>(builds.size()) + 1);
    expect_same_document(doc, store->load(next), "the build after the kill");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const testing::TestParamInfo<Backend>& info) { return std::string(test::backend_name(info.param)); });

}  // namespace
}  // namespace bomwatch::store
