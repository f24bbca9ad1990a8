// SPDX-License-Identifier: MIT
#include "modlink/inputs.h"

#include <spdlog/spdlog.h>
#include <sys/utsname.h>

#include <chrono>

#include <map>
#include <optional>
#include <unordered_map>

#include "modlink/error.h"
#include "modlink/module_files.h"
#include "modlink/parallel.h"

namespace modlink {

std::string default_kernel_path() {
    struct utsname u {};
    if (uname(&u) != 0) return "/lib/modules";
    return std::string("/lib/modules/") + u.release;
}

namespace {

// The vermagic most modules of the tree carry (ties: the smallest string),
// so one odd module cannot decide what the kernel expects.
std::string common_vermagic(const std::vector<std::optional<Module>>& parsed, std::size_t n) {
    std::map<std::string, std::size_t> count;
    for (std::size_t i = 0; i < n; ++i)
        if (!parsed[i]->vermagic.empty()) ++count[parsed[i]->vermagic];
    std::string best;
    std::size_t best_n = 0;
    for (const auto& [v, n] : count)
        if (n > best_n) best = v, best_n = n;
    return best;
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
    if (!out.location.module_tree.empty()) tree_paths = expand_module_paths({out.location.module_tree});
    std::vector<std::string> check_paths;
    if (req.modules.empty()) {
        if (out.location.module_tree.empty())
            throw Error(req.kernel, "no modules given, and this kernel has no module tree to check");
        check_paths = tree_paths;
    } else {
        check_paths = expand_module_paths(req.modules);
    }

    // Parse every distinct file once: the tree first, then checked files
    // that are not part of it.
    std::vector<std::string> all = tree_paths;
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < all.size(); ++i) index_of.emplace(all[i], i);
    std::vector<std::size_t> check_index;
    for (const std::string& p : check_paths) {
        auto [it, fresh] = index_of.emplace(p, all.size());
        if (fresh) all.push_back(p);
        check_index.push_back(it->second);
    }
    std::vector<std::optional<Module>> parsed(all.size());
    auto t1 = Clock::now();
    parallel_for(all.size(), req.jobs, [&](std::size_t i) { parsed[i] = read_module(all[i], req.parse); });
    spdlog::debug("read {} modules ({} of the tree) with {} workers ({:.1f} ms)", all.size(), tree_paths.size(),
                  effective_jobs(req.jobs), ms_since(t1));

    for (std::size_t i = 0; i < tree_paths.size(); ++i) out.kernel.add_module(*parsed[i]);
    for (const std::string& s : req.extra_symvers)
        read_symvers(s, [&](const SymversEntry& e) { out.kernel.add_symvers_entry(e); });
    for (std::size_t i = tree_paths.size(); i < all.size(); ++i) out.kernel.add_module(*parsed[i]);

    if (!tree_paths.empty()) {
        // Facts the build tree did not give are read off the modules themselves.
        if (out.kernel.vermagic.empty()) out.kernel.vermagic = common_vermagic(parsed, tree_paths.size());
        if (out.kernel.modversions == Modversions::Unknown) {
            bool any = false;
            for (std::size_t i = 0; i < tree_paths.size(); ++i) any = any || parsed[i]->has_versions;
            out.kernel.modversions = any ? Modversions::Yes : Modversions::No;
        }
    }

    spdlog::debug("index: {} exports; release '{}', vermagic '{}', modversions {}", out.kernel.export_count(),
                  out.kernel.release, out.kernel.vermagic, out.kernel.uses_modversions() ? "yes" : "no");

    // Move the checked modules out; a file named twice is checked once.
    std::vector<bool> taken(all.size(), false);
    for (std::size_t i : check_index) {
        if (taken[i]) continue;
        taken[i] = true;
        out.modules.push_back(std::move(*parsed[i]));
    }
    return out;
}

}  // namespace modlink
