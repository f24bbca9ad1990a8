// SPDX-License-Identifier: MIT
// The diff of two leak indexes: which list an entry lands in, the share of
// a function's users that keeps it in the headline, and the headline's
// causes. The entries have the shape of Debian's real 6.1.0-47 -> 6.1.0-57
// and 6.12 -> 7.2 indexes (tests/full/leaks-kernels.sh explains every line
// of the real diff from the kernels' headers).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "modlink/leak_diff.h"

using namespace modlink;

namespace {

LeakEntry entry(const char* fn, const char* symbol, std::vector<std::string> chain, std::size_t modules,
                std::size_t users) {
    LeakEntry e;
    e.function = fn;
    e.file = "include/linux/x.h";
    e.symbol = symbol;
    e.chain = std::move(chain);
    e.modules = modules;
    e.users = users;
    e.sites = modules;
    return e;
}

std::vector<std::string> names(const std::vector<LeakEntry>& entries) {
    std::vector<std::string> out;
    for (const LeakEntry& e : entries) out.push_back(e.function + ">" + e.symbol);
    return out;
}

}  // namespace

TEST_CASE("a function used clean that leaks now is broken; one never used is new; one that leaked gained") {
    LeakIndex old_index, new_index;
    old_index.functions = {{"vm_flags_set", "include/linux/mm.h", 29}, {"rcu_read_lock", "include/linux/rcupdate.h", 350}};
    old_index.leaks = {entry("rcu_read_lock", "__rcu_read_lock", {"rcu_read_lock", "__rcu_read_lock"}, 350, 350)};
    new_index.leaks = {
        entry("vm_flags_set", "__vma_start_write", {"vm_flags_set", "vma_start_write", "__vma_start_write"}, 29, 29),
        entry("rcu_read_lock", "__rcu_read_lock", {"rcu_read_lock", "__rcu_read_lock"}, 351, 351),
        entry("rcu_read_lock", "rcu_read_lock_held", {"rcu_read_lock", "rcu_read_lock_held"}, 3, 351),
        entry("hci_conn_valid", "__rcu_read_lock", {"hci_conn_valid", "rcu_read_lock", "__rcu_read_lock"}, 1, 1)};
    LeakDiff d = diff_leak_indexes(old_index, new_index);
    CHECK(names(d.broken) == std::vector<std::string>{"vm_flags_set>__vma_start_write"});
    CHECK(names(d.new_functions) == std::vector<std::string>{"hci_conn_valid>__rcu_read_lock"});
    CHECK(d.gained.empty());  // 3 of 351: incidental
    REQUIRE(d.incidental.size() == 1);
    CHECK(d.incidental[0].change == LeakChange::Gained);
    CHECK(d.removed.empty());
}

TEST_CASE("fewer than half the users: an argument computed inside the inline, not the headline") {
    // guard(mutex)(&usb_dynids_lock) in usbcore: 2 of 33 modules holding
    // class_mutex_destructor() reference the lock.
    LeakIndex old_index, new_index;
    old_index.functions = {{"class_mutex_destructor", "include/linux/mutex.h", 30},
                           {"ip_dst_mtu_maybe_forward", "include/net/ip.h", 2}};
    new_index.leaks = {entry("class_mutex_destructor", "usb_dynids_lock", {"class_mutex_destructor", "usb_dynids_lock"}, 2, 33),
                       entry("ip_dst_mtu_maybe_forward", "__rcu_read_lock",
                             {"ip_dst_mtu_maybe_forward", "rcu_read_lock", "__rcu_read_lock"}, 1, 2)};
    LeakDiff d = diff_leak_indexes(old_index, new_index);
    // Exactly half stays in the headline.
    CHECK(names(d.broken) == std::vector<std::string>{"ip_dst_mtu_maybe_forward>__rcu_read_lock"});
    REQUIRE(d.incidental.size() == 1);
    CHECK(d.incidental[0].change == LeakChange::Broken);
    CHECK(d.incidental[0].entry.symbol == "usb_dynids_lock");
    // A leak gone is judged by the old index's users.
    LeakDiff back = diff_leak_indexes(new_index, old_index);
    CHECK(names(back.removed) == std::vector<std::string>{"ip_dst_mtu_maybe_forward>__rcu_read_lock"});
    REQUIRE(back.incidental.size() == 1);
    CHECK(back.incidental[0].change == LeakChange::Removed);
}

TEST_CASE("the headline's causes: the function that references the symbol, most modules first") {
    LeakIndex old_index, new_index;
    old_index.functions = {{"vm_flags_set", "include/linux/mm.h", 29}, {"vm_flags_clear", "include/linux/mm.h", 9},
                           {"inb_p", "arch/x86/include/asm/io.h", 47}, {"slow_down_io", "arch/x86/include/asm/io.h", 55}};
    new_index.leaks = {entry("slow_down_io", "pv_info", {"slow_down_io", "pv_info"}, 55, 55),
                       entry("inb_p", "pv_info", {"inb_p", "slow_down_io", "pv_info"}, 47, 47),
                       entry("vm_flags_set", "__vma_start_write", {"vm_flags_set", "vma_start_write", "__vma_start_write"}, 29, 29),
                       entry("vm_flags_clear", "__vma_start_write",
                             {"vm_flags_clear", "vma_start_write", "__vma_start_write"}, 9, 9)};
    LeakDiff d = diff_leak_indexes(old_index, new_index);
    REQUIRE(d.causes.size() == 2);
    CHECK(d.causes[0].function == "slow_down_io");
    CHECK(d.causes[0].symbol == "pv_info");
    CHECK(d.causes[0].modules == 55);
    CHECK(d.causes[0].functions == std::vector<std::string>{"slow_down_io", "inb_p"});
    CHECK(d.causes[1].function == "vma_start_write");
    CHECK(d.causes[1].functions == std::vector<std::string>{"vm_flags_set", "vm_flags_clear"});
    std::string text = leak_diff_text(d);
    CHECK(text.find("Broken: 4 header functions that modules used without any GPL-only symbol, with one now, through 2 causes") != std::string::npos);
    CHECK(text.find("  vma_start_write() -> __vma_start_write: 2 functions, up to 29 modules: vm_flags_set, "
                    "vm_flags_clear\n") != std::string::npos);
}

TEST_CASE("a pair that crosses half the users changed with the function's body") {
    LeakIndex few, most;
    few.functions = most.functions = {{"f", "include/linux/x.h", 30}};
    few.leaks = {entry("f", "s", {"f", "s"}, 1, 30)};
    most.leaks = {entry("f", "s", {"f", "s"}, 30, 30)};
    // From an argument in one module to the body in all: broken, not hidden
    // by the old pair.
    LeakDiff up = diff_leak_indexes(few, most);
    CHECK(names(up.broken) == std::vector<std::string>{"f>s"});
    CHECK(up.incidental.empty());
    // The other way: the body's leak is gone, and the one module left is
    // not listed again as incidental.
    LeakDiff down = diff_leak_indexes(most, few);
    CHECK(names(down.removed) == std::vector<std::string>{"f>s"});
    CHECK(down.broken.empty());
    CHECK(down.incidental.empty());
    // A function whose old leak was an argument only is broken, not gained,
    // when its body starts leaking another symbol.
    LeakIndex argument_only = few, body_other = few;
    body_other.leaks = {entry("f", "t", {"f", "t"}, 30, 30)};
    LeakDiff other = diff_leak_indexes(argument_only, body_other);
    CHECK(names(other.broken) == std::vector<std::string>{"f>t"});
    CHECK(other.gained.empty());
    REQUIRE(other.incidental.size() == 1);  // f>s, gone
    CHECK(other.incidental[0].change == LeakChange::Removed);
}

TEST_CASE("a function in two headers is one function of its cause") {
    LeakIndex old_index, new_index;
    old_index.functions = {{"f", "arch/x86/include/asm/a.h", 5}, {"f", "include/asm-generic/a.h", 5}};
    LeakEntry x86 = entry("f", "s", {"f", "g", "s"}, 5, 5), generic = x86;
    x86.file = "arch/x86/include/asm/a.h";
    generic.file = "include/asm-generic/a.h";
    new_index.leaks = {x86, generic};
    LeakDiff d = diff_leak_indexes(old_index, new_index);
    CHECK(d.broken.size() == 2);
    REQUIRE(d.causes.size() == 1);
    CHECK(d.causes[0].functions == std::vector<std::string>{"f"});
    CHECK(leak_diff_text(d).find("Broken: 1 header function that") != std::string::npos);
}
