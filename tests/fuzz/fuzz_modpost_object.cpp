// SPDX-License-Identifier: MIT
// Fuzz target: the drop-in modpost on one object, as Kbuild runs it for an
// external module. The first byte picks the era (bits 0 and 4, an index
// into the registry, modpost --list-eras) and options (bit 1: -m
// modversions, bit 2: -a srcversion for all, bit 3: -E; in eras that have
// them, bit 5: -M, bit 6: -x extended and bit 7: -b basic modversions);
// the rest is split into the object, its .cmd file (CRC lines, source
// files for srcversion) and a symbol dump read with -i. The whole run goes
// through modpost::run: object reader, device tables, section checks,
// import checks, .mod.c and dump writers. Fatal errors are upstream's
// (exit 1), not crashes.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "modlink/error.h"
#include "modlink/modpost/era.h"
#include "modlink/modpost/modpost.h"
#include "modlink/modpost/options.h"
#include "scratch.h"
#include "split.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t flags = data[0];
    auto parts = modlink::fuzz::split_parts(data + 1, size - 1, 3);
    const std::string dir = modlink::fuzz::scratch_dir();
    const std::string obj = dir + "/fuzz.o";
    modlink::fuzz::write_file(obj, parts[0]);
    modlink::fuzz::write_file(dir + "/fuzz.mod", {reinterpret_cast<const std::uint8_t*>("fuzz.o\n"), 7});
    modlink::fuzz::write_file(dir + "/.fuzz.o.cmd", parts.size() > 1 ? parts[1] : std::span<const std::uint8_t>{});
    modlink::fuzz::write_file(dir + "/list", {reinterpret_cast<const std::uint8_t*>(obj.data()), obj.size()});
    modlink::modpost::Options opts;
    opts.external_module = true;
    opts.modversions = flags & 2;
    opts.all_srcversion = flags & 4;
    opts.mismatch_is_error = flags & 8;
    opts.object_list = dir + "/list";
    opts.dump_output = dir + "/Module.symvers";
    if (parts.size() > 2) {
        modlink::fuzz::write_file(dir + "/in.symvers", parts[2]);
        opts.dump_inputs.push_back(dir + "/in.symvers");
    }
    const auto eras = modlink::modpost::known_eras();
    const std::size_t pick = (flags & 1) | ((flags >> 3) & 2);
    const modlink::modpost::Era& era = eras[pick % eras.size()].era();
    auto has = [&](char letter) { return std::strchr(era.option_string, letter) != nullptr; };
    opts.config_modules = has('M') && (flags & 0x20);
    opts.extended_modversions = has('x') && (flags & 0x40);
    opts.basic_modversions = has('b') && (flags & 0x80);
    try {
        (void)modlink::modpost::run(opts, era);
    } catch (const modlink::Error&) {
    }
    return 0;
}
