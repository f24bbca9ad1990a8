// SPDX-License-Identifier: MIT
// Hostile inputs: every truncation and many corruptions of real fixtures must
// either parse or throw modlink::Error, never crash or read out of bounds
// (the sanitizer build runs these too).
#include <doctest/doctest.h>

#include <random>

#include "fixtures.h"
#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/input_file.h"
#include "modlink/module.h"

using namespace modlink;

namespace {

// Parses bytes as a module; returns "ok" or the error's message.
std::string try_parse(std::vector<char> bytes) {
    try {
        Input in = Input::from_bytes("fuzz.ko", std::move(bytes));
        if (in.size() == 0) return "empty";
        ElfFile elf("fuzz.ko", in.data(), in.size());
        Module m = parse_module(elf, "fuzz.ko");
        return "ok";
    } catch (const Error& e) {
        CHECK(e.file() == "fuzz.ko");
        return e.what();
    }
}

}  // namespace

TEST_CASE("every truncation of a module is parsed or refused cleanly") {
    for (auto target : {fixtures::Target::X86_64, fixtures::Target::I386, fixtures::Target::S390X}) {
        std::vector<char> full = fixtures::read_file(fixtures::object("final_ko_61", target));
        std::size_t refused = 0;
        for (std::size_t n = 0; n < full.size(); ++n)
            if (try_parse({full.begin(), full.begin() + n}) != "ok") ++refused;
        // The section header table sits at the end, so every cut loses it.
        CHECK(refused == full.size());
    }
}

TEST_CASE("corrupted headers and tables are parsed or refused cleanly") {
    std::mt19937 rng(20261122);  // fixed seed: the same corruptions every run
    for (const char* name : {"final_ko_61", "object_export_symbol_65", "final_ko_kflagstab_7x", "ext_versions"}) {
        std::vector<char> full = fixtures::read_file(fixtures::object(name));
        for (int round = 0; round < 3000; ++round) {
            std::vector<char> bytes = full;
            int flips = 1 + round % 4;
            for (int k = 0; k < flips; ++k) {
                // Half of the corruptions hit the ELF and section headers.
                std::size_t pos = round % 2 ? rng() % 64 : rng() % bytes.size();
                if (round % 3 == 0 && bytes.size() > 64) pos = bytes.size() - 1 - rng() % std::min<std::size_t>(bytes.size(), 1024);
                bytes[pos] = static_cast<char>(rng());
            }
            try_parse(std::move(bytes));
        }
    }
}

TEST_CASE("named malformations give a clear message") {
    std::vector<char> good = fixtures::read_file(fixtures::object("final_ko_61"));
    CHECK(try_parse({}) == "empty");
    CHECK(try_parse({'h', 'e', 'l', 'l', 'o'}) == "not an ELF file");
    std::vector<char> bad_class = good;
    bad_class[EI_CLASS] = 7;
    CHECK(try_parse(bad_class) == "unknown ELF class 7");
    std::vector<char> far_shoff = good;
    auto* eh = reinterpret_cast<Elf64_Ehdr*>(far_shoff.data());
    eh->e_shoff = 0x7fffffff;
    CHECK(try_parse(far_shoff).find("section header table") == 0);
}

TEST_CASE("an empty __ksymtab beside __kflagstab is refused, not divided by") {
    std::vector<char> bytes = fixtures::read_file(fixtures::object("final_ko_kflagstab_7x"));
    std::size_t index = 0;
    {
        Input in = Input::from_bytes("x", bytes);
        ElfFile elf("x", in.data(), in.size());
        index = elf.find_section("__ksymtab")->index;
    }
    auto* eh = reinterpret_cast<Elf64_Ehdr*>(bytes.data());
    auto* sh = reinterpret_cast<Elf64_Shdr*>(bytes.data() + eh->e_shoff + index * sizeof(Elf64_Shdr));
    sh->sh_size = 0;
    CHECK(try_parse(bytes) == "__ksymtab size does not match its entries");
}
