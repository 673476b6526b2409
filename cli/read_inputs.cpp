#include <unistd.h>

#include <cstdio>
#include <exception>
#include <map>
#include <thread>

#include "cli/commands.h"
#include "cli/progress.h"

namespace bomwatch::cli {

namespace {

constexpr std::size_t kWarningsShown = 20;

// Prints a document's warnings, identical messages folded into one line with a count.
void print_warnings(const sbom::Document& doc) {
    if (doc.warning_count == 0) return;
    std::vector<std::pair<const sbom::Warning*, std::size_t>> folded;
    std::map<std::string, std::size_t> by_message;
    for (const auto& warning : doc.warnings) {
        const auto [it, inserted] = by_message.try_emplace(warning.message, folded.size());
        if (inserted) folded.emplace_back(&warning, 1);
        else ++folded[it->second].second;
    }
    std::size_t shown = 0;
    for (const auto& [warning, count] : folded) {
        if (shown++ == kWarningsShown) break;
        std::fprintf(stderr, "bomwatch: warning: %s: %s%s%s", doc.source.c_str(), warning->where.c_str(),
                     warning->where.empty() ? "" : ": ", warning->message.c_str());
        if (count > 1) std::fprintf(stderr, " (and %zu more like it)", count - 1);
        std::fputc('\n', stderr);
    }
    const std::size_t listed = doc.warnings.size();
    if (doc.warning_count > listed || folded.size() > kWarningsShown) {
        std::size_t hidden = doc.warning_count - listed;
        for (std::size_t i = kWarningsShown; i < folded.size(); ++i) hidden += folded[i].second;
        std::fprintf(stderr, "bomwatch: warning: %s: %zu more warnings not shown\n", doc.source.c_str(), hidden);
    }
}

}  // namespace

std::vector<sbom::Document> read_inputs(const std::vector<std::string>& paths, bool strict, const AfterRead& then) {
    Progress progress(::isatty(2));
    std::vector<sbom::Document> docs(paths.size());
    std::vector<std::exception_ptr> errors(paths.size());
    auto read_one = [&](std::size_t i) {
        try {
            sbom::ReadOptions options{.strict = strict, .progress = progress.track(paths[i] == "-" ? "<stdin>" : paths[i])};
            docs[i] = sbom::read_sbom(paths[i], options);
            if (then) then(i, docs[i]);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < paths.size(); ++i) threads.emplace_back(read_one, i);
    if (!paths.empty()) read_one(0);
    for (auto& thread : threads) thread.join();
    progress.finish();
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
    for (const auto& doc : docs) print_warnings(doc);
    return docs;
}

bool use_colour(const std::string& mode, bool to_terminal) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_colour = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return to_terminal && !(no_colour && *no_colour) && !(term && std::string(term) == "dumb");
}

}  // namespace bomwatch::cli
