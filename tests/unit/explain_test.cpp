// SPDX-License-Identifier: MIT
// explain on a tiny object compiled at test time: a "kernel header" inline
// (installed under a kernel-like include/linux/) used from .text,
// .init.text and .exit.text, which all start at offset 0 as in a .ko.
// The real-module cases (Kbuild, addr2line cross-check) are integration
// tests.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <filesystem>

#include "fixtures.h"
#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/explain_notes.h"

using namespace modlink;

namespace {

namespace fs = std::filesystem;

enum class Debug { None, Dwarf5, Dwarf4 };

// The fixture laid out as a module tree beside a kernel tree, compiled
// without DWARF, with DWARF 5 or with DWARF 4 (once each per run).
std::string fixture_object(Debug debug) {
    static const std::string root = [] {
        std::string r = fixtures::scratch_dir() + "/explain";
        fs::create_directories(r + "/mod");
        fs::create_directories(r + "/kernel/include/linux");
        fs::copy_file(fixtures::testdata("elf/explain_sections.c"), r + "/mod/explain_sections.c",
                      fs::copy_options::overwrite_existing);
        fs::copy_file(fixtures::testdata("elf/explain_fixture.h"), r + "/kernel/include/linux/explain_fixture.h",
                      fs::copy_options::overwrite_existing);
        return r;
    }();
    auto compile = [&](const std::string& flags, const std::string& out) {
        return fixtures::compile_c(root + "/mod/explain_sections.c", flags + " -O2 -fno-pic -I" + root + "/kernel/include",
                                   out);
    };
    static const std::string dwarf5 = compile("-gdwarf-5", "explain_g.o");
    static const std::string dwarf4 = compile("-gdwarf-4", "explain_g4.o");
    static const std::string none = compile("", "explain_nog.o");
    return debug == Debug::Dwarf5 ? dwarf5 : debug == Debug::Dwarf4 ? dwarf4 : none;
}

std::string chain(const std::vector<InlineFrame>& frames) {
    std::string s;
    for (const InlineFrame& f : frames)
        s += (s.empty() ? "" : " <- ") + f.function + "@" + f.location.file + ":" + std::to_string(f.location.line) +
             (f.location.own ? "" : "(kernel)");
    return s;
}

ExplainOptions no_system_debug() {
    ExplainOptions o;
    o.system_debug_dir = false;
    return o;
}

}  // namespace

TEST_CASE("explain: sites in .text, .init.text and .exit.text keep their own chains") {
    Explanation e = explain_module(fixture_object(Debug::Dwarf5), {"ext_gpl_func"}, no_system_debug());
    REQUIRE(e.has_dwarf);
    REQUIRE(e.symbols.size() == 1);
    const SymbolExplanation& s = e.symbols[0];
    CHECK(s.site_count == 4);
    REQUIRE(s.groups.size() == 3);

    // Two uses on one line with the same chain: one group with both sites.
    CHECK(s.groups[0].sites.size() == 2);
    CHECK(s.groups[0].sites[0].section == ".text");
    CHECK(s.groups[0].function == "text_fn");
    CHECK(chain(s.groups[0].frames) ==
          "fixture_helper@include/linux/explain_fixture.h:7(kernel) <- text_fn@explain_sections.c:14");
    CHECK(s.groups[0].frames[0].inlined);
    CHECK_FALSE(s.groups[0].frames[1].inlined);

    CHECK(s.groups[1].sites[0].section == ".init.text");
    CHECK(chain(s.groups[1].frames) ==
          "fixture_helper@include/linux/explain_fixture.h:7(kernel) <- init_fn@explain_sections.c:19");

    CHECK(s.groups[2].sites[0].section == ".exit.text");
    CHECK(chain(s.groups[2].frames) == "exit_fn@explain_sections.c:24");

    // The verdict names what the authors wrote themselves first.
    CHECK(s.verdict == "called directly at explain_sections.c:24 (and 2 other places)");
    CHECK(s.verdict_group == 2);
}

TEST_CASE("explain: DWARF 4 gives the same chains as DWARF 5") {
    Explanation e5 = explain_module(fixture_object(Debug::Dwarf5), {"ext_gpl_func"}, no_system_debug());
    Explanation e4 = explain_module(fixture_object(Debug::Dwarf4), {"ext_gpl_func"}, no_system_debug());
    CHECK(e5.dwarf_version == 5);
    CHECK(e4.dwarf_version == 4);
    REQUIRE(e4.symbols[0].groups.size() == e5.symbols[0].groups.size());
    for (std::size_t i = 0; i < e5.symbols[0].groups.size(); ++i)
        CHECK(chain(e4.symbols[0].groups[i].frames) == chain(e5.symbols[0].groups[i].frames));
    CHECK(e4.symbols[0].verdict == e5.symbols[0].verdict);
}

TEST_CASE("explain: a kernel inline is named with its header line and the module's line") {
    Explanation e = explain_module(fixture_object(Debug::Dwarf5), {"ext_gpl_func"}, no_system_debug());
    SymbolExplanation s = e.symbols[0];
    s.groups.pop_back();  // without the direct call
    std::vector<std::string> notes = explanation_notes(e, s);
    REQUIRE(notes.size() >= 4);
    CHECK(notes[1] == fmt::format("2 sites in text_fn(): .text+0x{:x}, .text+0x{:x} (call, R_X86_64_PLT32)",
                                  s.groups[0].sites[0].offset, s.groups[0].sites[1].offset));
    CHECK(notes[2] == "  fixture_helper() at include/linux/explain_fixture.h:7");
    CHECK(notes[3] == "  inlined into text_fn() at explain_sections.c:14");
}

TEST_CASE("explain: prefix maps rewrite source paths") {
    ExplainOptions o = no_system_debug();
    o.prefix_map.emplace_back(fs::path(fixture_object(Debug::Dwarf5)).parent_path().string() + "/explain/mod", "drivers/x");
    Explanation e = explain_module(fixture_object(Debug::Dwarf5), {"ext_gpl_func"}, o);
    CHECK(e.symbols[0].groups[2].frames[0].location.file == "drivers/x/explain_sections.c");
}

TEST_CASE("explain: data references name the object that holds them") {
    Explanation e = explain_module(fixture_object(Debug::Dwarf5), {"ext_data"}, no_system_debug());
    const SymbolExplanation& s = e.symbols[0];
    REQUIRE(s.groups.size() == 1);
    CHECK(s.groups[0].kind == SiteKind::Data);
    CHECK(s.groups[0].data_object == "data_ops");
    CHECK(chain(s.groups[0].frames) == "data_ops@explain_sections.c:27");
    CHECK(s.verdict.rfind("referenced from data object `data_ops` defined at explain_sections.c:27 (.", 0) == 0);
    std::vector<std::string> notes = explanation_notes(e, s);
    CHECK(notes.back() == "  `data_ops` defined at explain_sections.c:27");
}

TEST_CASE("explain: without DWARF, functions from the symbol table and how to get DWARF") {
    Explanation e = explain_module(fixture_object(Debug::None), {"ext_gpl_func", "not_there"}, no_system_debug());
    CHECK_FALSE(e.has_dwarf);
    CHECK(e.no_debug_info.find("ccflags-y += -g") != std::string::npos);
    CHECK(e.no_debug_info.find("CONFIG_DEBUG_INFO") != std::string::npos);
    const SymbolExplanation& s = e.symbols[0];
    REQUIRE(s.groups.size() == 3);
    CHECK(s.groups[0].frames.empty());
    CHECK(s.groups[1].function == "init_fn");
    CHECK(s.verdict.rfind("called from `text_fn()` (.text+0x", 0) == 0);
    Explanation data = explain_module(fixture_object(Debug::None), {"ext_data"}, no_system_debug());
    CHECK(data.symbols[0].verdict.rfind("referenced from data object `data_ops` (.", 0) == 0);
    CHECK(e.symbols[1].site_count == 0);
    CHECK(e.symbols[1].verdict == "no relocation in explain_nog.o names 'not_there'");
    CHECK(explanation_notes(e, s).front() == e.no_debug_info);
}

TEST_CASE("explain: a truncated module is an Error naming the file") {
    std::vector<char> bytes = fixtures::read_file(fixture_object(Debug::Dwarf5));
    for (std::size_t cut : {std::size_t{0}, std::size_t{20}, std::size_t{64}, bytes.size() / 2, bytes.size() - 1}) {
        std::string path = fixtures::scratch_dir() + "/explain_cut.o";
        fixtures::write_file(path, std::vector<char>(bytes.begin(), bytes.begin() + static_cast<long>(cut)));
        try {
            explain_module(path, {"ext_gpl_func"}, no_system_debug());
            FAIL("no error for a module cut at " << cut);
        } catch (const Error& err) {
            CHECK(err.file() == path);
        }
    }
}

TEST_CASE("explain: every kind of site has a stable id") {
    CHECK(std::string(site_kind_id(SiteKind::Call)) == "call");
    CHECK(std::string(site_kind_id(SiteKind::StaticKey)) == "static-key");
    CHECK(std::string(site_kind_id(SiteKind::Data)) == "data");
}
