// SPDX-License-Identifier: MIT
// Fuzz target: an ELF module as check reads it: ElfFile over libelf, then the
// Module model (.modinfo, imports, exports of every era: __ksymtab labels,
// merged __ksymtab/__ksymtab_gpl, .export_symbol, __kflagstab; namespaces,
// CRCs; __versions and extended versions). Compressed inputs go through
// Input first, as files do.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/input_file.h"
#include "modlink/module.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        modlink::Input in = modlink::Input::from_bytes("fuzz.ko", std::vector<char>(data, data + size), modlink::Input::Content::Elf);
        modlink::ElfFile elf("fuzz.ko", in.data(), in.size());
        modlink::Module m = modlink::parse_module(elf, "fuzz.ko");
        volatile std::size_t n = m.imports.size() + m.exports.size();
        (void)n;
    } catch (const modlink::Error&) {
    }
    return 0;
}
