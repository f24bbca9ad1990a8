// SPDX-License-Identifier: MIT
#include "modlink/audit_source.h"
#include "modlink/plural.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join (in <fmt/ranges.h> since fmt 11)
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include "modlink/checks.h"
#include "modlink/error.h"
#include "modlink/command_inputs.h"
#include "modlink/json.h"
#include "modlink/kernel.h"
#include "modlink/parallel.h"
#include "modlink/report.h"
#include "modlink/subprocess.h"
#include "modlink_config.h"

namespace modlink {

namespace fs = std::filesystem;

namespace {

// A value of the tree's .config, quotes taken off; "" when absent.
std::string config_value(const fs::path& tree, std::string_view key) {
    std::ifstream in(tree / ".config");
    std::string line, prefix = std::string(key) + "=";
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) != 0) continue;
        std::string v = line.substr(prefix.size());
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        return v;
    }
    return "";
}

// modlink for a build inside a chroot: the binary and the libraries it
// links beyond the C and C++ runtimes (which the root has, newer), with a
// wrapper that points the loader at them. Returns the wrapper's path inside
// the root. The copies are written under spawn_lock() (subprocess.h): they
// are opened without O_CLOEXEC, and the wrapper is run by a build.
std::string bundle_modlink(const std::string& self, const fs::path& host_dir, const std::string& inside_dir) {
    std::string libraries = output_of({"ldd", self});
    std::lock_guard<std::mutex> hold(spawn_lock());
    fs::create_directories(host_dir / "lib");
    fs::copy_file(self, host_dir / "modlink.bin", fs::copy_options::overwrite_existing);
    std::istringstream lines(libraries);
    for (std::string l; std::getline(lines, l);) {
        std::size_t arrow = l.find("=> /");
        if (arrow == std::string::npos) continue;
        std::string lib = l.substr(arrow + 3, l.find(' ', arrow + 3) - arrow - 3);
        std::string base = fs::path(lib).filename().string();
        static const char* runtime[] = {"libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "libpthread.so", "libdl.so", "librt.so"};
        bool skip = false;
        for (const char* r : runtime) skip = skip || base.rfind(r, 0) == 0;
        if (!skip) fs::copy_file(fs::canonical(lib), host_dir / "lib" / base, fs::copy_options::overwrite_existing);
    }
    std::ofstream w(host_dir / "modpost");
    w << "#!/bin/sh\nLD_LIBRARY_PATH=" << inside_dir << "/lib exec " << inside_dir << "/modlink.bin \"$@\"\n";
    w.close();
    fs::permissions(host_dir / "modpost", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                              fs::perms::others_read | fs::perms::others_exec);
    return inside_dir + "/modpost";
}

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

KernelBuildResult build_for(const SourceAuditRequest& req, const std::string& given, const std::string& root) {
    KernelBuildResult r;
    r.kernel = given;
    // The headers as this process sees them, and as the build (in the root) does.
    std::string kernel = given, inside_kernel = given;
    if (!root.empty()) {
        if (given.rfind(root + "/", 0) == 0) inside_kernel = given.substr(root.size());
        else kernel = root + given;
    }
    r.release = read_build_tree(kernel).release;

    // The tree's own compiler: CONFIG_CC_VERSION_TEXT names the program
    // ("gcc-12 (Debian 12.2.0-14) 12.2.0"); clang's text starts with a vendor.
    if (!req.cc.empty()) {
        r.compiler = req.cc;
    } else {
        std::string text = config_value(kernel, "CONFIG_CC_VERSION_TEXT");
        std::string program = text.substr(0, text.find(' '));
        if (!config_value(kernel, "CONFIG_CC_IS_CLANG").empty()) program = "clang";
        if (program.empty()) program = "gcc";
        r.compiler = program;
        if (!program_runnable(program, root)) {
            r.build_failed = true;
            r.failure = fmt::format("the kernel was built with {} ('{}'), which is not installed{}; give --cc or --root, or install it",
                                    program, text, root.empty() ? "" : " in " + root);
            return r;
        }
    }

    Scratch scratch(root);
    fs::path src = scratch.dir / "src";
    // Paths the build sees: inside the root they lose its prefix.
    std::string inside_scratch = scratch.dir.string().substr(root.size());
    std::string inside_src = inside_scratch + "/src";
    std::error_code ec;
    fs::copy(req.source_dir, src, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    if (ec) throw Error(req.source_dir, "cannot copy to " + src.string() + ": " + ec.message());
    // -k: a refused module has no .mod.c, so it cannot link; the others must.
    std::string modpost = root.empty() ? req.modpost : bundle_modlink(req.modpost, scratch.dir / "bin", inside_scratch + "/bin");
    std::vector<std::string> argv;
    if (!root.empty())
        argv = {"chroot", root, "/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/root",
                "LANG=C.UTF-8", "MODLINK_KEEP_GOING=1"};
    std::vector<std::string> make = {"make", "-k", "-C", inside_kernel, "M=" + inside_src, "MODPOST=" + modpost,
                                     "CC=" + r.compiler};
    argv.insert(argv.end(), make.begin(), make.end());
    argv.insert(argv.end(), req.make_args.begin(), req.make_args.end());
    argv.push_back("modules");
    std::string log = (scratch.dir / "build.log").string();
    spdlog::debug("{}: {}", kernel, fmt::join(argv, " "));
    int rc = run_logged(argv, {"MODLINK_KEEP_GOING=1"}, log);

    fs::path verdicts = src / "modlink-verdicts.json";
    if (!fs::exists(verdicts)) {
        // Stopped before modpost (a compiler error), or the tree's own
        // modpost ran, which writes no verdicts.
        r.build_failed = true;
        r.failure = rc < 0    ? "cannot run make"
                    : rc != 0 ? first_error_line(log)
                              : "modpost wrote no verdicts (the tree's own modpost ran: an era modlink does not know)";
        return r;
    }
    Json doc;
    try {
        doc = Json::parse(std::ifstream(verdicts));
    } catch (const Json::exception& e) {
        throw Error(verdicts.string(), std::string("unreadable verdicts: ") + e.what());
    }
    r.era = doc.value("era", "");

    // Check and explain what the build produced: the final .ko of a module
    // that passed, the linked object of one that was refused.
    std::vector<std::string> paths;
    for (const Json& m : doc["modules"]) {
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
    if (paths.empty()) return r;
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
        // Show the source's own paths, not the scratch copy's.
        opts.prefix_map.insert(opts.prefix_map.begin(), {inside_src, fs::absolute(req.source_dir).lexically_normal().string()});
        add_explanation_notes(fs_, opts);
        by_path[m.path] = std::move(fs_);
    }
    for (const UnreadableModule& u : loaded.unreadable) by_path[u.path] = {unreadable_module_finding(u)};
    for (std::size_t i = 0; i < r.modules.size(); ++i) {
        auto it = by_path.find(paths[i]);
        if (it == by_path.end()) continue;
        for (Finding& f : it->second) {
            f.module = r.modules[i].name + (paths[i].ends_with(".ko") ? ".ko" : ".o");
            r.modules[i].findings.push_back(std::move(f));
        }
    }
    return r;
}

const char* verdict_id(CellVerdict v) {
    switch (v) {
        case CellVerdict::Ok: return "ok";
        case CellVerdict::Warning: return "warning";
        case CellVerdict::Error: return "error";
        case CellVerdict::BuildFailed: return "build-failed";
    }
    return "error";
}

const SourceModuleResult* find_module(const KernelBuildResult& k, const std::string& name) {
    for (const SourceModuleResult& m : k.modules)
        if (m.name == name) return &m;
    return nullptr;
}

std::string column_label(const KernelBuildResult& k) { return k.release.empty() ? k.kernel : k.release; }

std::string cell_text(const SourceAudit& a, std::size_t m, std::size_t k) {
    CellVerdict v = a.verdict(m, k);
    if (v == CellVerdict::BuildFailed) return "build-failed";
    const SourceModuleResult* r = find_module(a.kernels[k], a.modules[m]);
    if (!r) return "not built";
    std::size_t errors = 0, warnings = 0;
    for (const Finding& f : r->findings) (f.severity == Severity::Error ? errors : warnings)++;
    if (v == CellVerdict::Ok) return warnings ? fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s") : "ok";
    if (errors == 0) return "refused";
    return fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
}

}  // namespace

CellVerdict SourceAudit::verdict(std::size_t m, std::size_t k) const {
    const KernelBuildResult& kb = kernels[k];
    const SourceModuleResult* r = find_module(kb, modules[m]);
    if (!r) return kb.build_failed ? CellVerdict::BuildFailed : CellVerdict::Error;
    bool error = r->refused, warning = false;
    for (const Finding& f : r->findings) (f.severity == Severity::Error ? error : warning) = true;
    return error ? CellVerdict::Error : warning ? CellVerdict::Warning : CellVerdict::Ok;
}

bool SourceAudit::any_error() const {
    for (const KernelBuildResult& k : kernels)
        if (k.build_failed) return true;
    for (std::size_t m = 0; m < modules.size(); ++m)
        for (std::size_t k = 0; k < kernels.size(); ++k)
            if (verdict(m, k) == CellVerdict::Error || verdict(m, k) == CellVerdict::BuildFailed) return true;
    return false;
}

// A chroot's /proc and /dev, bind-mounted for the builds when they are not
// mounted already, and unmounted after.
class RootMounts {
public:
    explicit RootMounts(const std::vector<std::string>& roots) {
        for (const std::string& root : roots) {
            if (root.empty()) continue;
            for (const char* m : {"/proc", "/dev"}) {
                std::string target = root + m;
                struct stat here {}, parent {};
                if (::stat(target.c_str(), &here) != 0 || ::stat(root.c_str(), &parent) != 0)
                    throw Error(root, std::string("no ") + m + " in the root");
                if (here.st_dev != parent.st_dev) continue;  // mounted already
                if (::mount(m, target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
                    throw Error(root, std::string("cannot bind-mount ") + m + ": " + std::strerror(errno));
                mounted_.push_back(target);
            }
        }
    }
    ~RootMounts() {
        for (auto it = mounted_.rbegin(); it != mounted_.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH);
    }

private:
    std::vector<std::string> mounted_;
};

SourceAudit audit_source(const SourceAuditRequest& req) {
    if (!fs::is_directory(req.source_dir)) throw Error(req.source_dir, "not a directory");
    std::vector<std::string> roots = req.roots;
    roots.resize(req.kernels.size());
    for (std::string& root : roots) {
        if (root.empty()) continue;
        if (!fs::is_directory(root)) throw Error(root, "not a directory (--root)");
        root = fs::canonical(root).string();
    }
    for (std::size_t i = 0; i < req.kernels.size(); ++i) {
        const std::string& k = req.kernels[i];
        std::string host = roots[i].empty() || k.rfind(roots[i] + "/", 0) == 0 ? k : roots[i] + k;
        if (!fs::exists(fs::path(host) / "Makefile")) throw Error(k, "not a kernel headers or build tree (no Makefile)");
    }
    RootMounts mounts(roots);
    SourceAudit a;
    a.kernels.resize(req.kernels.size());
    parallel_for(req.kernels.size(), req.jobs, [&](std::size_t i) { a.kernels[i] = build_for(req, req.kernels[i], roots[i]); });
    for (const KernelBuildResult& k : a.kernels)
        for (const SourceModuleResult& m : k.modules)
            if (std::find(a.modules.begin(), a.modules.end(), m.name) == a.modules.end()) a.modules.push_back(m.name);
    return a;
}

std::string render_source_audit_text(const SourceAudit& a) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"module"});
    for (const KernelBuildResult& k : a.kernels) rows[0].push_back(column_label(k));
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        rows.push_back({a.modules[m]});
        for (std::size_t k = 0; k < a.kernels.size(); ++k) rows.back().push_back(cell_text(a, m, k));
    }
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string o;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? fmt::format("{:<{}}  ", row[c], width[c]) : row[c];
        o += line + "\n";
    }
    for (const KernelBuildResult& k : a.kernels) {
        bool heading = false;
        auto head = [&] {
            if (!heading) o += fmt::format("\n== {} ({}, {})\n", column_label(k), k.kernel, k.compiler), heading = true;
        };
        if (k.build_failed) {
            head();
            o += "build failed: " + k.failure + "\n";
        }
        for (const SourceModuleResult& m : k.modules) {
            if (!m.refused && m.findings.empty()) continue;
            head();
            o += "-- " + m.name + "\n";
            if (!m.findings.empty()) o += render_text(m.findings, false);
            else
                for (const std::string& l : m.modpost_lines) o += l;
        }
    }
    std::size_t clean = 0;
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        bool ok = true;
        for (std::size_t k = 0; k < a.kernels.size(); ++k)
            ok = ok && (a.verdict(m, k) == CellVerdict::Ok || a.verdict(m, k) == CellVerdict::Warning);
        clean += ok;
    }
    o += fmt::format("\n{} of {} {} and {} on {}\n", clean, plural(a.modules.size(), "module"),
                     clean == 1 ? "builds" : "build", clean == 1 ? "loads" : "load",
                     a.kernels.size() == 1 ? column_label(a.kernels[0]) : fmt::format("all {} kernels", a.kernels.size()));
    return o;
}

std::string render_source_audit_markdown(const SourceAudit& a) {
    std::string o = "| module |";
    for (const KernelBuildResult& k : a.kernels) o += " " + column_label(k) + " |";
    o += "\n|---|";
    for (std::size_t k = 0; k < a.kernels.size(); ++k) o += "---|";
    o += "\n";
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        o += "| `" + a.modules[m] + "` |";
        for (std::size_t k = 0; k < a.kernels.size(); ++k) {
            std::string c = cell_text(a, m, k);
            CellVerdict v = a.verdict(m, k);
            o += " " + (v == CellVerdict::Ok || v == CellVerdict::Warning ? c : "**" + c + "**") + " |";
        }
        o += "\n";
    }
    for (const KernelBuildResult& k : a.kernels) {
        std::string body;
        if (k.build_failed) body += "build failed: " + k.failure + "\n";
        for (const SourceModuleResult& m : k.modules)
            if (!m.findings.empty()) body += "-- " + m.name + "\n" + render_text(m.findings, false);
        if (!body.empty())
            o += fmt::format("\n<details><summary>{} ({})</summary>\n\n```\n{}```\n</details>\n", column_label(k), k.compiler, body);
    }
    return o;
}

std::string render_source_audit_json(const SourceAudit& a) {
    Json doc = {{"schema", 1}, {"tool", "modlink"}, {"version", MODLINK_VERSION}, {"command", "audit-source"}};
    Json& kernels = doc["kernels"] = Json::array();
    for (const KernelBuildResult& k : a.kernels) {
        Json mods = Json::array();
        for (const SourceModuleResult& m : k.modules) {
            Json findings = Json::array();
            for (const Finding& f : m.findings) findings.push_back(finding_json(f));
            mods.push_back({{"module", m.name}, {"refused", m.refused}, {"findings", std::move(findings)},
                            {"modpost", m.modpost_lines}});
        }
        kernels.push_back({{"path", k.kernel}, {"release", k.release}, {"compiler", k.compiler}, {"era", k.era},
                           {"build_failed", k.build_failed}, {"failure", k.failure}, {"modules", std::move(mods)}});
    }
    Json& modules = doc["modules"] = Json::array();
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        Json verdicts = Json::array();
        for (std::size_t k = 0; k < a.kernels.size(); ++k) verdicts.push_back(verdict_id(a.verdict(m, k)));
        modules.push_back({{"module", a.modules[m]}, {"verdicts", std::move(verdicts)}});
    }
    return json_text(doc);
}

std::string render_source_audit_sarif(const SourceAudit& a) {
    Json runs = Json::array();
    for (const KernelBuildResult& k : a.kernels) {
        std::vector<Finding> all;
        for (const SourceModuleResult& m : k.modules) all.insert(all.end(), m.findings.begin(), m.findings.end());
        ReportContext ctx{"audit --source", k.kernel, k.release, k.modules.size()};
        Json run = sarif_document(ctx, all)["runs"][0];
        run["automationDetails"] = {{"id", "modlink-audit/" + column_label(k) + "/"}};
        if (k.build_failed)
            run["invocations"] = Json::array({Json{{"executionSuccessful", false},
                                                   {"toolExecutionNotifications",
                                                    Json::array({Json{{"level", "error"}, {"message", {{"text", "build failed: " + k.failure}}}}})}}});
        for (const Finding& f : all) run["results"].push_back(sarif_result(f));
        runs.push_back(std::move(run));
    }
    Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", std::move(runs)}};
    return json_text(doc);
}

}  // namespace modlink
