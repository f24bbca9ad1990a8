// SPDX-License-Identifier: MIT
#include "modpost/device_table.h"

#include <algorithm>
#include <optional>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "modpost/device_aliases.h"
#include "modpost/device_id.h"

namespace modlink::modpost {

namespace {

constexpr std::string_view kPrefix = "__mod_";
constexpr std::string_view kSuffix = "_device_table";
constexpr std::string_view kModuleFirstPrefix = "__mod_device_table__";
constexpr std::string_view kModuleMarker = "__kmod_";

// What a device-table symbol's name says.
struct TableName {
    std::string_view type;
    std::string_view table;    // the array's own name (7.x messages)
    std::string_view builtin;  // the module it belongs to (7.x, for vmlinux's aliases)
};

// ≤6.12: __mod_<type>__<name>_device_table.
std::optional<TableName> parse_type_first(std::string_view name) {
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
    std::string_view rest = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
    std::size_t sep = rest.find("__");
    if (sep == std::string_view::npos) return std::nullopt;
    return TableName{rest.substr(0, sep), rest.substr(sep + 2), {}};
}

// 6.18+: __mod_device_table__kmod_<mod>__<type>__<name>; the module part
// is found by its marker anywhere in the name (the prefix's own "__" is
// the marker's start), the type and name by the next two "__".
std::optional<TableName> parse_module_first(std::string_view name) {
    if (!name.starts_with(kModuleFirstPrefix)) return std::nullopt;
    std::size_t m = name.find(kModuleMarker);
    if (m == std::string_view::npos) return std::nullopt;
    std::string_view mod = name.substr(m + kModuleMarker.size());
    std::size_t t = mod.find("__");
    if (t == std::string_view::npos) return std::nullopt;
    std::string_view type = mod.substr(t + 2);
    std::size_t n = type.find("__");
    if (n == std::string_view::npos) return std::nullopt;
    return TableName{type.substr(0, n), type.substr(n + 2), mod.substr(0, t)};
}

// 7.x: a table that is not whole entries, or whose last entry is not all
// zeros, is an error naming the array; its entries make no aliases.
// `size` bytes of table; `tail` ends with its last entry (a .bss table's
// is one zero entry).
bool table_is_sound(Session& session, const ModpostModule& mod, const TableName& tn, std::uint64_t size,
                    std::span<const char> tail, std::size_t entry_size) {
    std::string table_name(tn.table), type(tn.type);
    if (size % entry_size != 0 || size < entry_size) {
        session.diag().error("%s: type mismatch between %s[] and MODULE_DEVICE_TABLE(%s, ...)\n", mod.name.c_str(),
                             table_name.c_str(), type.c_str());
        return false;
    }
    for (char c : tail.subspan(tail.size() - entry_size))
        if (c != 0) {
            session.diag().error("%s: %s[] is not terminated with a NULL entry\n", mod.name.c_str(), table_name.c_str());
            return false;
        }
    return true;
}

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

namespace {

// A device table found by its symbol, with the era's type for it.
struct FoundTable {
    TableName name;
    const DeviceTableType* type;
    DeviceIdLayout layout;
    bool by_name;  // 7.x: faults are errors naming the array (else 6.1's fatals)
    // 6.1 names pnp_card tables "pnp" in its complaints about them.
    std::string_view complaint_type() const { return name.type == "pnp_card" ? "pnp" : name.type; }
};

std::optional<FoundTable> find_table(const Session& session, const ElfFile& elf, const ElfSymbol& sym,
                                     std::string_view name) {
    if (sym.raw_shndx == SHN_UNDEF || (sym.raw_shndx >= SHN_LORESERVE && sym.raw_shndx != SHN_XINDEX)) return std::nullopt;
    if (sym.type != STT_OBJECT) return std::nullopt;
    bool module_first = session.era().device_tables == DeviceTableNaming::ModuleFirst;
    std::optional<TableName> tn = module_first ? parse_module_first(name) : parse_type_first(name);
    if (!tn || !elf.section(sym.shndx)) return std::nullopt;
    const DeviceTableType* type = era_device_type(session.era(), tn->type);
    if (!type) return std::nullopt;
    return FoundTable{*tn, type, type->layout(TargetAbi::of(elf)),
                      session.era().device_table_faults == DeviceTableFaults::ErrorByName};
}

// The era's checks on a table of `size` bytes whose last entry ends
// `tail`: false when its entries make no aliases (7.x's errors); 6.1's
// faults end the run. `terminator_checked`: 6.1 checks the last entry only
// of a table it reads from the file.
bool table_accepted(Session& session, ModpostModule& mod, const FoundTable& t, std::uint64_t size,
                    std::span<const char> tail, bool terminator_checked) {
    if (t.by_name) return table_is_sound(session, mod, t.name, size, tail, t.layout.size());
    if (terminator_checked) check_table(session, mod, t.complaint_type(), tail, t.layout.size());
    else check_table_size(session, mod, t.complaint_type(), size, t.layout.size());
    return true;
}

// A table in .bss reads as zeros: every entry is the zero entry, so one
// zero entry stands for all of them (st_size is a claim; nothing is
// allocated by it). Its terminator is zero too; pnp_card's zero cards make
// no alias.
void zero_table_aliases(Session& session, ModpostModule& mod, const ElfFile& elf, const ElfSymbol& sym,
                        std::string_view name, const FoundTable& t, AliasSink& sink) {
    std::vector<char> zero_entry(t.layout.size(), 0);
    if (!t.by_name && sym.size == 0) return;
    if (!table_accepted(session, mod, t, sym.size, zero_entry, false)) return;
    if (sym.size > kMaxNobitsDeviceTable)
        session.diag().fatal("%s: device table %s is %llu bytes of .bss, more than modlink reads (%llu MiB)\n",
                             mod.name.c_str(), std::string(name).c_str(), static_cast<unsigned long long>(sym.size),
                             static_cast<unsigned long long>(kMaxNobitsDeviceTable >> 20));
    if (!t.type->format) return;
    std::size_t count = sym.size / t.layout.size() - 1;
    for (std::size_t i = 0; i < count; ++i) t.type->format(sink, DeviceId(elf, t.layout, zero_entry));
}

// The table's bytes as upstream reads them: within its section, or through
// its pointer into the file on past the section's end (kept in `storage`);
// nullopt for a compressed section, which upstream cannot read either.
// Past the end of the file upstream reads what the mapping holds, or
// faults; here its size check comes first, then a fatal error.
std::optional<std::span<const char>> table_bytes(Session& session, ModpostModule& mod, const ElfFile& elf,
                                                 const ElfSymbol& sym, std::string_view name, const FoundTable& t,
                                                 std::string& storage) {
    const ElfSection& sec = *elf.section(sym.shndx);
    auto bytes = elf.section_bytes(sec);
    std::uint64_t off = elf.value_to_offset(sec, sym.value);
    if (off <= bytes.size() && bytes.size() - off >= sym.size) return bytes.subspan(off, sym.size);
    if (sec.hdr.sh_flags & SHF_COMPRESSED) return std::nullopt;
    if (auto raw = elf.file_bytes(sec.hdr.sh_offset + off, sym.size)) {
        storage = std::move(*raw);
        return std::span<const char>(storage.data(), storage.size());
    }
    std::vector<char> zero_entry(t.layout.size(), 0);
    if (table_accepted(session, mod, t, sym.size, zero_entry, false))
        session.diag().fatal("%s: device table %s runs past the end of the file\n", mod.name.c_str(),
                             std::string(name).c_str());
    return std::nullopt;
}

}  // namespace

void handle_device_table(Session& session, ModpostModule& mod, const ElfFile& elf, const ElfSymbol& sym,
                         std::string_view name) {
    std::optional<FoundTable> t = find_table(session, elf, sym, name);
    if (!t) return;
    AliasSink sink{session, mod};
    // Aliases of a table in vmlinux belong to the built-in module it names (7.x).
    if (t->by_name && mod.is_vmlinux) sink.builtin_module = std::string(t->name.builtin);
    if (elf.section(sym.shndx)->hdr.sh_type == SHT_NOBITS) {
        zero_table_aliases(session, mod, elf, sym, name, *t, sink);
        return;
    }
    std::string storage;
    std::optional<std::span<const char>> table = table_bytes(session, mod, elf, sym, name, *t, storage);
    if (!table) return;
    if (!t->by_name && table->empty()) return;
    if (!table_accepted(session, mod, *t, table->size(), *table, true)) return;
    std::size_t count = table->size() / t->layout.size() - 1;  // the terminator makes no alias
    if (!t->type->format) {
        pnp_card_table(sink, elf, t->layout, *table, count);
        return;
    }
    for (std::size_t i = 0; i < count; ++i)
        t->type->format(sink, DeviceId(elf, t->layout, table->subspan(i * t->layout.size())));
}

}  // namespace modlink::modpost
