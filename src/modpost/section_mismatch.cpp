// SPDX-License-Identifier: MIT
#include "modlink/modpost/section_mismatch.h"

#include <fnmatch.h>

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modlink/module.h"
#include "modlink/modpost/reloc_target.h"
#include "modlink/modpost/section_checks.h"

namespace modlink::modpost {

namespace {

// Section groups, as bits, so a relocation's (from, to) pair is tested
// against every rule with two lookups.
enum Group : std::uint32_t {
    kText = 1u << 0,       // code that stays
    kOtherText = 1u << 1,  // other code that stays
    kInitText = 1u << 2,   // .init.text .meminit.text
    kExitText = 1u << 3,   // .exit.text
    kData = 1u << 4,       // .data .data.rel
    kInit = 1u << 5,       // .init.*
    kMemInit = 1u << 6,    // .meminit.*
    kExit = 1u << 7,       // .exit.*
    kInitData = 1u << 8,   // init data sections (pattern 1 of the white list)
    kPciInit = 1u << 9,    // PCI fixup tables, run at init
    kKsymtab = 1u << 10,   // ___ksymtab*
    kExTable = 1u << 11,   // __ex_table
    kAltInstr = 1u << 12,  // .altinstr_replacement
    kHead = 1u << 13,      // .head.text*
};
constexpr std::uint32_t kAllText = kText | kOtherText | kInitText | kExitText;
constexpr std::uint32_t kAllInit = kInit | kMemInit;
constexpr std::uint32_t kAllExit = kExit;

struct GroupPatterns {
    Group group;
    std::initializer_list<const char*> patterns;
};
// Debian's 6.1 (a 6.1.y stable tree) already has the later TEXT list
// (".text.*", ".ltext") and no .memexit sections.
const GroupPatterns kGroups61[] = {
    {kText, {".text", ".text.*", ".sched.text", ".kprobes.text", ".cpuidle.text", ".noinstr.text", ".ltext", ".ltext.*"}},
    {kOtherText, {".ref.text", ".head.text", ".spinlock.text", ".fixup", ".entry.text", ".exception.text", ".coldtext",
                  ".softirqentry.text", ".irqentry.text"}},
    {kInitText, {".init.text", ".meminit.text"}},
    {kExitText, {".exit.text"}},
    {kData, {".data", ".data.rel"}},
    {kInit, {".init.*"}},
    {kMemInit, {".meminit.*"}},
    {kExit, {".exit.*"}},
    {kInitData, {".init.setup", ".init.rodata", ".meminit.rodata", ".init.data", ".meminit.data"}},
    {kPciInit, {".pci_fixup_early", ".pci_fixup_header", ".pci_fixup_final", ".pci_fixup_enable", ".pci_fixup_resume",
                ".pci_fixup_resume_early", ".pci_fixup_suspend"}},
    {kKsymtab, {"___ksymtab*"}},
    {kExTable, {"__ex_table"}},
    {kAltInstr, {".altinstr_replacement"}},
    {kHead, {".head.text*"}},
};

enum class Kind { Reference, ExportInitExit, ExTable };

// Names of data symbols that may point into init/exit code (driver and
// ops structures that are used only during probe or registration).
const std::initializer_list<const char*> kDefaultSymbols = {"*driver", "*_template", "*_timer", "*_sht",
                                                            "*_ops",   "*_probe",    "*_probe_one", "*_console"};
const std::initializer_list<const char*> kDataToInitSymbols = {"*_template", "*_timer", "*_sht",    "*_ops",
                                                               "*_probe",    "*_probe_one", "*_console"};
const std::initializer_list<const char*> kNoSymbols = {};

struct Rule {
    std::uint32_t from;
    std::uint32_t bad_to;   // any of these is a mismatch
    std::uint32_t good_to;  // when non-zero: anything else is a mismatch
    Kind kind;
    const std::initializer_list<const char*>* symbol_white_list;
};

// In table order: the first rule whose from matches and whose to is bad wins.
const Rule kRules61[] = {
    {kText, kAllInit, 0, Kind::Reference, &kDefaultSymbols},
    {kData, kMemInit, 0, Kind::Reference, &kDefaultSymbols},
    {kData, kInit, 0, Kind::Reference, &kDataToInitSymbols},
    {kText, kAllExit, 0, Kind::Reference, &kDefaultSymbols},
    {kData, kAllExit, 0, Kind::Reference, &kDefaultSymbols},
    {kMemInit, kInit, 0, Kind::Reference, &kDefaultSymbols},
    {kAllInit, kAllExit, 0, Kind::Reference, &kNoSymbols},
    {kAllExit, kAllInit, 0, Kind::Reference, &kNoSymbols},
    {kPciInit, kInit, 0, Kind::Reference, &kNoSymbols},
    {kKsymtab, kInit | kExit, 0, Kind::ExportInitExit, &kNoSymbols},
    {kExTable, kAltInstr, kAllText, Kind::ExTable, &kNoSymbols},
};

bool glob(std::string_view s, const std::initializer_list<const char*>& patterns) {
    std::string str(s);
    for (const char* p : patterns)
        if (fnmatch(p, str.c_str(), 0) == 0) return true;
    return false;
}

// Section names repeat across thousands of modules: classify each once.
std::uint32_t groups_of(std::string_view name) {
    static std::unordered_map<std::string, std::uint32_t> cache;
    auto it = cache.find(std::string(name));
    if (it != cache.end()) return it->second;
    std::uint32_t g = 0;
    for (const GroupPatterns& gp : kGroups61)
        if (glob(name, gp.patterns)) g |= gp.group;
    cache.emplace(std::string(name), g);
    return g;
}

std::uint32_t any_rule_from() {
    std::uint32_t m = 0;
    for (const Rule& r : kRules61) m |= r.from;
    return m;
}

const Rule* find_rule(std::uint32_t from, std::uint32_t to) {
    for (const Rule& r : kRules61) {
        if (!(from & r.from)) continue;
        if (r.bad_to && (to & r.bad_to)) return &r;
        if (r.good_to && !(to & r.good_to)) return &r;
    }
    return nullptr;
}

bool is_arm_mapping_symbol(std::string_view n) {
    return n.size() >= 2 && n[0] == '$' && (n[1] == 'a' || n[1] == 'd' || n[1] == 't' || n[1] == 'x') &&
           (n.size() == 2 || n[2] == '.');
}

bool special_index(std::uint16_t raw) { return raw != SHN_XINDEX && raw >= SHN_LORESERVE; }

[[gnu::format(printf, 1, 2)]] std::string format(const char* fmt, ...) {
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    std::string out(n > 0 ? static_cast<std::size_t>(n) + 1 : 1, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size(), fmt, ap);
    va_end(ap);
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

}  // namespace

struct SectionMismatchChecker::Impl {
    Session& session;
    const ElfFile& elf;
    const std::vector<ElfSymbol>& elf_symbols;
    std::string file_name;
    std::vector<std::uint32_t> section_groups;
    struct Sym {
        std::string_view name;  // with modpost's ".NNN" suffix removed
        std::uint64_t value;
        std::size_t shndx;
        bool special;
        bool undefined;
        bool section_symbol;
        bool function;
        bool valid;  // a name worth printing
    };
    std::vector<Sym> symbols;

    void load_symbols() {
        if (!symbols.empty() || elf_symbols.empty()) return;
        symbols.reserve(elf_symbols.size());
        for (const ElfSymbol& s : elf_symbols) {
            std::string_view n = strip_numeric_suffix(s.name);
            symbols.push_back({n, s.value, s.shndx, special_index(s.raw_shndx), s.undefined(), s.type == STT_SECTION,
                               s.type == STT_FUNC, !n.empty() && !is_arm_mapping_symbol(n)});
        }
    }

    std::string_view section_name(std::size_t index) const { return elf.section_name(index); }

    // The symbol a reference names: its own symbol when that has a name,
    // else the named symbol of the same section nearest the address.
    // Upstream measures the distance in 32-bit signed arithmetic, whatever
    // the ELF class: a symbol 2^32 away counts as exact, and one 2^31 away
    // (whose distance overflows to negative) beats every other.
    const Sym* target_symbol(const Sym& rel_sym, const RelocTarget& target) const {
        if (!rel_sym.name.empty()) return &rel_sym;
        if (target.kind != RelocTarget::Kind::Address) return nullptr;
        const Sym* near = nullptr;
        std::int32_t distance = std::numeric_limits<std::int32_t>::max();
        for (const Sym& s : symbols) {
            if (s.shndx != rel_sym.shndx || s.section_symbol || !s.valid) continue;
            if (s.value == target.address) return &s;
            auto d = static_cast<std::int32_t>(static_cast<std::uint32_t>(s.value - target.address));
            if (d < 0) d = static_cast<std::int32_t>(static_cast<std::uint32_t>(target.address - s.value));
            if (d < distance) {
                distance = d;
                near = &s;
            }
        }
        return distance < 20 ? near : nullptr;
    }

    // The function or object a reference is made from: the named symbol at
    // or below the offset in a section of that name (ties: the later one).
    const Sym* source_symbol(std::uint64_t offset, std::string_view fromsec) const {
        const Sym* near = nullptr;
        std::uint64_t distance = std::numeric_limits<std::uint64_t>::max();
        for (const Sym& s : symbols) {
            if (s.special || section_name(s.shndx) != fromsec || !s.valid) continue;
            if (s.value <= offset && offset - s.value <= distance) {
                distance = offset - s.value;
                near = &s;
            }
        }
        return near;
    }

    // References that look wrong but are known to be fine.
    bool allowed(const Rule& rule, std::uint32_t from, std::string_view fromsym, std::string_view tosec, std::uint32_t to,
                 std::string_view tosym) const {
        // Module parameters point at init data and init-time setters.
        if ((to & kInitData) && (from & kData) && fromsym.starts_with("__param")) return true;
        if (tosec == ".init.text" && (from & kData) && fromsym.starts_with("__param_ops_")) return true;
        // Driver-like structures named by convention.
        if ((to & (kAllInit | kAllExit)) && (from & kData) && glob(fromsym, *rule.symbol_white_list)) return true;
        // Early boot code may call init code.
        if ((from & kHead) && (to & kAllInit)) return true;
        // Linker-script symbols that mark the init area.
        if (tosym == "__init_begin" || tosym == "_sinittext" || tosym == "_einittext") return true;
        // Compiler clones of init functions keep their caller's section.
        if ((from & kAllText) && (to & kAllInit) && glob(fromsym, {"*.constprop.*"})) return true;
        // Local labels.
        if (fromsym.starts_with(".L")) return true;
        return false;
    }

    // Whether any relocation of the section satisfies `pred` (by symbol
    // index), reading the entries in place; libelf has already converted
    // them to host order.
    template <typename Pred>
    bool any_interesting(const ElfSection& rel_section, Pred&& pred) const {
        Elf_Data* d = elf_getdata(rel_section.scn, nullptr);
        if (!d || !d->d_buf) return true;  // let relocations_in() report it
        bool rela = rel_section.hdr.sh_type == SHT_RELA;
        if (elf.is64()) {
            std::size_t ent = rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
            const char* p = static_cast<const char*>(d->d_buf);
            for (std::size_t off = 0; off + ent <= d->d_size; off += ent) {
                Elf64_Xword info;
                std::memcpy(&info, p + off + offsetof(Elf64_Rel, r_info), sizeof info);
                if (pred(elf.relocation_symbol(info))) return true;  // MIPS64 lays r_info out its own way
            }
        } else {
            std::size_t ent = rela ? sizeof(Elf32_Rela) : sizeof(Elf32_Rel);
            const char* p = static_cast<const char*>(d->d_buf);
            for (std::size_t off = 0; off + ent <= d->d_size; off += ent) {
                Elf32_Word info;
                std::memcpy(&info, p + off + offsetof(Elf32_Rel, r_info), sizeof info);
                if (pred(static_cast<std::size_t>(ELF32_R_SYM(info)))) return true;
            }
        }
        return false;
    }

    // 6.1 reports __ex_table entries through a handler of their own, with
    // the older message wording, no white list, and a verdict on the target
    // section after the warning.
    void report_extable(const ElfRelocation& r, std::string_view fromsec, const Sym* fromsym, const Sym* tosym,
                        std::string_view tosec, std::uint32_t to, bool executable) {
        ++session.section_mismatch_count;
        auto kind = [](const Sym* s) { return !s ? "(unknown reference)" : s->function ? "function" : "variable"; };
        auto name = [](const Sym* s) { return std::string(s ? s->name : "(unknown)"); };
        auto suffix = [](const Sym* s) { return s && s->function ? "()" : ""; };
        std::string fs(fromsec), ts(tosec);
        auto offset = static_cast<unsigned long>(r.offset);
        session.diag().warn("%s(%s+0x%lx): Section mismatch in reference from the %s %s%s to the %s %s:%s%s\n",
                            file_name.c_str(), fs.c_str(), offset, kind(fromsym), name(fromsym).c_str(),
                            suffix(fromsym), kind(tosym), ts.c_str(), name(tosym).c_str(), suffix(tosym));
        bool black_listed = (to & kAltInstr) != 0;
        if (!black_listed && executable) {
            // Upstream prints this advice bare, without a "WARNING:" prefix.
            std::string text = format(
                "The relocation at %s+0x%lx references\n"
                "section \"%s\" which is not in the list of\n"
                "authorized sections.  If you're adding a new section\n"
                "and/or if this reference is valid, add \"%s\" to the\n"
                "list of authorized sections to jump to on fault.\n"
                "This can be achieved by adding \"%s\" to \n"
                "OTHER_TEXT_SECTIONS in scripts/mod/modpost.c.\n",
                fs.c_str(), offset, ts.c_str(), ts.c_str(), ts.c_str());
            std::fwrite(text.data(), 1, text.size(), stderr);
        }
        if (black_listed)
            session.diag().fatal("The relocation at %s+0x%lx references\n"
                                 "section \"%s\" which is black-listed.\n"
                                 "Something is seriously wrong and should be fixed.\n"
                                 "You might get more information about where this is\n"
                                 "coming from by using scripts/check_extable.sh %s\n",
                                 fs.c_str(), offset, ts.c_str(), file_name.c_str());
        if (!executable)
            session.diag().error("%s+0x%lx references non-executable section '%s'\n", fs.c_str(), offset, ts.c_str());
    }

    void check(const ElfSection& rel_section) {
        const ElfSection* target = elf.section(rel_section.hdr.sh_info);
        std::string_view fromsec = target ? target->name : std::string_view{};
        if (is_unchecked_section(fromsec)) return;
        std::uint32_t from = groups_of(fromsec);
        if (!(from & any_rule_from())) return;
        if (section_groups.empty()) {
            section_groups.reserve(elf.sections().size());
            for (const ElfSection& s : elf.sections()) section_groups.push_back(groups_of(s.name));
        }
        load_symbols();
        // Nearly every relocation points somewhere harmless: test the
        // target's groups against what the rules for this source can flag
        // before decoding anything else.
        std::uint32_t flaggable = 0;
        bool has_good_list = false;
        for (const Rule& r : kRules61)
            if (from & r.from) flaggable |= r.bad_to, has_good_list = has_good_list || r.good_to;
        // Undefined and special (absolute, common) symbols are in no
        // section, so never in a mismatch.
        auto interesting = [&](std::size_t symbol) {
            if (symbol >= symbols.size() || symbols[symbol].special || symbols[symbol].undefined) return false;
            std::size_t shndx = symbols[symbol].shndx;
            std::uint32_t to = shndx < section_groups.size() ? section_groups[shndx] : 0;
            return has_good_list || (to & flaggable) != 0;
        };
        if (!has_good_list && !any_interesting(rel_section, interesting)) return;
        std::span<const char> patched;
        bool patched_read = false;
        for (const ElfRelocation& r : elf.relocations_in(rel_section)) {
            if (!interesting(r.symbol)) continue;
            const Sym& sym = symbols[r.symbol];
            std::uint32_t to = sym.shndx < section_groups.size() ? section_groups[sym.shndx] : 0;
            const Rule* rule = find_rule(from, to);
            if (!rule) continue;
            if (!r.rela && !patched_read && target) {
                patched = elf.section_bytes(*target);
                patched_read = true;
            }
            RelocTarget where = reloc_target(elf, patched, r, sym.value);
            if (where.kind == RelocTarget::Kind::Skip) continue;
            std::string_view tosec = section_name(sym.shndx);
            const Sym* tosym = target_symbol(sym, where);
            const Sym* fromsym = source_symbol(r.offset, fromsec);
            if (rule->kind == Kind::ExTable) {
                const ElfSection* to_section = elf.section(sym.shndx);
                bool executable = to_section && (to_section->hdr.sh_flags & SHF_EXECINSTR);
                report_extable(r, fromsec, fromsym, tosym, tosec, to, executable);
                continue;
            }
            std::string_view to_name = tosym ? tosym->name : "(unknown)";
            std::string_view from_name = fromsym ? fromsym->name : "(unknown)";
            if (allowed(*rule, from, from_name, tosec, to, to_name)) continue;
            ++session.section_mismatch_count;
            std::string f(from_name), t(to_name), fs(fromsec), ts(tosec);
            if (rule->kind == Kind::ExportInitExit)
                session.diag().warn("%s: EXPORT_SYMBOL used for init/exit symbol: %s (section: %s)\n", file_name.c_str(),
                                    t.c_str(), ts.c_str());
            else
                session.diag().warn("%s: section mismatch in reference: %s (section: %s) -> %s (section: %s)\n",
                                    file_name.c_str(), f.c_str(), fs.c_str(), t.c_str(), ts.c_str());
        }
    }
};

SectionMismatchChecker::SectionMismatchChecker(Session& session, const ElfFile& elf,
                                               const std::vector<ElfSymbol>& symbols, std::string file_name)
    : impl_(new Impl{session, elf, symbols, std::move(file_name), {}, {}}) {}

SectionMismatchChecker::~SectionMismatchChecker() { delete impl_; }

void SectionMismatchChecker::check_relocation_section(const ElfSection& rel_section) { impl_->check(rel_section); }

}  // namespace modlink::modpost
