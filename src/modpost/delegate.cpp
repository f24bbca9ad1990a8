// SPDX-License-Identifier: MIT
#include "modlink/modpost/delegate.h"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "modlink/error.h"
#include "modlink/explain.h"

extern char** environ;

namespace modlink::modpost {

namespace {

bool same_file(const std::string& a, const std::string& b) {
    struct stat sa {}, sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int refuse(const std::string& what) {
    std::fprintf(stderr, "modlink: error: %s\n", what.c_str());
    return 1;
}

// The module a message is about and the symbol it names, for the notes.
struct Referenced {
    std::string module;  // as the message prints it, without ".ko"
    std::string symbol;
};

bool referenced_in(const std::string& line, Referenced& out) {
    static const std::regex undefined(R"re(^(?:ERROR|WARNING): modpost: "([^"]+)" \[(.+)\.ko\] undefined!$)re");
    static const std::regex gpl(R"re(^ERROR: modpost: GPL-incompatible module (.+)\.ko uses GPL-only symbol '([^']+)'$)re");
    std::smatch m;
    if (std::regex_match(line, m, undefined)) {
        out = {m[2], m[1]};
        return true;
    }
    if (std::regex_match(line, m, gpl)) {
        out = {m[1], m[2]};
        return true;
    }
    return false;
}

void print_notes(const Referenced& ref) {
    try {
        Explanation e = explain_module(ref.module + ".o", {ref.symbol});
        for (const SymbolExplanation& s : e.symbols)
            for (const std::string& n : explanation_notes(e, s)) std::fprintf(stderr, "  note: %s\n", n.c_str());
    } catch (const Error& err) {
        std::fprintf(stderr, "  note: cannot explain: %s\n", err.describe().c_str());
    }
}

}  // namespace

int delegate_to_tree_modpost(const std::string& tree, const std::string& version, const std::vector<std::string>& args,
                             bool explain) {
    std::string program = tree + "/scripts/mod/modpost";
    std::string label = "Linux " + version + " (" + tree + ")";
    if (std::getenv(kDelegatedMarker))
        return refuse(label + ": no verified modpost era, and the tree's own " + program +
                      " is modlink again; install the kernel's own modpost there or set MODLINK_MODPOST_ERA");
    if (::access(program.c_str(), X_OK) != 0)
        return refuse(label + ": no verified modpost era, and no " + program +
                      " to hand the run to; set MODLINK_MODPOST_ERA=6.1|6.12 to force one");
    if (same_file(program, "/proc/self/exe"))
        return refuse(label + ": no verified modpost era, and " + program +
                      " is modlink itself; set MODLINK_MODPOST_ERA=6.1|6.12 to force one");

    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::setenv(kDelegatedMarker, "1", 1);
    std::fflush(stdout);
    std::fflush(stderr);
    if (!explain) {
        ::execv(program.c_str(), argv.data());
        return refuse(program + ": " + std::strerror(errno));
    }

    // Stay in between: copy the program's stderr line by line, with notes.
    int pipefd[2];
    if (::pipe(pipefd) != 0) return refuse(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipefd[0]);
    posix_spawn_file_actions_addclose(&actions, pipefd[1]);
    pid_t pid;
    int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipefd[1]);
    if (rc != 0) {
        ::close(pipefd[0]);
        return refuse(program + ": " + std::strerror(rc));
    }
    std::FILE* in = ::fdopen(pipefd[0], "r");
    char* line = nullptr;
    std::size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) != -1) {
        std::fwrite(line, 1, static_cast<std::size_t>(n), stderr);
        std::string text(line, static_cast<std::size_t>(n));
        if (!text.empty() && text.back() == '\n') text.pop_back();
        Referenced ref;
        if (referenced_in(text, ref)) print_notes(ref);
    }
    std::free(line);
    std::fclose(in);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 1;
}

}  // namespace modlink::modpost
