// SPDX-License-Identifier: MIT
// Differential fuzz target: the drop-in against upstream's 6.1 modpost on the
// same object. Inputs are split as fuzz_modpost_object's are (flag byte: bit 1
// -m, bit 2 -a, bit 3 -E; then the object, its .cmd file and a -i dump); the
// era is always 6.1 and only 64-bit little-endian objects are run, as the
// amd64 binary reads them.
//
// Each input runs twice with the same files in two directories: upstream's
// program (MODLINK_UPSTREAM_MODPOST, a modpost.real-lsb-64; CPU and memory
// limited) as a child, then modpost::run in this process with its stderr
// sent to a file. The rules (upstream decides):
//   - upstream exits 0: the drop-in exits 0 with the same stderr, .mod.c and
//     Module.symvers;
//   - upstream exits non-zero: the drop-in exits the same, and prints every
//     ERROR:/FATAL: line upstream printed;
//   - upstream crashes or runs out of its limits: the drop-in exits 1 with a
//     message;
//   - the drop-in stops because the object makes upstream read past the end
//     of the file (a relocation's symbol, a table, a string): what upstream
//     does then depends on the memory after its mapping. That is logged as
//     "upstream-undefined" and is not a finding.
// A divergence aborts (a finding), unless MODLINK_DIFF_LOG names a file: then
// each divergence is one line there ("rule<TAB>input<TAB>upstream's first
// line<TAB>the drop-in's"), the input is kept as MODLINK_DIFF_LOG.inputs/<name>
// with both programs' stderr beside it,
// and a corpus replay counts them all.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "modlink/modpost/era.h"
#include "modlink/modpost/modpost.h"
#include "modlink/modpost/options.h"
#include "scratch.h"
#include "split.h"

extern char** environ;

namespace {

const char* g_upstream = nullptr;
const char* g_log = nullptr;
std::string g_input;  // the current input, kept with a logged divergence
unsigned long g_runs = 0, g_upstream_failed = 0, g_diverged = 0, g_undefined = 0;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string first_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    return line.size() > 300 ? line.substr(0, 300) : line;
}

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (l == line) return true;
    return false;
}

// Writes the object, its .mod, .cmd, the dump and the -T list into DIR.
void write_inputs(const std::string& dir, const std::vector<std::span<const std::uint8_t>>& parts) {
    mkdir(dir.c_str(), 0700);
    for (const char* old : {"/fuzz.mod.c", "/Module.symvers", "/in.symvers"}) unlink((dir + old).c_str());
    modlink::fuzz::write_file(dir + "/fuzz.o", parts[0]);
    modlink::fuzz::write_file(dir + "/fuzz.mod", {reinterpret_cast<const std::uint8_t*>("fuzz.o\n"), 7});
    modlink::fuzz::write_file(dir + "/.fuzz.o.cmd", parts.size() > 1 ? parts[1] : std::span<const std::uint8_t>{});
    modlink::fuzz::write_file(dir + "/list", {reinterpret_cast<const std::uint8_t*>("fuzz.o"), 6});
    if (parts.size() > 2) modlink::fuzz::write_file(dir + "/in.symvers", parts[2]);
}

struct Outcome {
    int status = 0;        // exit status, or -signal
    std::string stderr_text;
    std::string mod_c, dump;
};

Outcome run_upstream(const std::string& dir, const std::vector<std::string>& args) {
    std::vector<char*> argv;
    std::string prog = g_upstream;
    argv.push_back(prog.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    Outcome o;
    pid_t pid = fork();
    if (pid < 0) std::abort();
    if (pid == 0) {
        if (chdir(dir.c_str()) != 0) _exit(127);
        int err = open("upstream.err", O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(err, 2);
        rlimit cpu{10, 10}, as{2560ul << 20, 2560ul << 20};
        setrlimit(RLIMIT_CPU, &cpu);
        setrlimit(RLIMIT_AS, &as);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0) {
    }
    o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    o.stderr_text = slurp(dir + "/upstream.err");
    o.mod_c = slurp(dir + "/fuzz.mod.c");
    o.dump = slurp(dir + "/Module.symvers");
    return o;
}

Outcome run_dropin(const std::string& dir, std::uint8_t flags, bool with_dump) {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) std::abort();
    if (chdir(dir.c_str()) != 0) std::abort();
    std::fflush(stderr);
    int saved = dup(2);
    int err = open("dropin.err", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(err, 2);
    close(err);
    modlink::modpost::Options opts;
    opts.external_module = true;
    opts.modversions = flags & 2;
    opts.all_srcversion = flags & 4;
    opts.mismatch_is_error = flags & 8;
    opts.object_list = "list";
    opts.dump_output = "Module.symvers";
    if (with_dump) opts.dump_inputs.push_back("in.symvers");
    Outcome o;
    o.status = modlink::modpost::run(opts, modlink::modpost::era_6_1());
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    o.stderr_text = slurp("dropin.err");
    o.mod_c = slurp("fuzz.mod.c");
    o.dump = slurp("Module.symvers");
    if (chdir(cwd) != 0) std::abort();
    return o;
}

void undefined(const char* rule, const std::string& input, const Outcome& up, const Outcome& ml);

// The drop-in stopped because the object sends upstream past the end of the
// file.
bool stopped_past_file(const Outcome& ml) {
    if (ml.status != 1) return false;
    for (const char* what : {"lies outside the file", "runs past the end of the file", "names symbol"})
        if (ml.stderr_text.find(what) != std::string::npos) return true;
    return false;
}

void diverged(const char* rule, const std::string& input, const Outcome& up, const Outcome& ml) {
    if (stopped_past_file(ml)) return undefined("upstream-undefined", input, up, ml);
    const std::string keep = g_log ? std::string(g_log) + ".inputs" : std::string();
    ++g_diverged;
    if (!g_log) {
        std::fprintf(stderr, "modpost differential: %s\n  upstream (exit %d): %s\n  drop-in (exit %d): %s\n", rule,
                     up.status, first_line(up.stderr_text).c_str(), ml.status, first_line(ml.stderr_text).c_str());
        std::abort();
    }
    std::FILE* f = std::fopen(g_log, "a");
    if (!f) return;
    std::fprintf(f, "%s\t%s\t%d %s\t%d %s\n", rule, input.c_str(), up.status, first_line(up.stderr_text).c_str(),
                 ml.status, first_line(ml.stderr_text).c_str());
    std::fclose(f);
    mkdir(keep.c_str(), 0700);
    std::ofstream(keep + "/" + input, std::ios::binary) << g_input;
    std::ofstream(keep + "/" + input + ".upstream.err", std::ios::binary) << up.stderr_text;
    std::ofstream(keep + "/" + input + ".dropin.err", std::ios::binary) << ml.stderr_text;
}

// Logged when a log is kept; never a finding.
void undefined(const char* rule, const std::string& input, const Outcome& up, const Outcome& ml) {
    ++g_undefined;
    if (!g_log) return;
    if (std::FILE* f = std::fopen(g_log, "a")) {
        std::fprintf(f, "%s\t%s\t%d %s\t%d %s\n", rule, input.c_str(), up.status, first_line(up.stderr_text).c_str(),
                     ml.status, first_line(ml.stderr_text).c_str());
        std::fclose(f);
    }
}

void report() {
    if (g_log)
        std::fprintf(stderr,
                     "modpost differential: %lu inputs run, upstream failed on %lu, %lu diverged, %lu where upstream "
                     "reads past the file and the drop-in stops\n",
                     g_runs, g_upstream_failed, g_diverged, g_undefined);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_upstream = std::getenv("MODLINK_UPSTREAM_MODPOST");
    g_log = std::getenv("MODLINK_DIFF_LOG");
    if (!g_upstream || access(g_upstream, X_OK) != 0) {
        std::fprintf(stderr, "fuzz_modpost_differential: set MODLINK_UPSTREAM_MODPOST to 6.1's modpost.real-lsb-64\n");
        std::exit(2);
    }
    std::atexit(report);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t flags = data[0];
    auto parts = modlink::fuzz::split_parts(data + 1, size - 1, 3);
    const auto& obj = parts[0];
    // The amd64 binary reads 64-bit little-endian objects.
    if (obj.size() < 64 || obj[0] != 0x7f || obj[1] != 'E' || obj[2] != 'L' || obj[3] != 'F' || obj[4] != 2 ||
        obj[5] != 1)
        return 0;
    ++g_runs;
    const std::string base = modlink::fuzz::scratch_dir();
    const std::string up_dir = base + "/upstream", ml_dir = base + "/dropin";
    write_inputs(up_dir, parts);
    write_inputs(ml_dir, parts);
    std::vector<std::string> args;
    if (flags & 2) args.push_back("-m");
    if (flags & 4) args.push_back("-a");
    if (flags & 8) args.push_back("-E");
    args.insert(args.end(), {"-o", "Module.symvers", "-e"});
    if (parts.size() > 2) args.insert(args.end(), {"-i", "in.symvers"});
    args.insert(args.end(), {"-T", "list"});
    Outcome up = run_upstream(up_dir, args);
    Outcome ml = run_dropin(ml_dir, flags, parts.size() > 2);
    // Name the input as libFuzzer does (its size and a hash) for the log.
    if (g_log) g_input.assign(reinterpret_cast<const char*>(data), size);
    std::string input = std::to_string(size) + "-" + std::to_string(std::hash<std::string_view>{}(
                                                          {reinterpret_cast<const char*>(data), size}));
    if (up.status < 0 || up.status == 127) {
        if (ml.status != 1 || ml.stderr_text.empty()) diverged("upstream-crashed", input, up, ml);
        return 0;
    }
    if (up.status != 0) {
        ++g_upstream_failed;
        if (ml.status != up.status) return diverged("exit-status", input, up, ml), 0;
        std::istringstream in(up.stderr_text);
        for (std::string l; std::getline(in, l);)
            if ((l.rfind("ERROR:", 0) == 0 || l.rfind("FATAL:", 0) == 0) && !has_line(ml.stderr_text, l))
                return diverged("error-line", input, up, ml), 0;
        return 0;
    }
    if (ml.status != 0) return diverged("exit-status", input, up, ml), 0;
    if (ml.stderr_text != up.stderr_text) return diverged("stderr", input, up, ml), 0;
    if (ml.mod_c != up.mod_c) return diverged("mod.c", input, up, ml), 0;
    if (ml.dump != up.dump) return diverged("Module.symvers", input, up, ml), 0;
    return 0;
}
