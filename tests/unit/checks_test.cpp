// SPDX-License-Identifier: MIT
// The rules, on models built in memory. Expected messages are modpost's and
// the loader's own format strings (spec/modpost.md §3.2, §9); the
// real-kernel integration tests compare whole runs with the real tools.
#include <doctest/doctest.h>

#include "modlink/checks.h"

using namespace modlink;

namespace {

Kernel test_kernel() {
    Kernel k;
    k.release = "6.1.0-56-amd64";
    k.vermagic = "6.1.0-56-amd64 SMP preempt mod_unload modversions ";
    k.add_symvers({
        {0x11111111, "module_layout", "vmlinux", false, ""},
        {0x22222222, "_printk", "vmlinux", false, ""},
        {0x33333333, "__rcu_read_lock", "vmlinux", true, ""},
        {0x44444444, "dma_buf_get", "drivers/dma-buf/dma-buf", true, "DMA_BUF"},
        {0x55555555, "kvm_only", "arch/x86/kvm/kvm", false, "module:kvm-*,vfio"},
    });
    return k;
}

Module test_module(std::vector<std::string> licenses) {
    Module m;
    m.path = "out/my-mod.ko";
    m.name = "my_mod";
    m.is_final = true;
    m.licenses = std::move(licenses);
    m.vermagic = "6.1.0-56-amd64 SMP preempt mod_unload modversions ";
    m.has_versions = true;
    m.versions = {{"module_layout", 0x11111111}, {"_printk", 0x22222222}, {"__rcu_read_lock", 0x33333333},
                  {"dma_buf_get", 0x44444444}, {"kvm_only", 0x55555555}};
    return m;
}

std::vector<std::string> messages(const std::vector<Finding>& fs) {
    std::vector<std::string> out;
    for (const Finding& f : fs) out.push_back(std::string(severity_name(f.severity)) + ": " + f.message);
    return out;
}

}  // namespace

TEST_CASE("a clean module has no findings") {
    Module m = test_module({"GPL"});
    m.imports = {{"_printk", false}, {"__rcu_read_lock", false}};
    CHECK(check_module(m, test_kernel()).empty());
}

TEST_CASE("unresolved symbols; weak ones are fine") {
    Module m = test_module({"GPL"});
    m.imports = {{"kallsyms_lookup_name", false}, {"maybe_there", true}};
    CHECK(messages(check_module(m, test_kernel())) ==
          std::vector<std::string>{"error: \"kallsyms_lookup_name\" [out/my-mod.ko] undefined!"});
}

TEST_CASE("GPL-only symbols: the loader's first-license rule decides") {
    Module prop = test_module({"Proprietary"});
    prop.imports = {{"__rcu_read_lock", false}, {"_printk", false}};
    auto f = check_module(prop, test_kernel());
    CHECK(messages(f) == std::vector<std::string>{"error: GPL-incompatible module my-mod.ko uses GPL-only symbol '__rcu_read_lock'"});
    CHECK(f[0].kind == FindingKind::GplOnlySymbol);
    CHECK(f[0].exporter == "vmlinux");

    // modpost fails the build on any incompatible tag; the loader reads the first.
    Module mixed = test_module({"GPL", "Proprietary"});
    mixed.imports = {{"__rcu_read_lock", false}};
    auto g = check_module(mixed, test_kernel());
    CHECK(messages(g) == std::vector<std::string>{"warning: GPL-incompatible module my-mod.ko uses GPL-only symbol '__rcu_read_lock'"});
    REQUIRE(g[0].notes.size() == 2);
    CHECK(g[0].notes[1].find("modpost fails the build") != std::string::npos);

    Module dual = test_module({"Dual MIT/GPL"});
    dual.imports = {{"__rcu_read_lock", false}};
    CHECK(check_module(dual, test_kernel()).empty());
}

TEST_CASE("a missing license: modpost's error, and the loader refuses GPL-only symbols") {
    Module m = test_module({});
    m.imports = {{"__rcu_read_lock", false}};
    CHECK(messages(check_module(m, test_kernel())) ==
          std::vector<std::string>{"error: missing MODULE_LICENSE() in out/my-mod.ko",
                                   "error: GPL-incompatible module my-mod.ko uses GPL-only symbol '__rcu_read_lock'"});
}

TEST_CASE("namespaces, including module: lists") {
    Module m = test_module({"GPL"});
    m.imports = {{"dma_buf_get", false}, {"kvm_only", false}};
    CHECK(messages(check_module(m, test_kernel())) ==
          std::vector<std::string>{
              "error: module my-mod uses symbol dma_buf_get from namespace DMA_BUF, but does not import it.",
              "error: module my-mod uses symbol kvm_only from namespace module:kvm-*,vfio, but does not import it."});
    m.import_ns = {"DMA_BUF"};
    m.name = "kvm_intel";  // matches kvm-* (the loader treats - and _ alike)
    CHECK(check_module(m, test_kernel()).empty());
    m.import_ns.push_back("module:kvm");
    CHECK(messages(check_module(m, test_kernel())) ==
          std::vector<std::string>{"error: kvm_intel: module tries to import module namespace: module:kvm"});
}

TEST_CASE("a kernel that allows missing namespace imports only warns") {
    Kernel k = test_kernel();
    k.allow_missing_ns_imports = true;
    Module m = test_module({"GPL"});
    m.imports = {{"dma_buf_get", false}};
    CHECK(messages(check_module(m, k)) ==
          std::vector<std::string>{"warning: module my-mod uses symbol dma_buf_get from namespace DMA_BUF, but does not import it."});
    m.is_final = false;  // an object before modpost: the build's rule
    CHECK(messages(check_module(m, k)) ==
          std::vector<std::string>{"error: module my-mod uses symbol dma_buf_get from namespace DMA_BUF, but does not import it."});
}

TEST_CASE("CRCs, module_layout and vermagic") {
    Module m = test_module({"GPL"});
    m.imports = {{"_printk", false}};
    m.versions[1].crc = 0x2222222f;
    m.versions[0].crc = 0x1111111f;
    auto f = check_module(m, test_kernel());
    CHECK(messages(f) == std::vector<std::string>{"error: my_mod: disagrees about version of symbol module_layout",
                                                  "error: my_mod: disagrees about version of symbol _printk"});
    CHECK(f[1].module_crc == 0x2222222fu);
    CHECK(f[1].kernel_crc == 0x22222222u);

    Module missing = test_module({"GPL"});
    missing.imports = {{"_printk", false}};
    missing.versions.erase(missing.versions.begin() + 1);
    CHECK(messages(check_module(missing, test_kernel())) ==
          std::vector<std::string>{"warning: my_mod: no symbol version for _printk"});

    Module none = test_module({"GPL"});
    none.imports = {{"_printk", false}};
    none.has_versions = false;
    none.versions.clear();
    CHECK(messages(check_module(none, test_kernel())) ==
          std::vector<std::string>{"error: my_mod: no symbol versions (__versions), but the kernel uses modversions"});

    // With modversions the release word is not compared (same_magic).
    Module other_release = test_module({"GPL"});
    other_release.vermagic = "6.1.0-47-amd64 SMP preempt mod_unload modversions ";
    CHECK(check_module(other_release, test_kernel()).empty());
    other_release.vermagic = "6.1.0-47-amd64 SMP preempt_rt mod_unload modversions ";
    CHECK(messages(check_module(other_release, test_kernel())) ==
          std::vector<std::string>{"error: my_mod: version magic '6.1.0-47-amd64 SMP preempt_rt mod_unload modversions ' "
                                   "should be '6.1.0-56-amd64 SMP preempt mod_unload modversions '"});
    // An object file (before modpost) gets no loader-only checks.
    Module object = none;
    object.is_final = false;
    object.vermagic.clear();
    CHECK(check_module(object, test_kernel()).empty());
}

TEST_CASE("a module using GPL-only symbols may not import from a proprietary module") {
    Kernel k = test_kernel();
    Module vendor;
    vendor.name = "nvidia";
    vendor.licenses = {"NVIDIA"};
    vendor.exports = {{"nvidia_p2p_get_pages", false, "", 0x66666666}};
    k.add_module(vendor);

    Module fs_mod = test_module({"GPL"});
    fs_mod.imports = {{"__rcu_read_lock", false}, {"nvidia_p2p_get_pages", false}};
    fs_mod.versions.push_back({"nvidia_p2p_get_pages", 0x66666666});
    fs_mod.vermagic = "6.6.15-amd64 SMP preempt mod_unload modversions ";
    k.release = "6.6.15-amd64";
    k.vermagic = fs_mod.vermagic;
    CHECK(messages(check_module(fs_mod, k)) ==
          std::vector<std::string>{"error: my_mod: module using GPL-only symbols uses symbols nvidia_p2p_get_pages "
                                   "from proprietary module nvidia."});
    k.release = "6.1.0-56-amd64";  // before 6.6 the loader had no such rule
    CHECK(check_module(fs_mod, k).empty());
    k.release = "";  // unknown version: a warning
    k.vermagic = "";
    CHECK(messages(check_module(fs_mod, k)) ==
          std::vector<std::string>{"warning: my_mod: module using GPL-only symbols uses symbols nvidia_p2p_get_pages "
                                   "from proprietary module nvidia."});
    k.release = "6.12.117+deb13-amd64";
    fs_mod.imports.erase(fs_mod.imports.begin());  // no GPL-only use: fine
    CHECK(check_module(fs_mod, k).empty());
}
