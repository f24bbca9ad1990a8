// SPDX-License-Identifier: MIT
#include "modlink/modpost/delegate.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <getopt.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/explain_notes.h"
#include "modlink/subprocess.h"
#include "modlink/modpost/era.h"

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

// The module a message is about and the symbol it names, for the notes:
// an undefined symbol, a GPL-only one, or one from a namespace not imported.
struct Referenced {
    std::string module;  // as the message prints it, without ".ko"
    std::string symbol;
};

// The objects of the run by module base name (the GPL-only message names
// only "<base>.ko"): positional arguments and the -T list, whose text is
// given when it came from standard input.
std::unordered_map<std::string, std::string> objects_by_base(const std::vector<std::string>& args,
                                                             const std::string& stdin_list) {
    std::vector<std::string> words{"modpost"};
    words.insert(words.end(), args.begin(), args.end());
    StringVector argv(std::move(words));
    int argc = static_cast<int>(args.size() + 1);
    optind = 0;
    opterr = 0;
    std::vector<std::string> names;
    std::string list;
    int c;
    while ((c = getopt(argc, argv.data(), "ei:MmnT:to:au:WwENd:xb")) != -1)
        if (c == 'T') list = optarg;
    for (int i = optind; i < argc; ++i) names.emplace_back(argv.data()[i]);
    optind = 0;
    opterr = 1;
    std::string text = stdin_list;
    if (!list.empty() && list != "-") {
        std::ifstream in(list);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) names.push_back(line);
    std::unordered_map<std::string, std::string> by_base;
    for (const std::string& n : names) {
        std::string base = n.substr(n.rfind('/') == std::string::npos ? 0 : n.rfind('/') + 1);
        if (base.size() > 2 && base.ends_with(".o")) by_base.emplace(base.substr(0, base.size() - 2), n);
    }
    return by_base;
}

bool reads_list_from_stdin(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "-T" && args[i + 1] == "-") return true;
    for (const std::string& a : args)
        if (a == "-T-") return true;
    return false;
}

bool referenced_in(const std::string& line, Referenced& out) {
    static const std::regex undefined(R"re(^(?:ERROR|WARNING): modpost: "([^"]+)" \[(.+)\.ko\] undefined!$)re");
    static const std::regex gpl(R"re(^ERROR: modpost: GPL-incompatible module (.+)\.ko uses GPL-only symbol '([^']+)'$)re");
    static const std::regex ns(
        R"re(^(?:ERROR|WARNING): modpost: module (\S+) uses symbol (\S+) from namespace \S+, but does not import it\.$)re");
    std::smatch m;
    if (std::regex_match(line, m, ns)) {
        out = {m[1], m[2]};
        return true;
    }
    if (std::regex_match(line, m, undefined)) {
        out = {m[2], m[1]};
        return true;
    }
    if (std::regex_match(line, m, gpl)) {
        out = {m[1], m[2]};
        return true;
    }
    // 7.3's words (mod_warn/mod_error: the module first, names quoted),
    // which the releases after it keep.
    static const std::regex module_first(
        R"re(^(?:ERROR|WARNING): modpost: (.+)\.ko: (?:symbol '([^']+)' undefined!|GPL-incompatible module uses GPL-only symbol '([^']+)'|module uses symbol '([^']+)' from namespace '[^']*', but does not import it\.)$)re");
    if (std::regex_match(line, m, module_first)) {
        out = {m[1], m[2].matched ? m[2] : m[3].matched ? m[3] : m[4]};
        return true;
    }
    return false;
}

void print_notes(const Referenced& ref, const std::unordered_map<std::string, std::string>& objects) {
    std::string object = ref.module + ".o";
    if (ref.module.find('/') == std::string::npos)
        if (auto it = objects.find(ref.module); it != objects.end()) object = it->second;
    try {
        Explanation e = explain_module(object, {ref.symbol});
        for (const SymbolExplanation& s : e.symbols)
            for (const std::string& n : explanation_notes(e, s)) std::fprintf(stderr, "  note: %s\n", n.c_str());
    } catch (const Error& err) {
        std::fprintf(stderr, "  note: cannot explain: %s\n", err.describe().c_str());
    }
}

// Why the run cannot be handed to `program`, or "" when it can: there is
// none, or it is modlink itself (the same file, or a program started by a
// hand-over already, which would hand the run on again for ever).
std::string why_no_hand_over(const std::string& label, const std::string& program) {
    if (std::getenv(kDelegatedMarker))
        return label + ": no verified modpost era, and the tree's own " + program +
               " is modlink again; install the kernel's own modpost there or set MODLINK_MODPOST_ERA";
    if (!program_runnable(program))
        return label + ": no verified modpost era, and no " + program + " to hand the run to; set MODLINK_MODPOST_ERA=" +
               known_era_names("|") + " to force one";
    if (same_file(program, "/proc/self/exe"))
        return label + ": no verified modpost era, and " + program + " is modlink itself; set MODLINK_MODPOST_ERA=" +
               known_era_names("|") + " to force one";
    return "";
}

// Writes the `-T -` list to the program's stdin and closes it. The list is
// small (one line a module) next to a pipe's buffer, but it is all written
// before the program's stderr is read, as the program reads it first.
void feed_list(int fd, const std::string& list) {
    std::signal(SIGPIPE, SIG_IGN);
    const char* p = list.data();
    std::size_t left = list.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    ::close(fd);
}

// Copies the program's stderr (`fd`) to ours line by line, with the notes
// under each undefined, namespace and GPL-only message.
void copy_with_notes(int fd, const std::unordered_map<std::string, std::string>& objects) {
    std::FILE* in = ::fdopen(fd, "r");
    char* line = nullptr;
    std::size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) != -1) {
        std::fwrite(line, 1, static_cast<std::size_t>(n), stderr);
        std::string text(line, static_cast<std::size_t>(n));
        if (!text.empty() && text.back() == '\n') text.pop_back();
        Referenced ref;
        if (referenced_in(text, ref)) print_notes(ref, objects);
    }
    std::free(line);
    std::fclose(in);
}

// MODLINK_EXPLAIN: runs the program with modlink in between, which copies
// its stderr with notes. A `-T -` list is read here first (to find the
// objects the notes are about) and handed on through a pipe. The program's
// exit status; 1 when a signal ended it.
int run_with_notes(const std::string& program, const StringVector& argv, const std::vector<std::string>& args) {
    std::string stdin_list;
    bool feed_stdin = reads_list_from_stdin(args);
    if (feed_stdin) stdin_list.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    std::unordered_map<std::string, std::string> objects = objects_by_base(args, stdin_list);
    Pipe from_program, to_program;
    if (!open_pipe(from_program) || (feed_stdin && !open_pipe(to_program)))
        return refuse(std::string("pipe: ") + std::strerror(errno));
    ChildDescriptors fds;
    fds.copy(from_program.write_end, STDERR_FILENO);
    if (feed_stdin) fds.copy(to_program.read_end, STDIN_FILENO);
    Spawned child = spawn_program(argv, ProgramLookup::AsPath, fds);
    ::close(from_program.write_end);
    if (feed_stdin) ::close(to_program.read_end);
    if (child.error != 0) {
        ::close(from_program.read_end);
        if (feed_stdin) ::close(to_program.write_end);
        return refuse(program + ": " + std::strerror(child.error));
    }
    if (feed_stdin) feed_list(to_program.write_end, stdin_list);
    copy_with_notes(from_program.read_end, objects);
    // waitpid fails only for a pid that is not our child; 0 then.
    int status = wait_for_child(child.pid).value_or(0);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 1;
}

}  // namespace

int delegate_to_tree_modpost(const std::string& tree, const std::string& version, const std::vector<std::string>& args,
                             bool explain) {
    std::string program = tree + "/scripts/mod/modpost";
    std::string label = "Linux " + version + " (" + tree + ")";
    if (std::string why = why_no_hand_over(label, program); !why.empty()) return refuse(why);

    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    StringVector argv(std::move(argv_text));
    ::setenv(kDelegatedMarker, "1", 1);
    std::fflush(stdout);
    std::fflush(stderr);
    if (!explain) return refuse(program + ": " + std::strerror(exec_in_place(argv)));
    return run_with_notes(program, argv, args);
}

}  // namespace modlink::modpost
