// SPDX-License-Identifier: MIT
#include "modlink/audit_source_build.h"

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join (in <fmt/ranges.h> since fmt 11)
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "modlink/audit_source_bundle.h"
#include "modlink/audit_source_root.h"
#include "modlink/checks.h"
#include "modlink/command_inputs.h"
#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/json.h"
#include "modlink/kernel_config.h"
#include "modlink/subprocess.h"

namespace modlink {

namespace fs = std::filesystem;

namespace {

// The line a person wants from a failed build: the first compiler error,
// else make's first "***" line, else the last line.
std::string first_error_line(const std::string& log) {
    std::ifstream in(log);
    std::string line, make_line, last;
    while (std::getline(in, line)) {
        if (line.find("error:") != std::string::npos || line.find("Error:") != std::string::npos ||
            line.find(": not found") != std::string::npos || line.find("No such file or directory") != std::string::npos)
            return line;
        if (make_line.empty() && line.find("*** ") != std::string::npos) make_line = line;
        if (!line.empty()) last = line;
    }
    return !make_line.empty() ? make_line : last;
}

// Every occurrence of `from` in `text` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
    return text;
}

// The source directory as the report names it: absolute, no trailing '/'.
// The scratch copy's paths (new each run) are shown as this, so that two
// runs print the same bytes.
std::string own_source_dir(const SourceAuditRequest& req) {
    std::string dir = fs::absolute(req.source_dir).lexically_normal().string();
    if (dir.size() > 1 && dir.ends_with("/")) dir.pop_back();
    return dir;
}

// A directory of its own for one build, in the root's /tmp when there is a
// root (the build must see it), removed with everything in it.
struct Scratch {
    fs::path dir;
    explicit Scratch(const std::string& root) {
        std::string t = (root.empty() ? fs::temp_directory_path() : fs::path(root) / "tmp") / "modlink-audit.XXXXXX";
        if (!::mkdtemp(t.data())) throw Error("", std::string("cannot make a scratch directory: ") + std::strerror(errno));
        dir = t;
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

// Sets the compiler the build uses: --cc, else the tree's own, which
// CONFIG_CC_VERSION_TEXT names ("gcc-12 (Debian 12.2.0-14) 12.2.0"; clang's
// text starts with a vendor). False, with the build failed and why, when the
// tree's own compiler is not installed where the build runs.
bool choose_compiler(const SourceAuditRequest& req, const std::string& kernel, const std::string& root,
                     KernelBuildResult& r) {
    if (!req.cc.empty()) {
        r.compiler = req.cc;
        return true;
    }
    std::string text = config_value(kernel, "CONFIG_CC_VERSION_TEXT");
    std::string program = text.substr(0, text.find(' '));
    if (!config_value(kernel, "CONFIG_CC_IS_CLANG").empty()) program = "clang";
    if (program.empty()) program = "gcc";
    r.compiler = program;
    if (program_runnable(program, root)) return true;
    r.build_failed = true;
    r.failure = fmt::format("the kernel was built with {} ('{}'), which is not installed{}; add --toolchain (for a "
                            "--kernel debian:SUITE), give --cc or --root, or install it",
                            program, text, root.empty() ? "" : " in " + root);
    return false;
}

void copy_source(const std::string& source_dir, const fs::path& to) {
    std::error_code ec;
    fs::copy(source_dir, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    if (ec) throw Error(source_dir, "cannot copy to " + to.string() + ": " + ec.message());
}

// Kbuild's command line, every path as the build sees it. -k: a refused
// module has no .mod.c, so it cannot link; the others must.
std::vector<std::string> make_command(const SourceAuditRequest& req, const std::string& root, const std::string& kernel,
                                      const std::string& src, const std::string& modpost, const std::string& compiler) {
    std::vector<std::string> argv = command_in_root(root, {"MODLINK_KEEP_GOING=1"});
    std::vector<std::string> make = {"make", "-k", "-C", kernel, "M=" + src, "MODPOST=" + modpost, "CC=" + compiler};
    argv.insert(argv.end(), make.begin(), make.end());
    argv.insert(argv.end(), req.make_args.begin(), req.make_args.end());
    argv.push_back("modules");
    return argv;
}

// What the drop-in wrote in keep-going mode; nothing when the build stopped
// before modpost (a compiler error), or the tree's own modpost ran, which
// writes no verdicts.
std::optional<Json> read_verdicts(const fs::path& verdicts) {
    if (!fs::exists(verdicts)) return std::nullopt;
    try {
        return Json::parse(std::ifstream(verdicts));
    } catch (const Json::exception& e) {
        throw Error(verdicts.string(), std::string("unreadable verdicts: ") + e.what());
    }
}

// One result per module modpost judged, with its verdict and messages.
// Returns, in the same order, the file to check for each: the final .ko of
// a module that passed, the linked object of one that was refused.
std::vector<std::string> record_modules(Json& verdicts, const std::string& root, const fs::path& src,
                                        const std::string& log, KernelBuildResult& r) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const Json& m : verdicts["modules"]) {
        SourceModuleResult mr;
        std::string module = m.value("module", "");
        fs::path p = fs::path(module).is_absolute() ? fs::path(root + module) : src / module;
        mr.name = fs::relative(p, src, ec).string();
        mr.refused = m.value("verdict", "") != "ok";
        for (const Json& line : m["messages"]) mr.modpost_lines.push_back(line.value("text", ""));
        std::string ko = p.string() + ".ko", obj = p.string() + ".o";
        // A module that passed must have linked; make's failure is then the
        // build's.
        if (!mr.refused && !fs::exists(ko) && !r.build_failed) {
            r.build_failed = true;
            r.failure = first_error_line(log);
        }
        paths.push_back(fs::exists(ko) ? ko : obj);
        r.modules.push_back(std::move(mr));
    }
    return paths;
}

// Checks and explains each file of `paths` (one per module of `r`, in its
// order) against the kernel, with the source's own paths in the notes and
// messages, not the scratch copy's (`inside_src` as the build saw it,
// `host_src` as modlink does), so that two runs print the same bytes.
void check_products(const SourceAuditRequest& req, const std::string& kernel, const std::string& inside_src,
                    const std::string& host_src, const std::vector<std::string>& paths, KernelBuildResult& r) {
    std::string own_src = own_source_dir(req);
    InputRequest in;
    in.kernel = kernel;
    in.modules = paths;
    in.jobs = 1;
    LoadedInputs loaded = load_inputs(in);
    std::map<std::string, std::vector<Finding>> by_path;
    for (const Module& m : loaded.modules) {
        std::vector<Finding> fs_ = check_module(m, loaded.kernel);
        ExplainOptions opts = req.explain;
        opts.kernel_release = r.release;
        opts.prefix_map.insert(opts.prefix_map.begin(), {inside_src, own_src});
        add_explanation_notes(fs_, opts);
        by_path[m.path] = std::move(fs_);
    }
    for (const UnreadableModule& u : loaded.unreadable) by_path[u.path] = {unreadable_module_finding(u)};
    for (std::size_t i = 0; i < r.modules.size(); ++i) {
        auto it = by_path.find(paths[i]);
        if (it == by_path.end()) continue;
        for (Finding& f : it->second) {
            f.module = r.modules[i].name + (paths[i].ends_with(".ko") ? ".ko" : ".o");
            f.message = replaced(f.message, host_src + "/", own_src + "/");
            r.modules[i].findings.push_back(std::move(f));
        }
    }
}

}  // namespace

KernelBuildResult build_for_kernel(const SourceAuditRequest& req, const std::string& given, const std::string& root) {
    KernelBuildResult r;
    r.kernel = given;
    RootedPath kernel = rooted_path(root, given);
    r.release = read_build_tree(kernel.host).release;
    if (!choose_compiler(req, kernel.host, root, r)) return r;

    Scratch scratch(root);
    fs::path src = scratch.dir / "src";
    // Paths the build sees: inside the root they lose its prefix.
    std::string inside_scratch = scratch.dir.string().substr(root.size());
    std::string inside_src = inside_scratch + "/src";
    copy_source(req.source_dir, src);
    std::string modpost = root.empty() ? req.modpost : bundle_modlink(req.modpost, scratch.dir / "bin", inside_scratch + "/bin");
    std::vector<std::string> argv = make_command(req, root, kernel.inside, inside_src, modpost, r.compiler);
    std::string log = (scratch.dir / "build.log").string();
    spdlog::debug("{}: {}", kernel.host, fmt::join(argv, " "));
    int rc = run_logged(argv, {"MODLINK_KEEP_GOING=1"}, log);

    std::optional<Json> verdicts = read_verdicts(src / "modlink-verdicts.json");
    if (!verdicts) {
        r.build_failed = true;
        r.failure = rc < 0    ? "cannot run make"
                    : rc != 0 ? first_error_line(log)
                              : "modpost wrote no verdicts (the tree's own modpost ran: an era modlink does not know)";
        return r;
    }
    r.era = verdicts->value("era", "");
    std::vector<std::string> paths = record_modules(*verdicts, root, src, log, r);
    std::string own_src = own_source_dir(req) + "/";
    for (SourceModuleResult& m : r.modules)
        for (std::string& line : m.modpost_lines) line = replaced(line, inside_src + "/", own_src);
    if (!paths.empty()) check_products(req, kernel.host, inside_src, src.string(), paths, r);
    return r;
}

}  // namespace modlink
