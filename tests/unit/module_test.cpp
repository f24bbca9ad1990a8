// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <elf.h>

#include <algorithm>

#include "fixtures.h"
#include "modlink/error.h"
#include "modlink/module.h"

using namespace modlink;

namespace {

const Export* find_export(const Module& m, std::string_view name) {
    for (const Export& e : m.exports)
        if (e.name == name) return &e;
    return nullptr;
}

std::vector<std::string> import_names(const Module& m) {
    std::vector<std::string> out;
    for (const Import& i : m.imports) out.push_back(std::string(i.name) + (i.weak ? " (weak)" : ""));
    return out;
}

}  // namespace

TEST_CASE("a final 6.1 module on every ELF class and byte order") {
    for (auto target : {fixtures::Target::X86_64, fixtures::Target::I386, fixtures::Target::S390X}) {
        CAPTURE(static_cast<int>(target));
        Module m = read_module(fixtures::object("final_ko_61", target));
        CHECK(m.name == "final_ko");
        CHECK(m.is_final);
        CHECK(m.licenses == std::vector<std::string>{"GPL", "Dual BSD/GPL"});
        CHECK(m.import_ns == std::vector<std::string>{"USB_STORAGE"});
        CHECK(m.vermagic == "6.1.0-56-amd64 SMP preempt mod_unload modversions ");
        CHECK(m.has_init);
        CHECK(m.has_cleanup);
        CHECK(m.export_format == ExportFormat::KsymtabFinal);

        const Export* plain = find_export(m, "fixture_plain");
        REQUIRE(plain);
        CHECK(!plain->gpl_only);
        CHECK(plain->ns == "FIXTURE_NS");
        CHECK(plain->crc == 0xdeadbeefu);
        const Export* gpl = find_export(m, "fixture_gpl");
        REQUIRE(gpl);
        CHECK(gpl->gpl_only);
        CHECK(gpl->ns.empty());
        CHECK(gpl->crc == 0x0badf00du);

        // modpost drops __this_module and _GLOBAL_OFFSET_TABLE_, and cuts the
        // numbered clone suffix ("kfree.123" -> "kfree").
        CHECK(import_names(m) == std::vector<std::string>{"optional_hook (weak)", "_printk", "kfree"});

        REQUIRE(m.has_versions);
        REQUIRE(m.versions.size() == 2);
        CHECK(m.versions[0].name == "module_layout");
        CHECK(m.versions[0].crc == 0x11223344u);
        CHECK(m.versions[1].name == "_printk");
        CHECK(m.versions[1].crc == 0x92997ed8u);
    }
}

TEST_CASE("a 6.1 object names its exports through ___ksymtab+SYM sections") {
    Module m = read_module(fixtures::object("object_ksymtab_61"));
    CHECK(!m.is_final);
    CHECK(m.export_format == ExportFormat::KsymtabObject);
    REQUIRE(m.exports.size() == 2);
    CHECK(m.exports[0].name == "obj_plain");
    CHECK(!m.exports[0].gpl_only);
    CHECK(m.exports[0].ns == "OBJ_NS");
    CHECK(m.exports[1].name == "obj_gpl");
    CHECK(m.exports[1].gpl_only);
    CHECK(!m.exports[1].crc);
}

TEST_CASE("a 6.5+ object lists its exports in .export_symbol") {
    Module m = read_module(fixtures::object("object_export_symbol_65"));
    CHECK(m.export_format == ExportFormat::ExportSymbol);
    REQUIRE(m.exports.size() == 3);
    CHECK(m.exports[0].name == "new_plain");
    CHECK(!m.exports[0].gpl_only);
    CHECK(m.exports[1].name == "new_gpl");
    CHECK(m.exports[1].gpl_only);
    CHECK(m.exports[1].ns == "NEW_NS");
    CHECK(m.exports[2].ns == "module:kvm,kvm-*");
}

TEST_CASE("a 7.x module marks GPL-only exports in __kflagstab") {
    Module m = read_module(fixtures::object("final_ko_kflagstab_7x"));
    CHECK(m.export_format == ExportFormat::Kflagstab);
    REQUIRE(m.exports.size() == 3);
    CHECK(!find_export(m, "alpha")->gpl_only);
    CHECK(find_export(m, "beta")->gpl_only);
    CHECK(!find_export(m, "gamma")->gpl_only);
    CHECK(find_export(m, "gamma")->ns == "GAMMA_NS");
    CHECK(!m.has_versions);
}

TEST_CASE("extended modversions carry names longer than a __versions slot") {
    Module m = read_module(fixtures::object("ext_versions"));
    REQUIRE(m.has_ext_versions);
    REQUIRE(m.ext_versions.size() == 2);
    CHECK(m.ext_versions[0].name.size() > 56);
    CHECK(m.ext_versions[0].crc == 0x01020304u);
    CHECK(m.ext_versions[1].name == "short");
    REQUIRE(m.version_of("short"));
    CHECK(m.version_of("short")->crc == 0x0a0b0c0du);
}

TEST_CASE("module names and modpost's suffix rule") {
    CHECK(module_name_from_path("drivers/net/foo-bar.ko.xz") == "foo_bar");
    CHECK(module_name_from_path("x.ko") == "x");
    CHECK(module_name_from_path("/abs/y.o") == "y");
    CHECK(strip_numeric_suffix("foo.123") == "foo");
    CHECK(strip_numeric_suffix("foo.4.lto") == "foo");
    CHECK(strip_numeric_suffix("foo.constprop.0") == "foo.constprop.0");
    CHECK(strip_numeric_suffix(".foo") == ".foo");
    CHECK(strip_numeric_suffix("foo.12x") == "foo.12x");
}

TEST_CASE("ignored undefined names depend on the machine") {
    CHECK(is_ignored_import("__this_module", EM_X86_64));
    CHECK(is_ignored_import(".TOC.", EM_PPC64));
    CHECK(!is_ignored_import(".TOC.", EM_X86_64));
    CHECK(is_ignored_import("_savegpr0_14", EM_PPC64));
    CHECK(is_ignored_import("__s390_indirect_jump_r14", EM_S390));
    CHECK(!is_ignored_import("__s390_indirect_jump_r14", EM_X86_64));
}

TEST_CASE("an object without a symbol table is refused") {
    std::string path = fixtures::scratch_dir() + "/stripped.o";
    std::string cmd = "objcopy --strip-all '" + fixtures::object("final_ko_61") + "' '" + path + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK_THROWS_WITH_AS(read_module(path), "has no symbol table (stripped?)", Error);
}
