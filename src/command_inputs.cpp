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

}  // namespace

LoadedInputs load_inputs(const InputRequest& req) {
    using Clock = std::chrono::steady_clock;
    auto ms_since = [](Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    };
    auto t0 = Clock::now();
    LoadedInputs out;
    out.location = locate_kernel(req.kernel);
    out.kernel.load_base(out.location);
    spdlog::debug("kernel {}: {} dump(s), vmlinux '{}', module tree '{}', build tree '{}': {} exports ({:.1f} ms)",
                  req.kernel, out.location.symvers.size(), out.location.vmlinux, out.location.module_tree,
                  out.location.build_tree, out.kernel.export_count(), ms_since(t0));

    std::vector<std::string> tree_paths;
    if (!out.location.module_tree.empty()) tree_paths = expand_module_paths({out.location.module_tree}, EmptyDirectory::Allowed);
    // The modules to check, in input order; a path that names nothing to
    // read (missing, a directory without modules) is unreadable in its place.
    std::vector<std::string> check_paths;
    std::vector<std::string> check_problems;  // "" when the path is to be read
    if (req.index_only) {
    } else if (req.modules.empty()) {
        if (out.location.module_tree.empty())
            throw Error(req.kernel, "no modules given, and this kernel has no module tree to check");
        check_paths = tree_paths;
        if (check_paths.empty()) throw Error(req.kernel, "no modules given, and this kernel's module tree holds none");
    } else {
        for (const std::string& given : req.modules) {
            try {
                for (std::string& p : expand_module_paths({given})) check_paths.push_back(std::move(p));
            } catch (const Error& e) {
                check_paths.push_back(given);
                check_problems.resize(check_paths.size());
                check_problems.back() = e.what();
            }
        }
    }
    check_problems.resize(check_paths.size());

    // In-tree modules left unread (see symvers_covers_tree), by module name.
    std::unordered_map<std::string, std::string> unread_in_tree;
    bool whole_tree_checked = req.modules.empty() && !req.index_only;
    if (symvers_covers_tree(out.location, out.kernel) && !whole_tree_checked)
        unread_in_tree = leave_to_symvers(tree_paths, out.location, check_paths);

    // Parse every distinct file once: the tree first, then checked files
    // that are not part of it.
    std::vector<std::string> all = tree_paths;
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < all.size(); ++i) index_of.emplace(all[i], i);
    std::vector<std::size_t> check_index;
    std::vector<std::string> problems(all.size());
    for (std::size_t c = 0; c < check_paths.size(); ++c) {
        if (!check_problems[c].empty()) {
            check_index.push_back(all.size());
            all.push_back(check_paths[c]);
            problems.push_back(check_problems[c]);
            continue;
        }
        auto [it, fresh] = index_of.emplace(check_paths[c], all.size());
        if (fresh) {
            all.push_back(check_paths[c]);
            problems.emplace_back();
        }
        check_index.push_back(it->second);
    }
    std::vector<std::optional<Module>> parsed(all.size());
    auto t1 = Clock::now();
    parallel_for(all.size(), req.jobs, [&](std::size_t i) {
        if (!problems[i].empty()) return;
        try {
            parsed[i] = read_module(all[i], req.parse);
        } catch (const Error& e) {
            problems[i] = e.what();
        }
    });
    spdlog::debug("read {} modules ({} of the tree) with {} workers ({:.1f} ms)", all.size(), tree_paths.size(),
                  effective_jobs(req.jobs), ms_since(t1));

    // A tree module that is only indexed and cannot be read: its exports
    // are unknown, which the findings that depend on them will show.
    std::unordered_set<std::size_t> checked_set(check_index.begin(), check_index.end());
    for (std::size_t i = 0; i < all.size(); ++i)
        if (!parsed[i] && problems[i].empty()) problems[i] = "not read";
    for (std::size_t i = 0; i < tree_paths.size(); ++i)
        if (!parsed[i] && !checked_set.count(i)) warn_unindexed(all[i], problems[i]);

    for (std::size_t i = 0; i < tree_paths.size(); ++i)
        if (parsed[i]) out.kernel.add_module(*parsed[i]);
    for (const std::string& s : req.extra_symvers)
        read_symvers(s, [&](const SymversEntry& e) { out.kernel.add_symvers_entry(e); });
    for (std::size_t i = tree_paths.size(); i < all.size(); ++i)
        if (parsed[i]) out.kernel.add_module(*parsed[i]);

    if (!tree_paths.empty()) {
        // Facts the build tree did not give are read off the modules themselves.
        if (out.kernel.vermagic.empty()) out.kernel.vermagic = common_vermagic(parsed, tree_paths.size());
        if (out.kernel.modversions == Modversions::Unknown) {
            bool any = false;
            for (std::size_t i = 0; i < tree_paths.size(); ++i) any = any || (parsed[i] && parsed[i]->has_versions);
            out.kernel.modversions = any ? Modversions::Yes : Modversions::No;
        }
    }

    if (req.need_vmlinux_exports && !out.kernel.has_vmlinux_exports())
        throw Error(req.kernel,
                    "no exports of vmlinux found: give the headers or build tree, its Module.symvers, or a module "
                    "tree whose build link leads there (a vmlinux needs its export tables)");
    spdlog::debug("index: {} exports; release '{}', vermagic '{}', modversions {}", out.kernel.export_count(),
                  out.kernel.release, out.kernel.vermagic, out.kernel.uses_modversions() ? "yes" : "no");

    // The loader's proprietary-exporter rule needs the license of each
    // module a checked module imports from: read just those.
    if (!unread_in_tree.empty()) {
        std::vector<std::string> owners;
        std::unordered_set<std::string> seen;
        for (std::size_t i : check_index) {
            if (!parsed[i]) continue;
            for (const Import& imp : parsed[i]->imports) {
                const KernelExport* e = out.kernel.find(imp.name);
                if (!e || e->owner == "vmlinux" || out.kernel.owner_licenses(e->owner)) continue;
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
            if (exporters[i]) out.kernel.add_owner_licenses(*exporters[i]);
            else warn_unindexed(owners[i], owner_problems[i]);
        }
        spdlog::debug("{} modules of the tree left to Module.symvers; read the licenses of {} exporters",
                      unread_in_tree.size(), owners.size());
    }

    // Move the checked modules out, each unreadable one in its place; a
    // file named twice is checked once.
    std::vector<bool> taken(all.size(), false);
    std::size_t position = 0;
    for (std::size_t i : check_index) {
        if (taken[i]) continue;
        taken[i] = true;
        if (parsed[i]) out.modules.push_back(std::move(*parsed[i]));
        else out.unreadable.push_back({all[i], problems[i], position});
        ++position;
    }
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
