// SPDX-License-Identifier: MIT
#include "modlink/modpost/device_table.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "modlink/modpost/device_aliases.h"
#include "modlink/modpost/device_id.h"

namespace modlink::modpost {

namespace {

constexpr std::string_view kPrefix = "__mod_";
constexpr std::string_view kSuffix = "_device_table";

// The table must be whole entries, the last one all zeros (6.1's checks
// and messages; both end the run).
void check_table_size(Session& session, const ModpostModule& mod, std::string_view type, std::uint64_t size,
                      std::size_t entry_size) {
    std::string t(type);
    if (size % entry_size != 0)
        session.diag().fatal(
            "%s: sizeof(struct %s_device_id)=%lu is not a modulo of the size of section "
            "__mod_%s__<identifier>_device_table=%lu.\nFix definition of struct %s_device_id in mod_devicetable.h\n",
            mod.name.c_str(), t.c_str(), static_cast<unsigned long>(entry_size), t.c_str(),
            static_cast<unsigned long>(size), t.c_str());
}

void check_table(Session& session, const ModpostModule& mod, std::string_view type, std::span<const char> table,
                 std::size_t entry_size) {
    std::string t(type);
    check_table_size(session, mod, type, table.size(), entry_size);
    auto last = table.subspan(table.size() - entry_size);
    for (char c : last) {
        if (c == 0) continue;
        char buf[16];
        std::string dump;
        dump = mod.name + ": struct " + t + "_device_id is " + std::to_string(entry_size) + " bytes.  The last of " +
               std::to_string(table.size() / entry_size) + " is:\n";
        for (char b : last) {
            std::snprintf(buf, sizeof buf, "0x%02x ", static_cast<unsigned char>(b));
            dump += buf;
        }
        dump += '\n';
        std::fwrite(dump.data(), 1, dump.size(), stderr);
        session.diag().fatal("%s: struct %s_device_id is not terminated with a NULL entry!\n", mod.name.c_str(), t.c_str());
    }
}

// pnp_card ids: each card lists up to eight device ids; an id already
// listed by an earlier card of the table gets no aliases again.
void pnp_card_table(AliasSink& sink, const ElfFile& elf, const DeviceIdLayout& layout, std::span<const char> table,
                    std::size_t count) {
    auto dev_id = [&](std::size_t entry, std::size_t j) {
        return DeviceId(elf, layout, table.subspan(entry * layout.size())).str("devs", j * 8);
    };
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t j = 0; j < 8; ++j) {
            std::string id = dev_id(i, j);
            if (id.empty()) break;
            bool seen = false;
            for (std::size_t i2 = 0; i2 < i && !seen; ++i2)
                for (std::size_t j2 = 0; j2 < 8; ++j2) {
                    std::string other = dev_id(i2, j2);
                    if (other.empty()) break;
                    if (other == id) {
                        seen = true;
                        break;
                    }
                }
            if (!seen) pnp_aliases(sink, id);
        }
    }
}

// The largest .bss device table read (a real 64 MiB one makes a 114 MB
// .mod.c upstream; 4 GiB ones only make upstream run out of memory).
constexpr std::uint64_t kMaxNobitsDeviceTable = std::uint64_t{256} << 20;

}  // namespace

void handle_device_table(Session& session, ModpostModule& mod, const ElfFile& elf, const ElfSymbol& sym,
                         std::string_view name) {
    if (sym.raw_shndx == SHN_UNDEF || (sym.raw_shndx >= SHN_LORESERVE && sym.raw_shndx != SHN_XINDEX)) return;
    if (sym.type != STT_OBJECT || !name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return;
    const ElfSection* sec = elf.section(sym.shndx);
    if (!sec) return;
    std::string_view rest = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
    std::size_t sep = rest.find("__");
    if (sep == std::string_view::npos) return;
    std::string_view type = rest.substr(0, sep);

    const auto& known_types = session.era().device_types;
    if (std::find(known_types.begin(), known_types.end(), type) == known_types.end()) return;
    DeviceIdLayout (*layout_of)(const TargetAbi&) = nullptr;
    const DeviceTableType* known = nullptr;
    if (type == "pnp_card") layout_of = pnp_card_layout;
    else if ((known = find_device_table_type(type))) layout_of = known->layout;
    else return;
    DeviceIdLayout layout = layout_of(TargetAbi::of(elf));

    // A table in .bss reads as zeros: every entry is the zero entry, so one
    // zero entry stands for all of them (st_size is a claim; nothing is
    // allocated by it). Its terminator is zero too; pnp_card's zero cards
    // make no alias.
    AliasSink sink{session, mod};
    if (sec->hdr.sh_type == SHT_NOBITS) {
        if (sym.size == 0) return;
        check_table_size(session, mod, type == "pnp_card" ? "pnp" : type, sym.size, layout.size());
        if (sym.size > kMaxNobitsDeviceTable)
            session.diag().fatal("%s: device table %s is %llu bytes of .bss, more than modlink reads (%llu MiB)\n",
                                 mod.name.c_str(), std::string(name).c_str(),
                                 static_cast<unsigned long long>(sym.size),
                                 static_cast<unsigned long long>(kMaxNobitsDeviceTable >> 20));
        if (!known) return;
        std::vector<char> zero_entry(layout.size(), 0);
        std::size_t count = sym.size / layout.size() - 1;
        for (std::size_t i = 0; i < count; ++i) known->format(sink, DeviceId(elf, layout, zero_entry));
        return;
    }
    std::span<const char> table;
    {
        auto bytes = elf.section_bytes(*sec);
        std::uint64_t off = elf.value_to_offset(*sec, sym.value);
        if (off > bytes.size() || bytes.size() - off < sym.size) return;
        table = bytes.subspan(off, sym.size);
    }
    if (table.empty()) return;
    // 6.1 names pnp_card tables "pnp" in its complaints about them.
    check_table(session, mod, type == "pnp_card" ? "pnp" : type, table, layout.size());
    std::size_t count = table.size() / layout.size() - 1;  // the terminator makes no alias
    if (!known) {
        pnp_card_table(sink, elf, layout, table, count);
        return;
    }
    for (std::size_t i = 0; i < count; ++i) known->format(sink, DeviceId(elf, layout, table.subspan(i * layout.size())));
}

}  // namespace modlink::modpost
