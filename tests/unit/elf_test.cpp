// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <cstring>

#include "fixtures.h"
#include "modlink/elf.h"
#include "modlink/elf_raw_headers.h"
#include "modlink/elf_reading_policy.h"
#include "modlink/error.h"
#include "modlink/input_file.h"

using namespace modlink;

TEST_CASE("ELF class and byte order come from the file") {
    struct Case {
        fixtures::Target target;
        bool is64, big;
        std::uint16_t machine;
    } cases[] = {
        {fixtures::Target::X86_64, true, false, EM_X86_64},
        {fixtures::Target::I386, false, false, EM_386},
        {fixtures::Target::S390X, true, true, EM_S390},
    };
    for (const Case& c : cases) {
        Input in = Input::open(fixtures::object("final_ko_61", c.target));
        ElfFile elf(in.path(), in.data(), in.size());
        CHECK(elf.is64() == c.is64);
        CHECK(elf.big_endian() == c.big);
        CHECK(elf.machine() == c.machine);
        const ElfSection* crc = elf.find_section("__kcrctab");
        REQUIRE(crc);
        CHECK(elf.read_u32(elf.section_bytes(*crc), 0) == 0xdeadbeefu);
        CHECK(!elf.read_u32(elf.section_bytes(*crc), 1));  // past the end
    }
}

TEST_CASE("extended section numbering: more than 65,280 sections") {
    Input in = Input::open(fixtures::object("many_sections"));
    ElfFile elf(in.path(), in.data(), in.size());
    CHECK(elf.sections().size() > 66000);
    bool found = false;
    for (std::size_t i = 0; i < elf.symbol_count(); ++i) {
        ElfSymbol s = elf.symbol(i);
        if (s.name != "sym65999") continue;
        found = true;
        CHECK(s.raw_shndx == SHN_XINDEX);
        CHECK(elf.section_name(s.shndx) == ".s65999");
    }
    CHECK(found);
}

TEST_CASE("SHF_COMPRESSED sections are inflated") {
    Input in = Input::open(fixtures::object("debug_compressed"));
    ElfFile elf(in.path(), in.data(), in.size());
    const ElfSection* s = elf.find_section(".debug_str");
    REQUIRE(s);
    CHECK((s->hdr.sh_flags & SHF_COMPRESSED) != 0);
    auto bytes = elf.section_bytes(*s);
    std::string_view text(bytes.data(), bytes.size());
    CHECK(text.size() >= 27);
    CHECK(text.substr(0, 26) == "compressible debug string ");
}

TEST_CASE("strings must be terminated inside their section") {
    const char data[] = {'a', 'b', 'c'};
    CHECK(!ElfFile::read_cstr({data, 3}, 0));
    const char ok[] = {'a', 0, 'b', 0};
    CHECK(ElfFile::read_cstr({ok, 4}, 2) == "b");
    CHECK(!ElfFile::read_cstr({ok, 4}, 4));
}

TEST_CASE("not an ELF file") {
    char text[] = "hello, world, this is not an ELF file at all";
    CHECK_THROWS_AS(ElfFile("x", text, sizeof text), Error);
}

TEST_CASE("relocations are read with their symbols, REL and RELA") {
    for (auto target : {fixtures::Target::X86_64, fixtures::Target::I386, fixtures::Target::S390X}) {
        Input in = Input::open(fixtures::object("final_ko_61", target));
        ElfFile elf(in.path(), in.data(), in.size());
        const ElfSection* data = elf.find_section(".data");
        REQUIRE(data);
        auto relocs = elf.relocations_for(*data);
        std::vector<std::string> names;
        for (const ElfRelocation& r : relocs) {
            CHECK(r.rela == (target != fixtures::Target::I386));  // i386 uses REL
            names.emplace_back(elf.symbol(r.symbol).name);
        }
        CHECK(names == std::vector<std::string>{"_printk", "optional_hook", "kfree.123", "__this_module",
                                                "_GLOBAL_OFFSET_TABLE_"});
    }
}

TEST_CASE("the raw header decoding reads what libelf reads, in every class and byte order") {
    for (auto target : {fixtures::Target::X86_64, fixtures::Target::I386, fixtures::Target::S390X}) {
        Input in = Input::open(fixtures::object("final_ko_61", target));
        ElfFile elf(in.path(), in.data(), in.size());
        const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
        const RawElfHeader header = decode_elf_header(bytes);
        CHECK(header.layout.is64 == elf.is64());
        CHECK(header.layout.big_endian == elf.big_endian());
        CHECK(header.type == elf.type());
        CHECK(header.shentsize == header.layout.section_header_size());
        REQUIRE(header.shnum == elf.sections().size());
        for (const ElfSection& s : elf.sections()) {
            const RawSectionHeader raw =
                decode_section_header(header.layout, bytes + header.shoff + s.index * header.shentsize);
            CHECK(raw.name == s.hdr.sh_name);
            CHECK(raw.type == s.hdr.sh_type);
            CHECK(raw.flags == s.hdr.sh_flags);
            CHECK(raw.offset == s.hdr.sh_offset);
            CHECK(raw.size == s.hdr.sh_size);
            CHECK(raw.link == s.hdr.sh_link);
            CHECK(raw.info == s.hdr.sh_info);
        }
    }
}

TEST_CASE("raw integers are stored and loaded in either byte order") {
    unsigned char b[4];
    store_uint(b, 4, true, 0x11223344);
    CHECK((b[0] == 0x11 && b[3] == 0x44));
    CHECK(load_uint(b, 4, true) == 0x11223344);
    store_uint(b, 4, false, 0x11223344);
    CHECK((b[0] == 0x44 && b[3] == 0x11));
    CHECK(load_uint(b, 4, false) == 0x11223344);
    CHECK(load_uint(b, 2, false) == 0x3344);
}

TEST_CASE("a section name outside its table: an Error read strictly, the file's bytes when the policy says so") {
    Input in = Input::open(fixtures::object("final_ko_61"));
    ElfFile original(in.path(), in.data(), in.size());
    const ElfSection* text = original.find_section(".text");
    REQUIRE(text);
    // A copy with "x" appended, .text's name moved there: far past the
    // section name table, but inside the file.
    std::vector<char> copy(in.data(), in.data() + in.size());
    copy.push_back('x');
    copy.push_back('\0');
    auto* bytes = reinterpret_cast<unsigned char*>(copy.data());
    const RawElfHeader header = decode_elf_header(bytes);
    const std::size_t names = original.section(header.shstrndx)->hdr.sh_offset;
    unsigned char* entry = bytes + header.shoff + text->index * header.shentsize;
    store_uint(entry, 4, header.layout.big_endian, copy.size() - 2 - names);
    CHECK_THROWS_WITH_AS(ElfFile("x.o", copy.data(), copy.size()), doctest::Contains("has an invalid name offset"),
                         Error);
    ElfReadingPolicy lenient;
    lenient.names_read_past_their_table = true;
    ElfFile elf("x.o", copy.data(), copy.size(), lenient);
    CHECK(elf.section_name(text->index) == "x");
}
