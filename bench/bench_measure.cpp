// bench_measure: runs a command several times and reports its best wall time and peak RSS.
//
//   bench_measure [--repeat N] [--ok-exit CODES] [--log FILE] -- COMMAND [ARG...]
//
// Prints one line, "wall_seconds=<best of N> max_rss_kib=<largest of N>", and exits 0; exits 1
// if a run ended with an exit code outside CODES (default "0", comma-separated) or by a signal,
// 2 on a usage error. The command's stdout and stderr go to FILE (appended) if given, else to
// this program's stderr, so they never mix with the result line.
//
// Peak RSS is the child's ru_maxrss from wait4. Linux folds the launching process's RSS at fork
// into it, so it includes this small program's footprint (a couple of MiB).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* kUsage = "usage: bench_measure [--repeat N] [--ok-exit CODES] [--log FILE] -- COMMAND [ARG...]\n";

struct RunResult {
    bool ok = false;
    double wall_seconds = 0;
    long max_rss_kib = 0;
    std::string failure;
};

bool parse_int(std::string_view text, int& value) {
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool parse_codes(std::string_view text, std::vector<int>& codes) {
    codes.clear();
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        int code = 0;
        if (!parse_int(text.substr(0, comma), code)) return false;
        codes.push_back(code);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return !codes.empty();
}

RunResult run_once(char** command, const char* log_path, const std::vector<int>& ok_codes) {
    RunResult result;
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        result.failure = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        const int output = log_path != nullptr ? open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0644) : dup(STDERR_FILENO);
        if (output < 0 || dup2(output, STDOUT_FILENO) < 0 || dup2(output, STDERR_FILENO) < 0) _exit(126);
        close(output);
        execvp(command[0], command);
        std::fprintf(stderr, "bench_measure: cannot run %s: %s\n", command[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            result.failure = std::string("wait4: ") + std::strerror(errno);
            return result;
        }
    }
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.max_rss_kib = usage.ru_maxrss;  // KiB on Linux
    if (WIFSIGNALED(status)) {
        result.failure = std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
                         strsignal(WTERMSIG(status)) + ")";
    } else if (const int code = WEXITSTATUS(status);
               std::find(ok_codes.begin(), ok_codes.end(), code) == ok_codes.end()) {
        result.failure = "exit status " + std::to_string(code);
    } else {
        result.ok = true;
    }
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 1;
    std::vector<int> ok_codes{0};
    const char* log_path = nullptr;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (i + 1 >= argc) break;
        if (arg == "--repeat" && parse_int(argv[i + 1], repeat) && repeat > 0) ++i;
        else if (arg == "--ok-exit" && parse_codes(argv[i + 1], ok_codes)) ++i;
        else if (arg == "--log") log_path = argv[++i];
        else break;
    }
    if (i >= argc || std::string_view(argv[i - 1]) != "--") {
        std::fputs(kUsage, stderr);
        return 2;
    }
    char** command = argv + i;

    double best_wall = 0;
    long max_rss = 0;
    for (int run = 1; run <= repeat; ++run) {
        const RunResult result = run_once(command, log_path, ok_codes);
        if (!result.ok) {
            std::fprintf(stderr, "bench_measure: %s: run %d of %d: %s\n", command[0], run, repeat, result.failure.c_str());
            return 1;
        }
        best_wall = run == 1 ? result.wall_seconds : std::min(best_wall, result.wall_seconds);
        max_rss = std::max(max_rss, result.max_rss_kib);
    }
    std::printf("wall_seconds=%.3f max_rss_kib=%ld\n", best_wall, max_rss);
    return 0;
}
