// Runs the bomwatch binary as users and CI do, and collects what it said.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/temp_file.h"

namespace bomwatch::test {

struct Outcome {
    int code;
    std::string out, err;
};

// Runs bomwatch with `args` (already shell-quoted where needed) in a shell, so tests can redirect
// and set environment variables (`env`, a prefix such as "GITHUB_REF_NAME=main").
inline Outcome bomwatch(const std::string& args, const std::string& stdin_path = "/dev/null", const std::string& env = "") {
    TempDir dir;
    const auto out = dir.path() / "stdout", err = dir.path() / "stderr";
    const std::string command = "env -u NO_COLOR " + env + " " + BOMWATCH_BINARY + " " + args + " <" + stdin_path + " >" +
                                out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out.string()), read_file(err.string())};
}

// The same, run in `dir` (where a .bomwatch.yml may be).
inline Outcome bomwatch_in(const std::filesystem::path& dir, const std::string& args) {
    const auto here = std::filesystem::current_path();
    std::filesystem::current_path(dir);
    Outcome outcome = bomwatch(args);
    std::filesystem::current_path(here);
    return outcome;
}

}  // namespace bomwatch::test
