// SPDX-License-Identifier: MIT
// The drop-in's text inputs and small pieces: options, #SYMVER lines,
// upstream's dump parser, the srcversion hash.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "modpost/cmd_crcs.h"
#include "modlink/modpost/options.h"
#include "modpost/session.h"
#include "modpost/srcversion.h"
#include "modpost/symvers_dump.h"

using namespace modlink::modpost;

namespace {

std::optional<Options> parse(std::vector<std::string> args) {
    std::vector<char*> argv;
    std::string prog = "modpost";
    argv.push_back(prog.data());
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return parse_options(static_cast<int>(argv.size() - 1), argv.data(), era_6_1().option_string);
}

}  // namespace

TEST_CASE("modpost 6.1 options, as Kbuild passes them") {
    auto o = parse({"-m", "-o", "/x/Module.symvers", "-e", "-i", "Module.symvers", "-i", "extra", "-T", "-", "vmlinux.o"});
    REQUIRE(o);
    CHECK(o->modversions);
    CHECK(o->external_module);
    CHECK(o->dump_output == "/x/Module.symvers");
    CHECK(o->dump_inputs == std::vector<std::string>{"Module.symvers", "extra"});
    CHECK(o->object_list == "-");
    CHECK(o->objects == std::vector<std::string>{"vmlinux.o"});
    auto clustered = parse({"-maEwN", "-dnsdeps"});
    REQUIRE(clustered);
    CHECK(clustered->all_srcversion);
    CHECK(clustered->mismatch_is_error);
    CHECK(clustered->warn_unresolved);
    CHECK(clustered->warn_missing_ns);
    CHECK(clustered->nsdeps_output == "nsdeps");
}

TEST_CASE("which first arguments select the drop-in") {
    CHECK(looks_like_modpost_option("-m"));
    CHECK(looks_like_modpost_option("-T"));
    CHECK(looks_like_modpost_option("-me"));
    CHECK(looks_like_modpost_option("-T-"));
    CHECK_FALSE(looks_like_modpost_option("--help"));
    CHECK_FALSE(looks_like_modpost_option("-h"));
    CHECK_FALSE(looks_like_modpost_option("-"));
    CHECK_FALSE(looks_like_modpost_option("check"));
    CHECK_FALSE(looks_like_modpost_option("-mz"));
}

TEST_CASE(".cmd files and #SYMVER lines") {
    CHECK(cmd_file_of("drivers/net/foo.o") == "drivers/net/.foo.o.cmd");
    CHECK(cmd_file_of("foo.o") == ".foo.o.cmd");
    std::vector<std::pair<std::string, std::uint32_t>> got;
    for_each_symver(
        "#SYMVER first 0x1\n"          // the first line never counts
        "#SYMVER hex 0x89abcdef\n"
        "#SYMVER dec 12\n"
        "#SYMVER trailing 0x5 \n"      // must end right after the number
        "#SYMVER word zz\n"
        "#SYMVER last 0x7",            // no newline after the value
        [&](std::string_view n, std::uint32_t c) { got.emplace_back(std::string(n), c); });
    REQUIRE(got.size() == 2);
    CHECK(got[0] == std::pair<std::string, std::uint32_t>{"hex", 0x89abcdefu});
    CHECK(got[1] == std::pair<std::string, std::uint32_t>{"dec", 12u});
    CHECK(list_objects("a.o\n\nb/c.o\n") == std::vector<std::string>{"a.o", "b/c.o"});
}

TEST_CASE("upstream's dump parser: lenient CRCs, namespaces with TABs, dump modules") {
    Session s(Options{}, era_6_1());
    parse_symvers_dump(s, "\tfoo\tdrivers/bar\tEXPORT_SYMBOL\tA\tB\n -0x2\tgoo\tvmlinux\tEXPORT_SYMBOL_GPL\t");
    ExportedSymbol* foo = s.find_export("foo");
    REQUIRE(foo);
    CHECK(foo->crc == 0);
    CHECK(foo->crc_valid);
    CHECK(foo->ns == "A\tB");
    CHECK(foo->owner->from_dump);
    CHECK(foo->owner->basename() == "bar");
    ExportedSymbol* goo = s.find_export(".goo");  // PPC64 descriptors: one leading dot ignored
    REQUIRE(goo);
    CHECK(goo->gpl_only);
    CHECK(goo->owner->is_vmlinux);
    CHECK(goo->crc == 0xfffffffeu);
    CHECK_FALSE(s.diag().error_occurred());
}

TEST_CASE("dump parse errors end the run") {
    for (const char* text : {"0x1\tfoo\tbar\tEXPORT_SYMBOL\n", "\n", "zz\tfoo\tbar\tEXPORT_SYMBOL\t\n",
                             "0x1\t\tbar\tEXPORT_SYMBOL\t\n"}) {
        Session s(Options{}, era_6_1());
        CHECK_THROWS_AS(parse_symvers_dump(s, text), FatalExit);
    }
    Session s(Options{}, era_6_1());
    parse_symvers_dump(s, "0x1\tfoo\tbar\tEXPORT_SYMBOL_X\t\n");
    CHECK(s.diag().error_occurred());
    CHECK(s.find_export("foo") == nullptr);
}

TEST_CASE("srcversion's MD4 variant") {
    // Checked against modpost 6.1: a module whose .cmd names no source.
    SrcversionHash empty;
    CHECK(empty.final_hex() == "533BB7E5866E52F63B9ACCB");
    // Tokenising: whitespace and /* */ comments vanish, strings stay whole.
    SrcversionHash a, b;
    hash_source_text(a, "int  x; /* note */\n\"a  b\"\\\n;");
    hash_source_text(b, "intx;\"a  b\";");
    CHECK(a.final_hex() == b.final_hex());
    // Longer than one block, and a length that needs a second padding block.
    SrcversionHash c, d;
    std::string long_text(119, 'q');
    c.update(long_text.data(), long_text.size());
    for (char ch : long_text) d.update(ch);
    CHECK(c.final_hex() == d.final_hex());
    CHECK(c.final_hex().size() == 23);
}
