#include "policy/osv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sbom/error.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Every test process gets its own cache folder, so tests never read or write the user's cache.
class IsolatedCache : public ::testing::Environment {
public:
    void SetUp() override {
        folder_ = std::make_unique<test::TempDir>();
        ::setenv("XDG_CACHE_HOME", folder_->path().c_str(), 1);
        ::unsetenv("BOMWATCH_OSV_CACHE");
    }
    void TearDown() override { folder_.reset(); }
    static std::filesystem::path cache_folder() { return std::filesystem::path(std::getenv("XDG_CACHE_HOME")) / "bomwatch" / "osv"; }

private:
    std::unique_ptr<test::TempDir> folder_;
};
[[maybe_unused]] const auto* const kIsolatedCache = ::testing::AddGlobalTestEnvironment(new IsolatedCache);

std::vector<std::string> ids(const std::vector<const Advisory*>& advisories) {
    std::vector<std::string> out;
    for (const Advisory* advisory : advisories) out.push_back(advisory->id);
    return out;
}

std::string testdata_osv() { return test::testdata("osv"); }

// A zip of the given (entry name, content) pairs, flat like osv.dev's all.zip.
void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    for (const auto& [name, content] : entries) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
    }
    ASSERT_EQ(zip_close(archive), 0);  // reads the buffers, which outlive it
}

// Every *.json under testdata/osv as flat zip entries named by file name.
std::vector<std::pair<std::string, std::string>> testdata_entries() {
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& file : std::filesystem::recursive_directory_iterator(testdata_osv()))
        if (file.path().extension() == ".json")
            entries.emplace_back(file.path().filename().string(), test::read_file(file.path().string()));
    std::sort(entries.begin(), entries.end());  // the folder's order: the warnings come in entry order
    return entries;
}

TEST(OsvDatabase, RealMaliciousPackagesRecordAffectsEveryVersion) {
    OsvDatabase db = OsvDatabase::open(test::shared("osv-sample"));
    EXPECT_EQ(db.record_count(), 1u);
    EXPECT_THAT(db.warnings(), IsEmpty());
    const auto found = db.affecting("npm", "", "flatmap-stream", "0.1.1");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0]->id, "MAL-2025-20690");
    EXPECT_TRUE(found[0]->malicious);
    EXPECT_EQ(found[0]->summary, "Malicious code in flatmap-stream (npm)");
    EXPECT_EQ(found[0]->severity, "");
    EXPECT_THAT(found[0]->aliases, IsEmpty());
    EXPECT_EQ(found[0]->source, test::shared("osv-sample") + "/npm/flatmap-stream/MAL-2025-20690.json");
    EXPECT_THAT(ids(db.affecting("npm", "", "flatmap-stream", "0.0.0-alpha")), ElementsAre("MAL-2025-20690"));
    EXPECT_THAT(db.affecting("npm", "", "event-stream", "3.3.6"), IsEmpty());
    EXPECT_THAT(db.affecting("pypi", "", "flatmap-stream", "0.1.1"), IsEmpty());  // another ecosystem
    EXPECT_THAT(db.affecting("npm", "@evil", "flatmap-stream", "0.1.1"), IsEmpty());
}

class TestdataDatabase : public ::testing::TestWithParam<bool> {  // folder, or a zip of it
protected:
    void SetUp() override {
        if (!GetParam()) {
            db_ = std::make_unique<OsvDatabase>(OsvDatabase::open(testdata_osv()));
            return;
        }
        zip_path_ = (temp_.path() / "all.zip").string();
        write_zip(zip_path_, testdata_entries());
        db_ = std::make_unique<OsvDatabase>(OsvDatabase::open(zip_path_));
    }
    std::vector<std::string> query(std::string_view type, std::string_view ns, std::string_view name,
                                   std::string_view version) {
        return ids(db_->affecting(type, ns, name, version));
    }
    test::TempDir temp_;
    std::string zip_path_;
    std::unique_ptr<OsvDatabase> db_;
};

TEST_P(TestdataDatabase, CountsValidRecordsAndWarnsAboutTheOthers) {
    EXPECT_EQ(db_->record_count(), 10u);  // 12 JSON files, 2 not OSV; the withdrawn one counts
    ASSERT_EQ(db_->warnings().size(), 2u);
    const std::string prefix = GetParam() ? zip_path_ + "!/" : testdata_osv() + "/invalid/";
    EXPECT_THAT(db_->warnings()[0], HasSubstr(prefix + "broken.json: not valid JSON"));
    EXPECT_THAT(db_->warnings()[0], HasSubstr("line 5"));
    EXPECT_THAT(db_->warnings()[1], HasSubstr(prefix + "not-osv.json: not an OSV record"));
    EXPECT_THAT(query("npm", "", "broken-record", "1.0.0"), IsEmpty());
}

TEST_P(TestdataDatabase, VersionsList) {
    EXPECT_THAT(query("npm", "", "left-pad-evil", "1.0.1"), ElementsAre("MAL-2024-0001"));
    EXPECT_THAT(query("npm", "", "left-pad-evil", "1.0.3"), ElementsAre("MAL-2024-0001"));
    EXPECT_THAT(query("npm", "", "left-pad-evil", "1.0.2"), IsEmpty());  // and the withdrawn record says nothing
    EXPECT_THAT(query("npm", "", "left-pad-evil", "1.0.4"), IsEmpty());
    const auto found = db_->affecting("npm", "", "left-pad-evil", "1.0.1");
    EXPECT_EQ(found[0]->summary, "Malicious code in left-pad-evil (npm)");  // first line only
    EXPECT_TRUE(found[0]->malicious);
}

TEST_P(TestdataDatabase, SemverRangesWithFixedAndLastAffected) {
    // GHSA-aaaa: [1.2.0, 1.4.5) and [2.0.0, 2.0.3); GHSA-dddd: up to 1.3.0 inclusive.
    EXPECT_THAT(query("npm", "@acme", "widget", "0.0.1"), ElementsAre("GHSA-dddd-eeee-ffff"));
    EXPECT_THAT(query("npm", "@acme", "widget", "1.2.0-beta.1"), ElementsAre("GHSA-dddd-eeee-ffff"));
    EXPECT_THAT(query("npm", "@acme", "widget", "1.2.0"), ElementsAre("GHSA-aaaa-bbbb-cccc", "GHSA-dddd-eeee-ffff"));
    EXPECT_THAT(query("npm", "@acme", "widget", "1.3.0"), ElementsAre("GHSA-aaaa-bbbb-cccc", "GHSA-dddd-eeee-ffff"));
    EXPECT_THAT(query("npm", "@acme", "widget", "1.3.1"), ElementsAre("GHSA-aaaa-bbbb-cccc"));
    EXPECT_THAT(query("npm", "@acme", "widget", "1.4.4"), ElementsAre("GHSA-aaaa-bbbb-cccc"));
    EXPECT_THAT(query("npm", "@acme", "widget", "1.4.5"), IsEmpty());
    EXPECT_THAT(query("npm", "@acme", "widget", "1.9.9"), IsEmpty());
    EXPECT_THAT(query("npm", "@acme", "widget", "2.0.0"), ElementsAre("GHSA-aaaa-bbbb-cccc"));
    EXPECT_THAT(query("npm", "@acme", "widget", "2.0.2"), ElementsAre("GHSA-aaaa-bbbb-cccc"));
    EXPECT_THAT(query("npm", "@acme", "widget", "2.0.3"), IsEmpty());
    EXPECT_THAT(query("npm", "acme", "widget", "2.0.2"), ElementsAre("GHSA-aaaa-bbbb-cccc"));  // '@' implied
    EXPECT_THAT(query("npm", "", "widget", "2.0.2"), IsEmpty());
    EXPECT_THAT(query("npm", "@other", "widget", "2.0.2"), IsEmpty());
}

TEST_P(TestdataDatabase, AliasesSeverityAndMalice) {
    const auto found = db_->affecting("npm", "@acme", "widget", "1.3.0");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_THAT(found[0]->aliases, ElementsAre("CVE-2024-1111"));
    EXPECT_EQ(found[0]->severity, "medium");  // GHSA's MODERATE
    EXPECT_FALSE(found[0]->malicious);
    EXPECT_THAT(found[1]->aliases, ElementsAre("CVE-2024-2222", "MAL-2024-0099"));
    EXPECT_EQ(found[1]->severity, "critical");  // CVSS 3.1 base 9.8
    EXPECT_TRUE(found[1]->malicious);           // by its MAL- alias
}

TEST_P(TestdataDatabase, PypiEcosystemRangeWithPep503Names) {
    for (const char* name : {"django-helper-tools", "Django_Helper.Tools", "django__helper--tools"}) {
        SCOPED_TRACE(name);
        EXPECT_THAT(query("pypi", "", name, "1.9"), ElementsAre("PYSEC-2024-10"));
        EXPECT_THAT(query("pypi", "", name, "2.0rc1"), ElementsAre("PYSEC-2024-10"));  // PEP 440: before 2.0
        EXPECT_THAT(query("pypi", "", name, "2.0"), IsEmpty());
        EXPECT_THAT(query("pypi", "", name, "2.0.post1"), IsEmpty());
    }
    EXPECT_THAT(query("pypi", "", "django-helper", "1.0"), IsEmpty());
    EXPECT_EQ(db_->affecting("pypi", "", "django-helper-tools", "1.0")[0]->severity, "medium");  // CVSS 6.1
}

TEST_P(TestdataDatabase, MavenEcosystemRangeIgnoringGitRanges) {
    EXPECT_THAT(query("maven", "org.example", "parser-core", "1.9"), IsEmpty());  // the GIT range is not read
    EXPECT_THAT(query("maven", "org.example", "parser-core", "2.0"), ElementsAre("GHSA-mmmm-nnnn-oooo"));
    EXPECT_THAT(query("maven", "org.example", "parser-core", "2.0.0"), ElementsAre("GHSA-mmmm-nnnn-oooo"));
    EXPECT_THAT(query("maven", "org.example", "parser-core", "2.5-SNAPSHOT"), ElementsAre("GHSA-mmmm-nnnn-oooo"));
    EXPECT_THAT(query("maven", "org.example", "parser-core", "2.9.10.7"), ElementsAre("GHSA-mmmm-nnnn-oooo"));
    EXPECT_THAT(query("maven", "org.example", "parser-core", "2.9.10.8"), IsEmpty());
    EXPECT_THAT(query("maven", "org.example", "parser-core", "3.0"), IsEmpty());
    EXPECT_THAT(query("maven", "org.other", "parser-core", "2.5"), IsEmpty());
    // database_specific.severity wins over the record's CVSS vector (which scores low).
    EXPECT_EQ(db_->affecting("maven", "org.example", "parser-core", "2.5")[0]->severity, "high");
}

TEST_P(TestdataDatabase, OneRecordWithSeveralAffectedPackages) {
    EXPECT_THAT(query("npm", "", "twin-a", "1.0.0"), ElementsAre("OSV-2024-MULTI"));
    EXPECT_THAT(query("npm", "", "twin-a", "1.0.1"), IsEmpty());
    EXPECT_THAT(query("pypi", "", "twin-b", "99"), ElementsAre("OSV-2024-MULTI"));
    // "Debian:12" and "Alpine:v3.18" match on the ecosystem before the ':'.
    EXPECT_THAT(query("deb", "debian", "libtwin", "1.2-2"), ElementsAre("OSV-2024-MULTI"));
    EXPECT_THAT(query("deb", "debian", "libtwin", "1.2-3"), IsEmpty());
    EXPECT_THAT(query("deb", "debian", "libtwin", "1:1.0-1"), IsEmpty());  // the epoch makes it newer
    EXPECT_THAT(query("deb", "ubuntu", "libtwin", "1.2-2"), IsEmpty());
    EXPECT_THAT(query("apk", "alpine", "twin-apk", "1.5-r1"), ElementsAre("OSV-2024-MULTI"));
    EXPECT_THAT(query("apk", "alpine", "twin-apk", "1.5-r2"), IsEmpty());
    EXPECT_THAT(query("apk", "alpine", "twin-apk", "0.9-r0"), IsEmpty());
    EXPECT_THAT(query("npm", "", "twin-b", "1.0.0"), IsEmpty());  // twin-b is PyPI's
}

TEST_P(TestdataDatabase, OtherEcosystems) {
    EXPECT_THAT(query("gem", "", "rack-evil", "0.0.1"), ElementsAre("MAL-2024-0200"));
    EXPECT_THAT(query("npm", "", "rack-evil", "0.0.1"), IsEmpty());
    EXPECT_THAT(query("golang", "github.com/evil", "mod", "v1.4.9"), ElementsAre("GO-2024-0001"));
    EXPECT_THAT(query("golang", "github.com/evil", "mod", "v1.5.0"), IsEmpty());
    EXPECT_THAT(query("golang", "github.com/Evil", "mod", "v1.4.9"), IsEmpty());  // Go paths keep case
    EXPECT_THAT(query("nuget", "", "evil.package", "1.0.4"), ElementsAre("GHSA-qqqq-rrrr-ssss"));  // any case
    EXPECT_THAT(query("nuget", "", "Evil.Package", "1.0.0"), ElementsAre("GHSA-qqqq-rrrr-ssss"));
    EXPECT_THAT(query("nuget", "", "Evil.Package", "1.0.5"), IsEmpty());
    EXPECT_EQ(db_->affecting("nuget", "", "Evil.Package", "1.0.0")[0]->severity, "low");
    EXPECT_THAT(query("unknown-type", "", "rack-evil", "0.0.1"), IsEmpty());
}

TEST_P(TestdataDatabase, SourceNamesTheFileOrTheZipEntry) {
    const auto found = db_->affecting("gem", "", "rack-evil", "1.0");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0]->source, GetParam() ? zip_path_ + "!/MAL-2024-0200.json"
                                           : testdata_osv() + "/rubygems/rack-evil/MAL-2024-0200.json");
}

INSTANTIATE_TEST_SUITE_P(FolderAndZip, TestdataDatabase, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Zip" : "Folder"; });

TEST(OsvDatabase, SeverityFromCvssV3BaseScores) {
    struct Case {
        const char* vector;
        const char* severity;
    };
    const Case cases[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "critical"},  // 9.8
        {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "critical"},  // 10.0
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "high"},      // 8.8
        {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "high"},      // 7.8
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "medium"},    // 5.9
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "medium"},    // 6.1
        {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:N/A:N/E:U", "low"},   // 2.3, a temporal metric beside
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "low"},       // 3.7
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", ""},          // 0.0
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", ""},              // incomplete
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", ""},
        {"AV:N/AC:L/Au:N/C:P/I:P/A:P", ""},  // CVSS v2
    };
    test::TempDir folder;
    int n = 0;
    for (const Case& c : cases) {
        ++n;
        folder.write("R-" + std::to_string(n) + ".json",
                     std::string(R"({"id": "R-)") + std::to_string(n) + R"(", "severity": [{"type": "CVSS_V3", "score": ")" +
                         c.vector + R"("}], "affected": [{"package": {"ecosystem": "npm", "name": "p)" +
                         std::to_string(n) + R"("}, "versions": ["1"]}]})");
    }
    OsvDatabase db = OsvDatabase::open(folder.path().string());
    ASSERT_THAT(db.warnings(), IsEmpty());
    n = 0;
    for (const Case& c : cases) {
        ++n;
        SCOPED_TRACE(c.vector);
        const auto found = db.affecting("npm", "", "p" + std::to_string(n), "1");
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0]->severity, c.severity);
    }
}

TEST(OsvDatabase, OneAdvisoryFiledTwiceIsNamedOnce) {
    test::TempDir folder;
    const std::string record = R"({"id": "MAL-1", "affected": [{"package": {"ecosystem": "npm", "name": "dup"}, "versions": ["1.0.0"]}]})";
    std::filesystem::create_directories(folder.path() / "a");
    folder.write("a/MAL-1.json", record);
    folder.write("MAL-1.json", record);
    folder.write("MAL-0.json", R"({"id": "MAL-0", "affected": [{"package": {"ecosystem": "npm", "name": "dup"}, "versions": ["1.0.0"]}]})");
    OsvDatabase db = OsvDatabase::open(folder.path().string());
    EXPECT_EQ(db.record_count(), 3u);
    EXPECT_THAT(ids(db.affecting("npm", "", "dup", "1.0.0")), ElementsAre("MAL-0", "MAL-1"));
}

TEST(OsvDatabase, ZipEntriesThatAreNotRecordsAreSkippedWithAWarning) {
    test::TempDir folder;
    const std::string zip = (folder.path() / "npm.zip").string();
    write_zip(zip, {{"MAL-1.json", R"({"id": "MAL-1", "affected": [{"package": {"ecosystem": "npm", "name": "z"}, "versions": ["1"]}]})"},
                    {"MAL-2.json", "{\"id\": \"MAL-2\", \"affected\": ["},
                    {"MAL-3.json", "[1, 2, 3]"},
                    {"docs/README.md", "not a record"}});
    OsvDatabase db = OsvDatabase::open(zip);
    EXPECT_EQ(db.record_count(), 1u);
    ASSERT_EQ(db.warnings().size(), 2u);
    EXPECT_THAT(db.warnings()[0], HasSubstr(zip + "!/MAL-2.json: not valid JSON"));
    EXPECT_THAT(db.warnings()[1], HasSubstr(zip + "!/MAL-3.json: not an OSV record"));
    EXPECT_THAT(ids(db.affecting("npm", "", "z", "1")), ElementsAre("MAL-1"));
}

TEST(OsvDatabase, UnreadablePathsThrowInputErrorNamingThePath) {
    test::TempDir folder;
    const std::string missing = (folder.path() / "missing").string();
    try {
        OsvDatabase::open(missing);
        FAIL() << "no exception";
    } catch (const sbom::InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr(missing));
    }
    const std::string text = folder.write("notes.txt", "just text, not a zip");
    EXPECT_THROW(OsvDatabase::open(text), sbom::InputError);
    const std::string empty = folder.write("empty.zip", "");
    EXPECT_THROW(OsvDatabase::open(empty), sbom::InputError);
    const auto empty_folder = folder.path() / "empty";
    std::filesystem::create_directory(empty_folder);
    OsvDatabase db = OsvDatabase::open(empty_folder.string());
    EXPECT_EQ(db.record_count(), 0u);
    EXPECT_THAT(db.affecting("npm", "", "anything", "1.0.0"), IsEmpty());
}

// ---- The cache ----

std::string record_for(const std::string& id, const std::string& name) {
    return R"({"id": ")" + id + R"(", "affected": [{"package": {"ecosystem": "npm", "name": ")" + name +
           R"("}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]})";
}

// Sets every folder's mtime an hour back: the cache is not written for a database changed in the
// last seconds (a change within one timestamp tick would go unseen).
void backdate(const std::filesystem::path& root) {
    const auto past = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
    std::filesystem::last_write_time(root, past);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
        std::filesystem::last_write_time(entry.path(), past);
}

std::size_t cache_files() {
    std::size_t count = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(IsolatedCache::cache_folder(), error)) {
        (void)entry;
        ++count;
    }
    return count;
}

TEST(OsvDatabaseCache, AFolderChangeIsSeenOnTheNextOpen) {
    test::TempDir folder;
    std::filesystem::create_directories(folder.path() / "npm" / "a");
    folder.write("npm/a/MAL-1.json", record_for("MAL-1", "a"));
    backdate(folder.path());
    const std::size_t before = cache_files();
    {
        OsvDatabase db = OsvDatabase::open(folder.path().string());
        EXPECT_THAT(ids(db.affecting("npm", "", "a", "1.0.0")), ElementsAre("MAL-1"));
    }
    EXPECT_EQ(cache_files(), before + 1);
    {
        OsvDatabase db = OsvDatabase::open(folder.path().string());  // from the cache
        EXPECT_THAT(ids(db.affecting("npm", "", "a", "1.0.0")), ElementsAre("MAL-1"));
        EXPECT_EQ(db.record_count(), 1u);
    }
    // A new record two folders down changes only that folder's mtime.
    std::filesystem::create_directories(folder.path() / "npm" / "b");
    folder.write("npm/b/MAL-2.json", record_for("MAL-2", "b"));
    folder.write("npm/a/MAL-3.json", record_for("MAL-3", "a"));
    {
        OsvDatabase db = OsvDatabase::open(folder.path().string());
        EXPECT_THAT(ids(db.affecting("npm", "", "a", "1.0.0")), ElementsAre("MAL-1", "MAL-3"));
        EXPECT_THAT(ids(db.affecting("npm", "", "b", "1.0.0")), ElementsAre("MAL-2"));
    }
    std::filesystem::remove(folder.path() / "npm" / "a" / "MAL-1.json");
    OsvDatabase db = OsvDatabase::open(folder.path().string());
    EXPECT_THAT(ids(db.affecting("npm", "", "a", "1.0.0")), ElementsAre("MAL-3"));
    EXPECT_EQ(db.record_count(), 2u);
    EXPECT_EQ(cache_files(), before + 1);  // one file per database, replaced
}

TEST(OsvDatabaseCache, AReplacedZipIsSeenOnTheNextOpen) {
    test::TempDir folder;
    const std::string zip = (folder.path() / "all.zip").string();
    write_zip(zip, {{"MAL-1.json", record_for("MAL-1", "a")}});
    backdate(folder.path());
    const std::size_t before = cache_files();
    EXPECT_THAT(ids(OsvDatabase::open(zip).affecting("npm", "", "a", "1")), ElementsAre("MAL-1"));
    EXPECT_THAT(ids(OsvDatabase::open(zip).affecting("npm", "", "a", "1")), ElementsAre("MAL-1"));
    EXPECT_EQ(cache_files(), before + 1);
    write_zip(zip, {{"MAL-2.json", record_for("MAL-2", "a")}, {"MAL-3.json", record_for("MAL-3", "b")}});
    OsvDatabase db = OsvDatabase::open(zip);
    EXPECT_THAT(ids(db.affecting("npm", "", "a", "1")), ElementsAre("MAL-2"));
    EXPECT_EQ(db.record_count(), 2u);
}

TEST(OsvDatabaseCache, CorruptOrForeignCacheFilesAreIgnored) {
    test::TempDir folder;
    folder.write("MAL-1.json", record_for("MAL-1", "a"));
    folder.write("bad.json", "{");
    backdate(folder.path());
    OsvDatabase::open(folder.path().string());
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(IsolatedCache::cache_folder())) files.push_back(entry.path());
    ASSERT_FALSE(files.empty());
    for (const std::string& damage : {std::string("garbage"), std::string()}) {
        for (const auto& file : files) {
            std::string bytes = test::read_file(file.string());
            if (damage.empty() && bytes.size() > 40) bytes[bytes.size() / 2] ^= 0x5a;  // one flipped byte
            else bytes = damage;
            std::ofstream(file, std::ios::binary) << bytes;
        }
        OsvDatabase db = OsvDatabase::open(folder.path().string());
        EXPECT_THAT(ids(db.affecting("npm", "", "a", "2.0.0")), ElementsAre("MAL-1"));
        EXPECT_EQ(db.warnings().size(), 1u);
    }
    // The warnings come back from the cache too.
    OsvDatabase db = OsvDatabase::open(folder.path().string());
    ASSERT_EQ(db.warnings().size(), 1u);
    EXPECT_THAT(db.warnings()[0], HasSubstr(folder.path().string() + "/bad.json: not valid JSON"));
}

TEST(OsvDatabaseCache, CanBeTurnedOff) {
    test::TempDir folder;
    folder.write("MAL-1.json", record_for("MAL-1", "a"));
    backdate(folder.path());
    const std::size_t before = cache_files();
    ::setenv("BOMWATCH_OSV_CACHE", "off", 1);
    OsvDatabase db = OsvDatabase::open(folder.path().string());
    ::unsetenv("BOMWATCH_OSV_CACHE");
    EXPECT_THAT(ids(db.affecting("npm", "", "a", "1")), ElementsAre("MAL-1"));
    EXPECT_EQ(cache_files(), before);
}

TEST(OsvDatabase, AdvisoriesOutliveTheirQueryAndMoves) {
    OsvDatabase db = OsvDatabase::open(testdata_osv());
    const auto first = db.affecting("gem", "", "rack-evil", "1");
    OsvDatabase moved = std::move(db);
    const auto second = moved.affecting("gem", "", "rack-evil", "1");
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0], second[0]);
    EXPECT_EQ(first[0]->id, "MAL-2024-0200");
}

}  // namespace
}  // namespace bomwatch::policy
