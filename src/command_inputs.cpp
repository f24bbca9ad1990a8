// SPDX-License-Identifier: MIT
#include "modlink/command_inputs.h"

#include <spdlog/spdlog.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <map>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "modlink/error.h"
#include "modlink/module_files.h"
#include "modlink/parallel.h"

namespace modlink {

std::string default_kernel_path() {
    struct utsname u {};
    if (uname(&u) != 0) return "/lib/modules";
    std::string path = std::string("/lib/modules/") + u.release;
    // A container runs the host's kernel, whose tree it does not have.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error(path, std::string("no such directory: without --kernel, modlink checks against the running kernel (") +
                              u.release + "), which is not installed here; give --kernel PATH");
    return path;
}

namespace {

// Said once per file, in input order, on stderr: the report itself is for
// the modules being checked.
void warn_unindexed(const std::string& path, const std::string& problem) {
    std::fprintf(stderr, "modlink: warning: %s: %s (its exports are left out of the index)\n", path.c_str(),
                 problem.c_str());
}

// The vermagic most modules of the tree carry (ties: the smallest string),
// so one odd module cannot decide what the kernel expects.
std::string common_vermagic(const std::vector<std::optional<Module>>& parsed, std::size_t n) {
    std::map<std::string, std::size_t> count;
    for (std::size_t i = 0; i < n; ++i)
        if (parsed[i] && !parsed[i]->vermagic.empty()) ++count[parsed[i]->vermagic];
    std::string best;
    std::size_t best_n = 0;
    for (const auto& [v, n] : count)
        if (n > best_n) best = v, best_n = n;
    return best;
}

// Paths (relative to the tree, without a compression suffix) that the
// tree's modules.order lists: the modules built with the kernel itself.
std::unordered_set<std::string> built_with_kernel(const std::string& tree) {
    std::unordered_set<std::string> listed;
    std::ifstream in(tree + "/modules.order");
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) listed.insert(line);
    return listed;
}

std::string without_compression_suffix(std::string p) {
    for (std::string_view suffix : {".zst", ".xz", ".gz"})
        if (p.ends_with(suffix)) return p.substr(0, p.size() - suffix.size());
    return p;
}

// A module tree whose build tree provides Module.symvers and the facts
// (.config: vermagic, modversions) need not be read module by module: the
// dump already lists every export of the modules built with the kernel
// (tests/integration/tree-exports-match-symvers.sh shows they are equal),
// and reading them costs seconds when they are xz-compressed. Modules the
// build did not list (updates/, extra/, DKMS) are still read, since only
// the loader sees them.
bool symvers_covers_tree(const KernelLocation& loc, const Kernel& k) {
    return !loc.module_tree.empty() && !loc.build_tree.empty() && !loc.symvers.empty() && !k.vermagic.empty() &&
           k.modversions != Modversions::Unknown;
}

// Takes out of `tree_paths` (keeping the order of the rest) the modules
// whose exports the build tree's Module.symvers already gives, and returns
// them by module name. A module stays to be read when
//  - modules.order does not list it (updates/, extra/, DKMS);
//  - it is being checked (it keeps its place in the tree's order, so the
//    index is the one a full read builds);
//  - it is newer than the dump: a module copied over the shipped one after
//    the kernel was installed (packages give both the same time);
//  - a module that is read has its name: which one's exports win is then
//    decided as a full read decides it.
std::unordered_map<std::string, std::string> leave_to_symvers(std::vector<std::string>& tree_paths,
                                                              const KernelLocation& loc,
                                                              const std::vector<std::string>& check_paths) {
    namespace fs = std::filesystem;
    std::unordered_set<std::string> listed = built_with_kernel(loc.module_tree);
    std::unordered_set<std::string> checked(check_paths.begin(), check_paths.end());
    std::error_code ec;
    fs::file_time_type dump_time = fs::last_write_time(loc.symvers.front(), ec);
    if (ec) return {};
    std::size_t prefix = loc.module_tree.size() + 1;
    std::vector<bool> leave(tree_paths.size(), false);
    std::unordered_set<std::string> names_read;
    for (std::size_t i = 0; i < tree_paths.size(); ++i) {
        const std::string& p = tree_paths[i];
        fs::file_time_type t = fs::last_write_time(p, ec);
        leave[i] = !ec && t <= dump_time && p.size() > prefix && !checked.count(p) &&
                   listed.count(without_compression_suffix(p.substr(prefix)));
        if (!leave[i]) names_read.insert(module_name_from_path(p));
    }
    std::unordered_map<std::string, std::string> unread;
    std::vector<std::string> still_read;
    for (std::size_t i = 0; i < tree_paths.size(); ++i) {
        std::string name = module_name_from_path(tree_paths[i]);
        if (leave[i] && !names_read.count(name))
            unread.emplace(std::move(name), std::move(tree_paths[i]));
        else
            still_read.push_back(std::move(tree_paths[i]));
    }
    tree_paths = std::move(still_read);
    return unread;
}

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// The kernel's base: its dumps, vmlinux and build tree facts.
void load_kernel(const InputRequest& req, LoadedInputs& out) {
    auto t0 = Clock::now();
    out.location = locate_kernel(req.kernel);
    out.kernel.load_base(out.location);
    spdlog::debug("kernel {}: {} dump(s), vmlinux '{}', module tree '{}', build tree '{}': {} exports ({:.1f} ms)",
                  req.kernel, out.location.symvers.size(), out.location.vmlinux, out.location.module_tree,
                  out.location.build_tree, out.kernel.export_count(), ms_since(t0));
}

// The modules to check, in input order; a path that names nothing to read
// (missing, a directory without modules) is unreadable in its place.
struct ModulesToCheck {
    std::vector<std::string> paths;
    std::vector<std::string> problems;  // one per path: "" when it is to be read
};

ModulesToCheck modules_to_check(const InputRequest& req, const KernelLocation& loc,
                                const std::vector<std::string>& tree_paths) {
    ModulesToCheck check;
    if (req.index_only) {
    } else if (req.modules.empty()) {
        if (loc.module_tree.empty()) throw Error(req.kernel, "no modules given, and this kernel has no module tree to check");
        check.paths = tree_paths;
        if (check.paths.empty()) throw Error(req.kernel, "no modules given, and this kernel's module tree holds none");
    } else {
        for (const std::string& given : req.modules) {
            try {
                for (std::string& p : expand_module_paths({given})) check.paths.push_back(std::move(p));
            } catch (const Error& e) {
                check.paths.push_back(given);
                check.problems.resize(check.paths.size());
                check.problems.back() = e.what();
            }
        }
    }
    check.problems.resize(check.paths.size());
    return check;
}

// Every distinct file to parse, once: the tree's first, then the checked
// files that are not part of it.
struct ParseList {
    std::vector<std::string> files;
    std::vector<std::string> problems;     // one per file: why it is not read, "" to read it
    std::size_t tree_count = 0;            // files[0, tree_count) are the tree's
    std::vector<std::size_t> check_index;  // one per module to check: its file
    std::vector<std::optional<Module>> parsed;
};

ParseList parse_list(std::vector<std::string> tree_paths, const ModulesToCheck& check) {
    ParseList list;
    list.tree_count = tree_paths.size();
    list.files = std::move(tree_paths);
    list.problems.resize(list.files.size());
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < list.files.size(); ++i) index_of.emplace(list.files[i], i);
    for (std::size_t c = 0; c < check.paths.size(); ++c) {
        if (!check.problems[c].empty()) {
            list.check_index.push_back(list.files.size());
            list.files.push_back(check.paths[c]);
            list.problems.push_back(check.problems[c]);
            continue;
        }
        auto [it, fresh] = index_of.emplace(check.paths[c], list.files.size());
        if (fresh) {
            list.files.push_back(check.paths[c]);
            list.problems.emplace_back();
        }
        list.check_index.push_back(it->second);
    }
    return list;
}

// Parses every file in parallel. A tree module that is only indexed and
// cannot be read is said once: its exports are unknown, which the findings
// that depend on them will show.
void parse_all(ParseList& list, const InputRequest& req) {
    list.parsed.resize(list.files.size());
    auto t1 = Clock::now();
    parallel_for(list.files.size(), req.jobs, [&](std::size_t i) {
        if (!list.problems[i].empty()) return;
        try {
            list.parsed[i] = read_module(list.files[i], req.parse);
        } catch (const Error& e) {
            list.problems[i] = e.what();
        }
    });
    spdlog::debug("read {} modules ({} of the tree) with {} workers ({:.1f} ms)", list.files.size(), list.tree_count,
                  effective_jobs(req.jobs), ms_since(t1));
    std::unordered_set<std::size_t> checked_set(list.check_index.begin(), list.check_index.end());
    for (std::size_t i = 0; i < list.files.size(); ++i)
        if (!list.parsed[i] && list.problems[i].empty()) list.problems[i] = "not read";
    for (std::size_t i = 0; i < list.tree_count; ++i)
        if (!list.parsed[i] && !checked_set.count(i)) warn_unindexed(list.files[i], list.problems[i]);
}

// The index in its order: the tree's modules, --symvers files, the modules
// being checked; then what the build tree did not say, read off the tree's
// modules themselves.
void index_modules(const ParseList& list, const InputRequest& req, Kernel& kernel) {
    for (std::size_t i = 0; i < list.tree_count; ++i)
        if (list.parsed[i]) kernel.add_module(*list.parsed[i]);
    for (const std::string& s : req.extra_symvers)
        read_symvers(s, [&](const SymversEntry& e) { kernel.add_symvers_entry(e); });
    for (std::size_t i = list.tree_count; i < list.files.size(); ++i)
        if (list.parsed[i]) kernel.add_module(*list.parsed[i]);

    if (list.tree_count == 0) return;
    if (kernel.vermagic.empty()) kernel.vermagic = common_vermagic(list.parsed, list.tree_count);
    if (kernel.modversions == Modversions::Unknown) {
        bool any = false;
        for (std::size_t i = 0; i < list.tree_count; ++i) any = any || (list.parsed[i] && list.parsed[i]->has_versions);
        kernel.modversions = any ? Modversions::Yes : Modversions::No;
    }
}

// The loader's proprietary-exporter rule needs the license of each module
// a checked module imports from: of those left to Module.symvers, read
// just these.
void read_exporter_licenses(const ParseList& list, const std::unordered_map<std::string, std::string>& unread_in_tree,
                            const InputRequest& req, Kernel& kernel) {
    std::vector<std::string> owners;
    std::unordered_set<std::string> seen;
    for (std::size_t i : list.check_index) {
        if (!list.parsed[i]) continue;
        for (const Import& imp : list.parsed[i]->imports) {
            const KernelExport* e = kernel.find(imp.name);
            if (!e || e->owner == "vmlinux" || kernel.owner_licenses(e->owner)) continue;
            auto it = unread_in_tree.find(e->owner);
            if (it != unread_in_tree.end() && seen.insert(e->owner).second) owners.push_back(it->second);
        }
    }
    std::vector<std::optional<Module>> exporters(owners.size());
    std::vector<std::string> owner_problems(owners.size());
    parallel_for(owners.size(), req.jobs, [&](std::size_t i) {
        try {
            exporters[i] = read_module(owners[i], req.parse);
        } catch (const Error& e) {
            owner_problems[i] = e.what();
        }
    });
    for (std::size_t i = 0; i < owners.size(); ++i) {
        if (exporters[i]) kernel.add_owner_licenses(*exporters[i]);
        else warn_unindexed(owners[i], owner_problems[i]);
    }
    spdlog::debug("{} modules of the tree left to Module.symvers; read the licenses of {} exporters",
                  unread_in_tree.size(), owners.size());
}

// Moves the checked modules out, each unreadable one in its place; a file
// named twice is checked once.
void take_checked_modules(ParseList& list, LoadedInputs& out) {
    std::vector<bool> taken(list.files.size(), false);
    std::size_t position = 0;
    for (std::size_t i : list.check_index) {
        if (taken[i]) continue;
        taken[i] = true;
        if (list.parsed[i]) out.modules.push_back(std::move(*list.parsed[i]));
        else out.unreadable.push_back({list.files[i], list.problems[i], position});
        ++position;
    }
}

}  // namespace

LoadedInputs load_inputs(const InputRequest& req) {
    LoadedInputs out;
    load_kernel(req, out);
    std::vector<std::string> tree_paths;
    if (!out.location.module_tree.empty()) tree_paths = expand_module_paths({out.location.module_tree}, EmptyDirectory::Allowed);
    ModulesToCheck check = modules_to_check(req, out.location, tree_paths);

    // In-tree modules left unread (see symvers_covers_tree), by module name.
    std::unordered_map<std::string, std::string> unread_in_tree;
    bool whole_tree_checked = req.modules.empty() && !req.index_only;
    if (symvers_covers_tree(out.location, out.kernel) && !whole_tree_checked)
        unread_in_tree = leave_to_symvers(tree_paths, out.location, check.paths);

    ParseList list = parse_list(std::move(tree_paths), check);
    parse_all(list, req);
    index_modules(list, req, out.kernel);
    if (req.need_vmlinux_exports && !out.kernel.has_vmlinux_exports())
        throw Error(req.kernel,
                    "no exports of vmlinux found: give the headers or build tree, its Module.symvers, or a module "
                    "tree whose build link leads there (a vmlinux needs its export tables)");
    spdlog::debug("index: {} exports; release '{}', vermagic '{}', modversions {}", out.kernel.export_count(),
                  out.kernel.release, out.kernel.vermagic, out.kernel.uses_modversions() ? "yes" : "no");
    if (!unread_in_tree.empty()) read_exporter_licenses(list, unread_in_tree, req, out.kernel);
    take_checked_modules(list, out);
    return out;
}

Finding unreadable_module_finding(const UnreadableModule& u) {
    Finding f;
    f.module = u.path;
    f.module_name = module_name_from_path(u.path);
    f.kind = FindingKind::UnreadableModule;
    f.severity = Severity::Error;
    f.message = u.problem;
    return f;
}

std::vector<Finding> findings_in_input_order(std::vector<std::vector<Finding>> per_module,
                                             const std::vector<UnreadableModule>& unreadable) {
    std::vector<Finding> out;
    auto next_unreadable = unreadable.begin();
    std::size_t position = 0;
    auto flush_unreadable = [&] {
        while (next_unreadable != unreadable.end() && next_unreadable->position == position) {
            out.push_back(unreadable_module_finding(*next_unreadable++));
            ++position;
        }
    };
    for (std::vector<Finding>& list : per_module) {
        flush_unreadable();
        for (Finding& f : list) out.push_back(std::move(f));
        ++position;
    }
    flush_unreadable();
    return out;
}

}  // namespace modlink
