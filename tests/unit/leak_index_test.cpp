// SPDX-License-Identifier: MIT
// The leak index's bookkeeping: which paths are kernel headers, how one
// module's site groups become sightings (each enclosing header function
// too), and how modules merge into entries (counts, the shortest chain,
// the first module as evidence). Chains here have the shape explain gives
// on Debian 6.1's kvm-intel.ko for sched_smt_present (leaks-index.sh checks
// the real ones against the kernel's headers).
#include <doctest/doctest.h>

#include "modlink/leak_index.h"

using namespace modlink;

namespace {

InlineFrame frame(const char* fn, const char* decl_file, unsigned decl_line, bool own = false) {
    InlineFrame f;
    f.function = fn;
    f.declared.file = decl_file;
    f.declared.line = decl_line;
    f.declared.own = own;
    f.inlined = true;
    return f;
}

// A module's explanation of one symbol referenced at one site, through
// `frames` (innermost first).
Explanation one_site(const char* symbol, SiteKind kind, std::vector<InlineFrame> frames) {
    SiteGroup g;
    g.kind = kind;
    g.frames = std::move(frames);
    g.sites.resize(1);
    SymbolExplanation s;
    s.symbol = symbol;
    s.groups.push_back(std::move(g));
    Explanation e;
    e.symbols.push_back(std::move(s));
    return e;
}

}  // namespace

TEST_CASE("kernel headers are include/ and arch/*/include/, not a driver's own") {
    CHECK(is_kernel_header({"include/linux/rcupdate.h", 1, 0, false}));
    CHECK(is_kernel_header({"arch/x86/include/asm/fpu/api.h", 1, 0, false}));
    CHECK_FALSE(is_kernel_header({"arch/x86/kvm/vmx/vmx.c", 1, 0, false}));
    CHECK_FALSE(is_kernel_header({"drivers/net/ethernet/intel/e1000/e1000.h", 1, 0, false}));
    CHECK_FALSE(is_kernel_header({"arch//include/x.h", 1, 0, false}));
    CHECK_FALSE(is_kernel_header({"include/linux/own.h", 1, 0, true}));  // the module's own tree
    CHECK_FALSE(is_kernel_header({"", 0, 0, false}));
}

TEST_CASE("each header function on a chain is a sighting, with its chain to the symbol") {
    // arch_static_branch_jump in sched_smt_active in vmx_vm_init
    std::vector<LeakSighting> x =
        leak_sightings(one_site("sched_smt_present", SiteKind::StaticKey,
                                {frame("arch_static_branch_jump", "arch/x86/include/asm/jump_label.h", 45),
                                 frame("sched_smt_active", "include/linux/sched/smt.h", 10),
                                 frame("vmx_vm_init", "arch/x86/kvm/vmx/vmx.c", 7480)}));
    REQUIRE(x.size() == 2);
    CHECK(x[0].function == "arch_static_branch_jump");
    CHECK(x[0].chain == std::vector<std::string>{"arch_static_branch_jump", "sched_smt_present"});
    CHECK(x[1].function == "sched_smt_active");
    CHECK(x[1].declared.file == "include/linux/sched/smt.h");
    CHECK(x[1].declared.line == 10);
    CHECK(x[1].reference == SiteKind::StaticKey);
    CHECK(x[1].chain == std::vector<std::string>{"sched_smt_active", "arch_static_branch_jump", "sched_smt_present"});
}

TEST_CASE("a header function whose chain passes through the module's own code does not leak") {
    // kref_put() calling the module's release function, inlined, which
    // calls usb_put_intf (Debian 6.1's iowarrior.ko).
    CHECK(leak_sightings(one_site("usb_put_intf", SiteKind::Call,
                                  {frame("iowarrior_delete", "drivers/usb/misc/iowarrior.c", 240),
                                   frame("kref_put", "include/linux/kref.h", 62),
                                   frame("iowarrior_release", "drivers/usb/misc/iowarrior.c", 650)}))
              .empty());
}

TEST_CASE("modules merge: counts add up, the shortest chain wins, the first module is the evidence") {
    auto sighting = [](std::vector<std::string> chain, std::size_t sites) {
        LeakSighting x;
        x.function = "rcu_read_lock";
        x.declared = {"include/linux/rcupdate.h", 787, 0, false};
        x.symbol = "__rcu_read_lock";
        x.chain = std::move(chain);
        x.sites = sites;
        return x;
    };
    LeakIndexBuilder b;
    std::vector<UsedFunction> used = {{"rcu_read_lock", "include/linux/rcupdate.h", 1}};
    b.add_module("kernel/a.ko", {sighting({"rcu_read_lock", "x", "__rcu_read_lock"}, 2)}, used);
    b.add_module("kernel/b.ko", {sighting({"rcu_read_lock", "__rcu_read_lock"}, 3)}, used);
    b.add_module("kernel/c.ko", {sighting({"rcu_read_lock", "__rcu_read_lock"}, 1)}, used);
    b.add_module("kernel/d.ko", {}, {{"put_page", "include/linux/mm.h", 1}});
    LeakIndex index;
    b.finish(index);
    std::vector<LeakEntry>& entries = index.leaks;
    REQUIRE(entries.size() == 1);
    REQUIRE(index.functions.size() == 2);
    CHECK(index.functions[0].function == "put_page");
    CHECK(index.functions[0].modules == 1);
    CHECK(index.functions[1].modules == 3);
    CHECK(entries[0].modules == 3);
    CHECK(entries[0].sites == 6);
    CHECK(entries[0].chain == std::vector<std::string>{"rcu_read_lock", "__rcu_read_lock"});
    CHECK(entries[0].evidence == "kernel/b.ko");
}
