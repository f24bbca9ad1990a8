// SPDX-License-Identifier: MIT
// Reference sites: every relocation that names a symbol, and the code it
// stands for. A symbol reaches a module not only through calls in code:
// a static branch leaves the key's address in a __jump_table entry, a
// static call in .static_call_sites, a fixup in __ex_table, a pointer in
// an ops table. For the table sections the entry's first field is a
// PC-relative pointer to the code that uses the symbol; following it is
// what lets DWARF say which source line that is.
#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/explain_sites.h"

namespace modlink {

const char* site_kind_id(SiteKind k) {
    switch (k) {
        case SiteKind::Call: return "call";
        case SiteKind::Reference: return "reference";
        case SiteKind::StaticKey: return "static-key";
        case SiteKind::StaticCall: return "static-call";
        case SiteKind::ExceptionTable: return "exception-table";
        case SiteKind::Data: return "data";
    }
    return "reference";
}

const char* relocation_name(std::uint16_t machine, std::uint32_t type) {
    if (machine == EM_X86_64) {
        switch (type) {
            case R_X86_64_64: return "R_X86_64_64";
            case R_X86_64_PC32: return "R_X86_64_PC32";
            case R_X86_64_PLT32: return "R_X86_64_PLT32";
            case R_X86_64_32: return "R_X86_64_32";
            case R_X86_64_32S: return "R_X86_64_32S";
            case R_X86_64_PC64: return "R_X86_64_PC64";
            case R_X86_64_GOTPCREL: return "R_X86_64_GOTPCREL";
            case R_X86_64_GOTPCRELX: return "R_X86_64_GOTPCRELX";
            case R_X86_64_REX_GOTPCRELX: return "R_X86_64_REX_GOTPCRELX";
            default: break;
        }
    } else if (machine == EM_386) {
        switch (type) {
            case R_386_32: return "R_386_32";
            case R_386_PC32: return "R_386_PC32";
            case R_386_PLT32: return "R_386_PLT32";
            default: break;
        }
    } else if (machine == EM_AARCH64) {
        switch (type) {
            case R_AARCH64_ABS64: return "R_AARCH64_ABS64";
            case R_AARCH64_PREL32: return "R_AARCH64_PREL32";
            case R_AARCH64_PREL64: return "R_AARCH64_PREL64";
            case R_AARCH64_CALL26: return "R_AARCH64_CALL26";
            case R_AARCH64_JUMP26: return "R_AARCH64_JUMP26";
            case R_AARCH64_ADR_PREL_PG_HI21: return "R_AARCH64_ADR_PREL_PG_HI21";
            case R_AARCH64_ADD_ABS_LO12_NC: return "R_AARCH64_ADD_ABS_LO12_NC";
            case R_AARCH64_LDST64_ABS_LO12_NC: return "R_AARCH64_LDST64_ABS_LO12_NC";
            default: break;
        }
    }
    return nullptr;
}

namespace {

bool is_call_relocation(std::uint16_t machine, std::uint32_t type) {
    switch (machine) {
        case EM_X86_64: return type == R_X86_64_PLT32;
        case EM_386: return type == R_386_PLT32;
        case EM_AARCH64: return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26;
        case EM_S390: return type == R_390_PLT32DBL;
        case EM_PPC64: return type == R_PPC64_REL24;
        case EM_RISCV: return type == 18 /* R_RISCV_CALL */ || type == 19 /* R_RISCV_CALL_PLT */;
        default: return false;
    }
}

// Table sections whose entries start with a 32-bit PC-relative pointer to
// the code that uses what the rest of the entry names.
struct SiteTable {
    SiteKind kind;
    std::size_t entry_size;
};

std::optional<SiteTable> site_table(const ElfFile& elf, std::string_view section) {
    if (section == "__jump_table")  // s32 code, s32 target, long key
        return SiteTable{SiteKind::StaticKey, 8 + elf.pointer_size()};
    if (section == ".static_call_sites")  // s32 addr, s32 key
        return SiteTable{SiteKind::StaticCall, 8};
    if (section == "__ex_table") {  // s32 insn, s32 fixup (x86 and arm64 add 4 bytes of data)
        bool wide = elf.machine() == EM_X86_64 || elf.machine() == EM_386 || elf.machine() == EM_AARCH64;
        return SiteTable{SiteKind::ExceptionTable, std::size_t{wide ? 12u : 8u}};
    }
    return std::nullopt;
}

// Symbol-table functions and objects of one section, sorted by value, to
// name what holds an offset.
struct Holder {
    std::uint64_t value;
    std::uint64_t size;
    bool local;
    std::string_view name;
};

class Holders {
public:
    explicit Holders(const ElfFile& elf) {
        for (std::size_t i = 1; i < elf.symbol_count(); ++i) {
            ElfSymbol s = elf.symbol(i);
            if ((s.type != STT_FUNC && s.type != STT_OBJECT) || s.undefined() || s.raw_shndx >= SHN_LORESERVE ||
                s.name.empty())
                continue;
            by_section_[s.shndx].push_back({s.value, s.size, s.bind == STB_LOCAL, s.name});
        }
        // At one address, the local name sorts last so at() finds it first:
        // gpl_direct_init() says more than its alias init_module().
        for (auto& [_, v] : by_section_)
            std::sort(v.begin(), v.end(), [](const Holder& a, const Holder& b) {
                if (a.value != b.value) return a.value < b.value;
                if (a.local != b.local) return b.local;
                return a.name < b.name;
            });
    }

    std::string_view at(std::size_t section, std::uint64_t offset) const {
        auto it = by_section_.find(section);
        if (it == by_section_.end()) return {};
        const auto& v = it->second;
        auto after = std::upper_bound(v.begin(), v.end(), offset,
                                      [](std::uint64_t o, const Holder& h) { return o < h.value; });
        // The last holder starting at or before the offset that still covers it.
        while (after != v.begin()) {
            --after;
            if (offset < after->value + std::max<std::uint64_t>(after->size, 1)) return after->name;
            if (after->size != 0) break;
        }
        return {};
    }

private:
    std::unordered_map<std::size_t, std::vector<Holder>> by_section_;
};

bool is_code(const ElfSection& s) { return (s.hdr.sh_flags & SHF_EXECINSTR) != 0; }

// The code an entry of a site table points at: the relocation at the
// entry's start names a code section (or a symbol in one) plus an addend.
struct CodeAddress {
    std::size_t section = 0;
    std::uint64_t offset = 0;
};

std::optional<CodeAddress> entry_code(const ElfFile& elf, const ElfSection& table,
                                      const std::vector<ElfRelocation>& relocs, std::uint64_t entry_start) {
    auto it = std::lower_bound(relocs.begin(), relocs.end(), entry_start,
                               [](const ElfRelocation& r, std::uint64_t o) { return r.offset < o; });
    if (it == relocs.end() || it->offset != entry_start) return std::nullopt;
    ElfSymbol sym = elf.symbol(it->symbol);
    const ElfSection* target = elf.section(sym.shndx);
    if (sym.undefined() || sym.raw_shndx >= SHN_LORESERVE || !target || !is_code(*target)) return std::nullopt;
    std::int64_t addend = it->addend;
    if (!it->rela) {
        auto in_place = elf.read_u32(elf.section_bytes(table), it->offset);
        if (!in_place) return std::nullopt;
        addend = static_cast<std::int32_t>(*in_place);
    }
    return CodeAddress{target->index, sym.value + static_cast<std::uint64_t>(addend)};
}

}  // namespace

std::vector<std::pair<std::size_t, ReferenceSite>> find_reference_sites(const ElfFile& elf,
                                                                        const std::vector<std::string>& symbols) {
    std::vector<std::pair<std::size_t, ReferenceSite>> out;
    if (!elf.has_symtab() || symbols.empty()) return out;

    // Which symbol-table entries carry a wanted name (a name may appear more than once).
    std::unordered_map<std::string_view, std::size_t> wanted;
    for (std::size_t i = 0; i < symbols.size(); ++i) wanted.emplace(symbols[i], i);
    std::unordered_map<std::size_t, std::size_t> symbol_to_request;
    for (std::size_t i = 1; i < elf.symbol_count(); ++i) {
        ElfSymbol s = elf.symbol(i);
        if (s.name.empty() || s.type == STT_SECTION) continue;
        if (auto it = wanted.find(s.name); it != wanted.end()) symbol_to_request.emplace(i, it->second);
    }
    if (symbol_to_request.empty()) return out;

    // Every allocated section that relocations apply to, once each.
    std::vector<std::size_t> targets;
    for (const ElfSection& s : elf.sections()) {
        if (s.hdr.sh_type != SHT_REL && s.hdr.sh_type != SHT_RELA) continue;
        const ElfSection* t = elf.section(s.hdr.sh_info);
        if (t && (t->hdr.sh_flags & SHF_ALLOC)) targets.push_back(t->index);
    }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());

    std::unique_ptr<Holders> holders;  // built only when some site needs a name
    for (std::size_t t : targets) {
        const ElfSection& sec = *elf.section(t);
        std::vector<ElfRelocation> relocs = elf.relocations_for(sec);
        std::sort(relocs.begin(), relocs.end(),
                  [](const ElfRelocation& a, const ElfRelocation& b) { return a.offset < b.offset; });
        auto table = site_table(elf, sec.name);
        for (const ElfRelocation& r : relocs) {
            auto req = symbol_to_request.find(r.symbol);
            if (req == symbol_to_request.end()) continue;
            if (!holders) holders = std::make_unique<Holders>(elf);
            ReferenceSite site;
            site.section_index = t;
            site.section = std::string(sec.name);
            site.offset = r.offset;
            const char* rname = relocation_name(elf.machine(), r.type);
            site.relocation = rname ? rname : "type " + std::to_string(r.type);
            if (is_code(sec)) {
                site.kind = is_call_relocation(elf.machine(), r.type) ? SiteKind::Call : SiteKind::Reference;
                site.code_section_index = t;
                site.code_section = site.section;
                site.code_offset = r.offset;
            } else {
                site.kind = SiteKind::Data;
                std::optional<CodeAddress> code;
                if (table) code = entry_code(elf, sec, relocs, r.offset - r.offset % table->entry_size);
                if (code) {
                    site.kind = table->kind;
                    site.code_section_index = code->section;
                    site.code_section = std::string(elf.section_name(code->section));
                    site.code_offset = code->offset;
                } else {
                    site.data_object = std::string(holders->at(t, r.offset));
                }
            }
            if (!site.code_section.empty())
                site.function = std::string(holders->at(site.code_section_index, site.code_offset));
            out.emplace_back(req->second, std::move(site));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        if (a.second.section_index != b.second.section_index) return a.second.section_index < b.second.section_index;
        return a.second.offset < b.second.offset;
    });
    return out;
}

}  // namespace modlink
