// Test servers as child processes: ../shared/tools/webhook-receiver.py (and smtp-server.py here),
// started on a free port, read back through their JSON-lines logs, stopped when the test ends.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/temp_file.h"
#include "tests/test_paths.h"

extern char** environ;

namespace bomwatch::test {

// A Python server that prints "listening on PORT" as its first line and logs one JSON object per
// request to --log FILE.
class ChildServer {
public:
    // `script` and its arguments; "--port 0 --log FILE" are added.
    ChildServer(const std::string& script, const std::vector<std::string>& arguments) {
        log_path_ = (dir_.path() / "requests.jsonl").string();
        std::vector<std::string> argv = {"/usr/bin/python3", script, "--port", "0", "--log", log_path_};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        std::vector<char*> pointers;
        for (auto& argument : argv)
            pointers.push_back(argument.data());
        pointers.push_back(nullptr);

        int out[2];
        if (::pipe(out) != 0)
            throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        posix_spawn_file_actions_addclose(&actions, out[1]);
        const int rc = posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr, pointers.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        if (rc != 0) {
            ::close(out[0]);
            throw std::runtime_error("cannot start " + script);
        }
        // The first line: "listening on PORT".
        std::string line;
        char c = 0;
        while (::read(out[0], &c, 1) == 1 && c != '\n')
            line += c;
        ::close(out[0]);
        constexpr std::string_view kPrefix = "listening on ";
        if (!line.starts_with(kPrefix)) {
            stop();
            throw std::runtime_error(script + " did not start: \"" + line + "\"");
        }
        port_ = std::stoi(line.substr(kPrefix.size()));
    }
    ~ChildServer() { stop(); }
    ChildServer(const ChildServer&) = delete;
    ChildServer& operator=(const ChildServer&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    const TempDir& dir() const { return dir_; }

    // The log so far, one object per request. The server writes a line after answering: `at_least`
    // waits (up to 5 s) for that many.
    std::vector<nlohmann::json> log(std::size_t at_least = 0) const {
        std::vector<nlohmann::json> entries;
        for (int i = 0; i < 100; ++i) {
            entries.clear();
            std::ifstream in(log_path_);
            for (std::string line; std::getline(in, line);)
                if (!line.empty())
                    entries.push_back(nlohmann::json::parse(line));
            if (entries.size() >= at_least)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        // In the order the requests came: the receiver answers before it writes the entry, so the
        // next request's entry can be written first.
        const auto seq = [](const nlohmann::json& entry) {
            const auto it = entry.find("seq");
            return it != entry.end() && it->is_number_integer() ? it->get<long>() : 0L;
        };
        std::stable_sort(entries.begin(), entries.end(), [&](const nlohmann::json& a, const nlohmann::json& b) { return seq(a) < seq(b); });
        return entries;
    }
    std::string log_text() const { return read_file(log_path_); }

    void stop() {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

private:
    TempDir dir_;
    std::string log_path_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// ../shared/tools/webhook-receiver.py with `faults` ("--fail-first", "2", ...).
class Receiver : public ChildServer {
public:
    explicit Receiver(const std::vector<std::string>& faults = {}) : ChildServer(shared("tools/webhook-receiver.py"), with_limit(faults)) {}

private:
    static std::vector<std::string> with_limit(std::vector<std::string> arguments) {
        arguments.insert(arguments.end(), {"--max-seconds", "120"});
        return arguments;
    }
};

}  // namespace bomwatch::test
