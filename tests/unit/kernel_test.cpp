// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <filesystem>

#include "fixtures.h"
#include "modlink/error.h"
#include "modlink/kernel.h"
#include "modlink/kernel_config.h"
#include "modlink/kernel_locate.h"

using namespace modlink;
namespace fs = std::filesystem;

TEST_CASE("what a --kernel path holds") {
    std::string base = fixtures::scratch_dir() + "/kernels";
    fs::create_directories(base + "/headers/include/generated");
    fixtures::write_file(base + "/headers/Module.symvers", std::string("0x1\tfoo\tvmlinux\tEXPORT_SYMBOL\t\n"));
    fixtures::write_file(base + "/headers/include/generated/utsrelease.h", std::string("#define UTS_RELEASE \"6.1.0-9-amd64\"\n"));
    fixtures::write_file(base + "/headers/.config",
                         std::string("CONFIG_X86_64=y\nCONFIG_GENERIC_CPU=y\nCONFIG_SMP=y\nCONFIG_PREEMPT_BUILD=y\n"
                                     "CONFIG_MODULE_UNLOAD=y\nCONFIG_MODVERSIONS=y\n# CONFIG_MODULE_FORCE_LOAD is not set\n"));
    // A package root: lib/modules/<rel>/build is an absolute link into /usr/src.
    fs::create_directories(base + "/root/usr/src");
    fs::create_directories(base + "/root/lib/modules/6.1.0-9-amd64/kernel");
    fs::rename(base + "/headers", base + "/root/usr/src/linux-headers-6.1.0-9-amd64");
    fs::create_symlink("/usr/src/linux-headers-6.1.0-9-amd64", base + "/root/lib/modules/6.1.0-9-amd64/build");

    KernelLocation tree = locate_kernel(base + "/root/lib/modules/6.1.0-9-amd64");
    CHECK(tree.module_tree == base + "/root/lib/modules/6.1.0-9-amd64");
    CHECK(tree.build_tree == base + "/root/usr/src/linux-headers-6.1.0-9-amd64");
    REQUIRE(tree.symvers.size() == 1);

    Kernel k;
    k.load_base(tree);
    CHECK(k.release == "6.1.0-9-amd64");
    CHECK(k.vermagic == "6.1.0-9-amd64 SMP preempt mod_unload modversions ");
    CHECK(k.uses_modversions());
    CHECK(!k.force_load);
    REQUIRE(k.find("foo"));
    CHECK(k.find("foo")->owner == "vmlinux");

    KernelLocation file = locate_kernel(tree.symvers[0]);
    CHECK(file.symvers == tree.symvers);
    CHECK_THROWS_AS(locate_kernel(base + "/nothing-here"), Error);
    fs::create_directories(base + "/empty");
    CHECK_THROWS_AS(locate_kernel(base + "/empty"), Error);
}

TEST_CASE("vermagic is left unknown where the architecture part is not known") {
    std::string dir = fixtures::scratch_dir() + "/mips-headers";
    fs::create_directories(dir + "/include/generated");
    fixtures::write_file(dir + "/include/generated/utsrelease.h", std::string("#define UTS_RELEASE \"6.1.0-9-mips64r2el\"\n"));
    fixtures::write_file(dir + "/.config", std::string("CONFIG_MIPS=y\nCONFIG_SMP=y\nCONFIG_MODVERSIONS=y\n"));
    BuildTreeFacts f = read_build_tree(dir);
    CHECK(f.release == "6.1.0-9-mips64r2el");
    CHECK(f.vermagic.empty());
    CHECK(f.modversions == true);
}

TEST_CASE("one .config option: quotes taken off, the first line that sets it, \"\" when unset") {
    std::string dir = fixtures::scratch_dir() + "/config-value";
    fs::create_directories(dir);
    fixtures::write_file(dir + "/.config",
                         std::string("# CONFIG_CC_IS_CLANG is not set\nCONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14) 12.2.0\"\n"
                                     "CONFIG_HZ=250\nCONFIG_HZ=1000\nCONFIG_CC_VERSION_TEXT_EXTRA=\"x\"\n"));
    CHECK(config_value(dir, "CONFIG_CC_VERSION_TEXT") == "gcc-12 (Debian 12.2.0-14) 12.2.0");
    CHECK(config_value(dir, "CONFIG_HZ") == "250");
    CHECK(config_value(dir, "CONFIG_CC_IS_CLANG").empty());
    CHECK(config_value(dir + "/nowhere", "CONFIG_HZ").empty());
    KernelConfig cfg = read_kernel_config(dir + "/.config");
    CHECK(cfg.at("CONFIG_HZ") == "1000");  // make reads .config: the last line wins
    CHECK(!config_enabled(cfg, "CONFIG_CC_IS_CLANG"));
}

TEST_CASE("later exports win, and PPC64 dot names resolve") {
    Kernel k;
    k.add_symvers({{0x1, "foo", "vmlinux", false, ""}, {0x2, "bar", "drivers/x/mod-a", true, "NS"}});
    CHECK(k.find("bar")->owner == "mod_a");
    CHECK(k.find(".foo") == k.find("foo"));
    CHECK(k.uses_modversions());
    k.add_symvers({{0x3, "bar", "vmlinux", false, ""}});
    CHECK(k.find("bar")->owner == "vmlinux");
    CHECK(!k.find("baz"));

    Kernel unversioned;
    unversioned.add_symvers({{0, "foo", "vmlinux", false, ""}});
    CHECK(!unversioned.uses_modversions());
}

TEST_CASE("a linked vmlinux: exports read through section addresses") {
    // Link the final-module fixture into an executable image, so symbol
    // values are addresses and sections do not start at 0.
    std::string vmlinux = fixtures::scratch_dir() + "/vmlinux";
    std::string cmd = "ld -m elf_x86_64 -o '" + vmlinux + "' -e 0 --unresolved-symbols=ignore-all -Ttext=0x1000000 '" +
                      fixtures::object("final_ko_61") + "' 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    KernelLocation loc = locate_kernel(vmlinux);
    CHECK(loc.vmlinux == vmlinux);
    Kernel k;
    k.load_base(loc);
    const KernelExport* plain = k.find("fixture_plain");
    REQUIRE(plain);
    CHECK(plain->owner == "vmlinux");
    CHECK(!plain->gpl_only);
    CHECK(plain->ns == "FIXTURE_NS");
    CHECK(plain->crc == 0xdeadbeefu);
    REQUIRE(k.find("fixture_gpl"));
    CHECK(k.find("fixture_gpl")->gpl_only);
    CHECK(k.find("fixture_gpl")->crc == 0x0badf00du);
}

TEST_CASE("a module tree without a build link uses /boot/symvers-RELEASE.gz") {
    std::string root = fixtures::scratch_dir() + "/fedora-root";
    fs::create_directories(root + "/lib/modules/6.11.4-301.fc41.x86_64/kernel");
    fs::create_directories(root + "/boot");
    std::string text = "0x12345678\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n";
    fixtures::write_file(root + "/boot/plain", text);
    REQUIRE(std::system(("gzip -c '" + root + "/boot/plain' > '" + root + "/boot/symvers-6.11.4-301.fc41.x86_64.gz'").c_str()) == 0);
    KernelLocation loc = locate_kernel(root + "/lib/modules/6.11.4-301.fc41.x86_64");
    REQUIRE(loc.symvers.size() == 1);
    CHECK(loc.symvers[0] == root + "/boot/symvers-6.11.4-301.fc41.x86_64.gz");
    Kernel k;
    k.load_base(loc);
    CHECK(k.release == "6.11.4-301.fc41.x86_64");
    REQUIRE(k.find("printk"));
    CHECK(k.find("printk")->crc == 0x12345678u);
}
