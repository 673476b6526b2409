// bench_osv: times OsvDatabase::open and a list of queries over a database made by gen_osv_db,
// for the folder and the zip, compiled (no cache) and from the cache, and checks every answer.
//
//   bench_osv --data DIR [--zip FILE] [--repeat N]
//
// reads DIR/queries.tsv and opens DIR/osv (and FILE). The cache goes to DIR/cache (XDG_CACHE_HOME
// is set to it), never to the user's. Prints one table; exits 1 if an answer differs from the
// generator's, 2 on a usage or input error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "policy/osv.h"
#include "sbom/error.h"

namespace {

struct Query {
    std::string type, namespace_, name, version;
    std::size_t expected;
};

std::vector<Query> read_queries(const std::string& path) {
    std::vector<Query> queries;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            fields.push_back(line.substr(start, tab - start));
        fields.push_back(line.substr(start));
        if (fields.size() == 5)
            queries.push_back({fields[0], fields[1], fields[2], fields[3], std::stoul(fields[4])});
    }
    return queries;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Result {
    double open_seconds = 1e9, query_seconds = 1e9;
    std::size_t records = 0, hits = 0, mismatches = 0;
};

Result measure(const std::string& database, const std::vector<Query>& queries, bool cached, int repeat) {
    if (cached) {
        ::unsetenv("BOMWATCH_OSV_CACHE");
        bomwatch::policy::OsvDatabase::open(database);  // writes the cache if it is missing or stale
    } else {
        ::setenv("BOMWATCH_OSV_CACHE", "off", 1);
    }
    Result best;
    for (int round = 0; round < repeat; ++round) {
        auto start = std::chrono::steady_clock::now();
        bomwatch::policy::OsvDatabase db = bomwatch::policy::OsvDatabase::open(database);
        best.open_seconds = std::min(best.open_seconds, seconds_since(start));
        start = std::chrono::steady_clock::now();
        std::size_t hits = 0, mismatches = 0;
        for (const Query& query : queries) {
            const std::size_t found = db.affecting(query.type, query.namespace_, query.name, query.version).size();
            hits += found > 0;
            if (found != query.expected && mismatches++ < 5)
                std::fprintf(stderr, "bench_osv: %s %s/%s@%s: %zu advisories, expected %zu\n", query.type.c_str(),
                             query.namespace_.c_str(), query.name.c_str(), query.version.c_str(), found, query.expected);
        }
        best.query_seconds = std::min(best.query_seconds, seconds_since(start));
        best.records = db.record_count(), best.hits = hits, best.mismatches = mismatches;
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data, zip;
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--data" && i + 1 < argc) data = argv[++i];
        else if (arg == "--zip" && i + 1 < argc) zip = argv[++i];
        else if (arg == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
        else data.clear(), i = argc;
    }
    if (data.empty()) {
        std::fputs("usage: bench_osv --data DIR [--zip FILE] [--repeat N]\n", stderr);
        return 2;
    }
    const std::vector<Query> queries = read_queries(data + "/queries.tsv");
    ::setenv("XDG_CACHE_HOME", (std::filesystem::absolute(data) / "cache").c_str(), 1);

    struct Row {
        const char* layout;
        std::string path;
    };
    std::vector<Row> rows{{"folder", data + "/osv"}};
    if (!zip.empty()) rows.push_back({"zip", zip});
    std::printf("%-8s %9s %-9s %9s %11s %9s %9s  %s\n", "layout", "records", "mode", "open s", "queries", "query s",
                "total s", "check");
    bool all_match = true;
    try {
        for (const Row& row : rows) {
            for (const bool cached : {false, true}) {
                const Result r = measure(row.path, queries, cached, repeat);
                all_match = all_match && r.mismatches == 0;
                std::printf("%-8s %9zu %-9s %9.3f %5zu/%-5zu %9.3f %9.3f  %s\n", row.layout, r.records,
                            cached ? "cached" : "compile", r.open_seconds, r.hits, queries.size(), r.query_seconds,
                            r.open_seconds + r.query_seconds, r.mismatches == 0 ? "OK" : "MISMATCH");
            }
        }
    } catch (const bomwatch::sbom::InputError& error) {
        std::fprintf(stderr, "bench_osv: %s\n", error.what());
        return 2;
    }
    return all_match ? 0 : 1;
}
