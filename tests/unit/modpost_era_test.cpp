// SPDX-License-Identifier: MIT
// How the drop-in names and picks its era (era_choice.h), and the option
// strings each era parses with.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "modlink/kernel_rules.h"
#include "modlink/modpost/era.h"
#include "modlink/modpost/era_choice.h"
#include "modlink/modpost/options.h"

using namespace modlink::modpost;
namespace fs = std::filesystem;

namespace {

struct ScratchDir {
    fs::path path;
    ScratchDir() {
        char tmpl[] = "/tmp/modlink-era-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~ScratchDir() { fs::remove_all(path); }
    void write(const std::string& rel, const std::string& text) const {
        fs::create_directories((path / rel).parent_path());
        std::ofstream(path / rel) << text;
    }
};

std::optional<Options> parse(const Era& era, std::vector<std::string> args) {
    std::vector<char*> argv;
    std::string prog = "modpost";
    argv.push_back(prog.data());
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return parse_options(static_cast<int>(argv.size() - 1), argv.data(), era.option_string);
}

}  // namespace

TEST_CASE("eras by name and by version; none for versions never checked") {
    CHECK(era_named("6.1") == &era_6_1());
    CHECK(era_named("6.12") == &era_6_12());
    CHECK(era_named("7.2") == &era_7_2());
    CHECK(era_named("7.1") == nullptr);
    CHECK(era_named("7") == nullptr);
    CHECK(era_named("") == nullptr);
    CHECK(era_for_version(6, 1) == &era_6_1());
    CHECK(era_for_version(6, 12) == &era_6_12());
    CHECK(era_for_version(7, 2) == &era_7_2());
    CHECK(era_for_version(7, 3) == &era_7_3());
    CHECK(era_named("7.3") == &era_7_3());
    // Only what an oracle verified: 7.0, 7.1 and 7.4 are handed to their own modpost.
    for (auto [major, minor] : {std::pair{6u, 2u}, {6u, 8u}, {6u, 11u}, {6u, 13u}, {6u, 18u}, {7u, 0u}, {7u, 1u},
                                {7u, 4u}, {8u, 2u}, {5u, 10u}})
        CHECK(era_for_version(major, minor) == nullptr);
}

TEST_CASE("the registry is the one list of eras: each is found by its name and by its version") {
    std::string names;
    for (const KnownEra& k : known_eras()) {
        CAPTURE(k.era().name);
        CHECK(era_named(k.era().name) == &k.era());
        CHECK(era_for_version(k.major, k.minor) == &k.era());
        // The name is the version it covers.
        CHECK(k.era().name == std::to_string(k.major) + "." + std::to_string(k.minor));
        names += (names.empty() ? "" : "|") + std::string(k.era().name);
    }
    CHECK(known_era_names("|") == names);
    CHECK(known_eras().size() >= 3);
}

TEST_CASE("the checker and the drop-in agree on what a kernel version means") {
    // The rules table (kernel_rules.cpp) at its edges.
    CHECK_FALSE(modlink::version_has(6, 5, modlink::KernelRule::GplUsersRefuseProprietaryExports));
    CHECK(modlink::version_has(6, 6, modlink::KernelRule::GplUsersRefuseProprietaryExports));
    CHECK_FALSE(modlink::version_has(6, 12, modlink::KernelRule::ImportNsTakesString));
    CHECK(modlink::version_has(6, 13, modlink::KernelRule::ImportNsTakesString));
    CHECK(modlink::version_has(7, 0, modlink::KernelRule::ModuleNamespaces));
    CHECK(modlink::release_has("6.12.57+deb13-amd64", modlink::KernelRule::ModuleNamespaces) == false);
    CHECK(modlink::release_has("7.3.4+deb13-amd64", modlink::KernelRule::ModuleNamespaces) == true);
    CHECK_FALSE(modlink::release_has("amd64", modlink::KernelRule::ModuleNamespaces).has_value());
    // Each era's behaviour that mirrors a rule follows the table at the era's version.
    for (const KnownEra& k : known_eras()) {
        CAPTURE(k.era().name);
        CHECK(k.era().module_namespaces == modlink::version_has(k.major, k.minor, modlink::KernelRule::ModuleNamespaces));
    }
}

TEST_CASE("each era parses its own options") {
    auto o = parse(era_6_12(), {"-M", "-t", "-u", "keep", "-m", "-e", "-i", "Module.symvers", "-T", "modules.order"});
    REQUIRE(o);
    CHECK(o->config_modules);
    CHECK(o->trim_unused);
    CHECK(o->trim_whitelist == "keep");
    CHECK_FALSE(parse(era_6_1(), {"-M", "-m"}));  // 6.1's getopt has no -M (getopt prints its own message)
    CHECK_FALSE(parse(era_6_12(), {"-x"}));       // extended modversions came in 6.14
    CHECK_FALSE(parse(era_6_12(), {"-b"}));
    // Every later era takes what the era before it took (Kbuild only adds flags).
    auto eras = known_eras();
    for (std::size_t i = 1; i < eras.size(); ++i) {
        std::string before = eras[i - 1].era().option_string, now = eras[i].era().option_string;
        CAPTURE(eras[i].era().name);
        for (char c : before)
            if (c != ':') CHECK(now.find(c) != std::string::npos);
    }
    o = parse(era_7_2(), {"-M", "-x", "-b", "-o", "Module.symvers", "-T", "modules.order", "-i", "/h/Module.symvers", "-e"});
    REQUIRE(o);
    CHECK(o->extended_modversions);
    CHECK(o->basic_modversions);
    CHECK_FALSE(o->modversions);
    CHECK(o->external_module);
    CHECK(o->dump_output == "Module.symvers");
}

TEST_CASE("a tree's version: kernel.release first, else the Makefile, following a Debian headers include") {
    ScratchDir d;
    CHECK_FALSE(read_tree_version(d.path.string()));
    d.write("common/Makefile", "# the real one\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 118\n");
    d.write("hdr/Makefile", "include " + (d.path / "common/Makefile").string() + "\n");
    auto v = read_tree_version((d.path / "hdr").string());
    REQUIRE(v);
    CHECK(v->major == 6);
    CHECK(v->minor == 12);
    d.write("hdr/include/config/kernel.release", "6.8.0-31-generic\n");
    v = read_tree_version((d.path / "hdr").string());
    REQUIRE(v);
    CHECK(v->text == "6.8.0-31-generic");
    CHECK(v->minor == 8);
}

TEST_CASE("choosing: the override, the -i dump's tree, then the options") {
    ScratchDir d;
    d.write("hdr/include/config/kernel.release", "6.12.118+deb13-amd64\n");
    std::string dump = (d.path / "hdr/Module.symvers").string();
    EraChoice c = choose_era({"-M", "-m", "-e", "-i", dump}, nullptr);
    CHECK(c.era == &era_6_12());
    CHECK(c.version == "6.12.118+deb13-amd64");
    c = choose_era({"-M", "-m", "-e", "-i", dump}, "6.1");
    CHECK(c.era == &era_6_1());
    c = choose_era({"-m", "-i", dump}, "5.4");
    CHECK(c.era == nullptr);
    CHECK(c.problem.find("MODLINK_MODPOST_ERA=5.4") != std::string::npos);
    d.write("old/include/config/kernel.release", "6.8.0-31-generic\n");
    c = choose_era({"-m", "-i", (d.path / "old/Module.symvers").string()}, nullptr);
    CHECK(c.era == nullptr);
    CHECK(c.tree == (d.path / "old").string());
    // No tree anywhere: 6.1's options alone are 6.1's; a later option cannot be placed.
    std::string nowhere = (d.path / "Module.symvers").string();
    CHECK(choose_era({"-m", "-e", "-i", nowhere}, nullptr).era == &era_6_1());
    c = choose_era({"-M", "-m", "-e", "-i", nowhere}, nullptr);
    CHECK(c.era == nullptr);
    CHECK(c.tree.empty());
    CHECK_FALSE(c.problem.empty());
}

TEST_CASE("choosing 7.2: sid's headers (a Debian include), kernel.release, the working directory, the override") {
    ScratchDir d;
    // As sid's linux-headers-7.2.13+deb14-amd64: a Makefile that includes the -common one.
    d.write("common/Makefile", "VERSION = 7\nPATCHLEVEL = 2\nSUBLEVEL = 13\nEXTRAVERSION =\n");
    d.write("hdr/Makefile", "KBUILD_OUTPUT=/x\ninclude " + (d.path / "common/Makefile").string() + "\n");
    std::string dump = (d.path / "hdr/Module.symvers").string();
    // 7.x's external-module run: in the module directory, only the dump names the tree.
    EraChoice c = choose_era({"-M", "-o", "Module.symvers", "-T", "modules.order", "-i", dump, "-e"}, nullptr);
    CHECK(c.era == &era_7_2());
    CHECK(c.version == "7.2");
    CHECK(c.tree == (d.path / "hdr").string());
    // -x and -b are later-era letters: with no tree they cannot be placed.
    std::string nowhere = (d.path / "Module.symvers").string();
    c = choose_era({"-x", "-i", nowhere}, nullptr);
    CHECK(c.era == nullptr);
    CHECK_FALSE(c.problem.empty());
    c = choose_era({"-b", "-i", nowhere}, "7.2");
    CHECK(c.era == &era_7_2());
    // A 7.1 or 7.4 tree has no verified era: handed over, never rounded to a neighbour.
    for (const char* rel : {"7.1.4-generic", "7.4.0-rc1", "7.0.9"}) {
        d.write("other/include/config/kernel.release", std::string(rel) + "\n");
        c = choose_era({"-M", "-i", (d.path / "other/Module.symvers").string()}, nullptr);
        CHECK(c.era == nullptr);
        CHECK(c.version == rel);
    }
    d.write("other/include/config/kernel.release", "7.2.13+deb14-amd64\n");
    c = choose_era({"-M", "-i", (d.path / "other/Module.symvers").string()}, nullptr);
    CHECK(c.era == &era_7_2());
    CHECK(choose_era({}, "7.2").era == &era_7_2());
    CHECK(choose_era({}, "7.1").problem.find("known: 6.1, 6.12, 7.2") != std::string::npos);
}

TEST_CASE("era choice covers a release's whole range: its first and last stable updates") {
    ScratchDir d;
    for (const auto& [rel, era] : {std::pair<const char*, const Era*>{"7.3.0", &era_7_3()}, {"7.3.99+deb13-amd64", &era_7_3()},
                                   {"7.2.0-1-amd64", &era_7_2()}, {"7.2.13+deb14-amd64", &era_7_2()},
                                   {"6.12.0", &era_6_12()}, {"6.12.158+deb13-amd64", &era_6_12()}}) {
        CAPTURE(rel);
        d.write("t/include/config/kernel.release", std::string(rel) + "\n");
        EraChoice c = choose_era({"-M", "-i", (d.path / "t/Module.symvers").string()}, nullptr);
        CHECK(c.era == era);
    }
}

TEST_CASE("an era covers X.Y.0 to X.Y.z; release candidates are handed over") {
    ScratchDir d;
    d.write("hdr/Module.symvers", "");
    auto era_of_release = [&](const std::string& release) {
        d.write("hdr/include/config/kernel.release", release + "\n");
        return choose_era({"-M", "-e", "-i", (d.path / "hdr/Module.symvers").string()}, nullptr);
    };
    for (const KnownEra& k : known_eras()) {
        std::string x_y = std::string(k.era().name);
        CAPTURE(x_y);
        CHECK(era_of_release(x_y + ".0").era == &k.era());
        CHECK(era_of_release(x_y + ".255+deb99-amd64").era == &k.era());
        EraChoice rc = era_of_release(x_y + ".0-rc1");
        CHECK(rc.era == nullptr);
        CHECK(rc.version == x_y + ".0-rc1");
        CHECK(era_of_release(x_y + "-rc7-amd64").era == nullptr);
    }
    // The Makefile's EXTRAVERSION says so too, when there is no kernel.release.
    ScratchDir m;
    m.write("Makefile", "VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION = -rc2\n");
    auto v = read_tree_version(m.path.string());
    REQUIRE(v);
    CHECK(v->release_candidate);
    CHECK(v->text == "7.3-rc2");
    m.write("Makefile", "VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 4\nEXTRAVERSION =\n");
    v = read_tree_version(m.path.string());
    REQUIRE(v);
    CHECK_FALSE(v->release_candidate);
}
