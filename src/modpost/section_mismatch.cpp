// SPDX-License-Identifier: MIT
#include "modpost/section_mismatch.h"

#include <fnmatch.h>

#include <algorithm>
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
#include "modpost/reloc_target.h"
#include "modpost/section_rules.h"

namespace modlink::modpost {

namespace {

bool glob(std::string_view s, const Patterns& patterns) {
    std::string str(s);
    for (const char* p : patterns)
        if (fnmatch(p, str.c_str(), 0) == 0) return true;
    return false;
}

// Section names repeat across thousands of modules: classify each once
// (per rule table; a run uses one).
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

std::uint32_t groups_of(const SectionRules& rules, std::string_view name) {
    static std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> cache;
    static const SectionRules* cached_for = nullptr;
    if (cached_for != &rules) cache.clear(), cached_for = &rules;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    std::uint32_t g = 0;
    for (const SectionGroupPatterns& gp : rules.groups)
        if (glob(name, gp.patterns)) g |= gp.group;
    cache.emplace(std::string(name), g);
    return g;
}

std::uint32_t any_rule_from(const SectionRules& rules) {
    std::uint32_t m = 0;
    for (const MismatchRule& r : rules.rules) m |= r.from;
    return m;
}

const MismatchRule* find_rule(const SectionRules& rules, std::uint32_t from, std::uint32_t to) {
    for (const MismatchRule& r : rules.rules) {
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
    const ModpostModule& mod;
    const ElfFile& elf;
    const std::vector<ElfSymbol>& elf_symbols;
    std::string file_name;  // what the messages name: the object (6.1) or the module (6.12)
    const SectionRules& rules;
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
    // SortedBySectionIndex: the named symbols of each section by address (built on
    // first use); among symbols at one address the later one is found.
    struct Named {
        std::uint64_t value;
        std::size_t index;
    };
    std::unordered_map<std::size_t, std::vector<Named>> by_section;

    bool symsearch() const { return rules.symbol_search == MismatchSymbolSearch::SortedBySectionIndex; }


    void load_symbols() {
        if (!symbols.empty() || elf_symbols.empty()) return;
        symbols.reserve(elf_symbols.size());
        for (const ElfSymbol& s : elf_symbols) {
            std::string_view n = strip_numeric_suffix(s.name);
            bool valid = symsearch() ? is_symsearch_name(n) : !n.empty() && !is_arm_mapping_symbol(n);
            symbols.push_back({n, s.value, s.shndx, special_index(s.raw_shndx), s.undefined(), s.type == STT_SECTION,
                               s.type == STT_FUNC, valid});
        }
    }

    const std::vector<Named>& named_in(std::size_t shndx) {
        auto [it, fresh] = by_section.try_emplace(shndx);
        if (fresh) {
            // A Thumb function's value has bit 0 set; the search uses its address.
            bool arm = elf.machine() == EM_ARM;
            for (std::size_t i = 0; i < symbols.size(); ++i) {
                const Sym& s = symbols[i];
                if (s.shndx != shndx || s.special || s.undefined || !s.valid) continue;
                it->second.push_back({arm && s.function ? s.value & ~std::uint64_t{1} : s.value, i});
            }
            std::stable_sort(it->second.begin(), it->second.end(),
                             [](const Named& x, const Named& y) { return x.value < y.value; });
        }
        return it->second;
    }

    std::string_view section_name(std::size_t index) const { return elf.section_name(index); }

    // LinearBySectionName: the symbol a reference names: its own symbol when that has a
    // name, else the named symbol of the same section nearest the address.
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

    // LinearBySectionName: the function or object a reference is made from: the named
    // symbol at or below the offset in a section of that name (ties: the
    // later one).
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

    // SortedBySectionIndex: the named symbol at or below `offset` in section `shndx`.
    const Sym* nearest_at_or_below(std::size_t shndx, std::uint64_t offset) {
        const std::vector<Named>& v = named_in(shndx);
        auto after = std::upper_bound(v.begin(), v.end(), offset,
                                      [](std::uint64_t off, const Named& n) { return off < n.value; });
        return after == v.begin() ? nullptr : &symbols[std::prev(after)->index];
    }

    // SortedBySectionIndex: the reference's own symbol when it has a name, else the named
    // symbol of its section within 20 bytes of the address (below wins a
    // tie), else none.
    const Sym* symsearch_target(const Sym& rel_sym, const RelocTarget& target) {
        if (rel_sym.valid) return &rel_sym;
        if (target.kind != RelocTarget::Kind::Address) return nullptr;
        const std::vector<Named>& v = named_in(rel_sym.shndx);
        auto after = std::upper_bound(v.begin(), v.end(), target.address,
                                      [](std::uint64_t off, const Named& n) { return off < n.value; });
        std::uint64_t none = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t db = after == v.begin() ? none : target.address - std::prev(after)->value;
        std::uint64_t da = after == v.end() ? none : after->value - target.address;
        if (db <= 20 && db <= da) return &symbols[std::prev(after)->index];
        if (da <= 20) return &symbols[after->index];
        return nullptr;
    }

    // References that look wrong but are known to be fine.
    bool allowed(const MismatchRule& rule, std::uint32_t from, std::string_view fromsym, std::string_view tosec,
                 std::uint32_t to, std::string_view tosym) const {
        constexpr std::uint32_t kAnyInit = kInit | kMemInit;
        // Module parameters point at init data and init-time setters.
        if ((to & kInitData) && (from & kData) && fromsym.starts_with("__param")) return true;
        if (tosec == ".init.text" && (from & kData) && fromsym.starts_with("__param_ops_")) return true;
        // Driver-like structures named by convention.
        if ((to & (kAnyInit | kExit)) && (from & kData) && glob(fromsym, *rule.symbol_white_list)) return true;
        // Early boot code may call init code.
        if ((from & kHead) && (to & kAnyInit)) return true;
        // Linker-script symbols that mark the init area.
        if (tosym == "__init_begin" || tosym == "_sinittext" || tosym == "_einittext") return true;
        // Compiler clones of init functions keep their caller's section.
        if ((from & kAllText) && (to & kAnyInit) && glob(fromsym, {"*.constprop.*"})) return true;
        // Local labels (a linear search finds them as names).
        if (!symsearch() && fromsym.starts_with(".L")) return true;
        return false;
    }

    // Whether any relocation of the section satisfies `pred` (by symbol
    // index); true when the entries cannot be read raw, so that
    // relocations_in() reports why.
    template <typename Pred>
    bool any_interesting(const ElfSection& rel_section, Pred&& pred) const {
        return elf.any_relocation_symbol(rel_section, pred).value_or(true);
    }

    // ExTableReport::OwnHandler: __ex_table entries get a handler of their
    // own, with the older message wording, no white list, and a verdict on
    // the target section after the warning.
    void report_extable_own_handler(const ElfRelocation& r, std::string_view fromsec, const Sym* fromsym, const Sym* tosym,
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
        if (black_listed) fatal_black_listed(fs, offset, ts);
        if (!executable)
            session.diag().error("%s+0x%lx references non-executable section '%s'\n", fs.c_str(), offset, ts.c_str());
    }

    [[noreturn]] void fatal_black_listed(const std::string& fs, unsigned long offset, const std::string& ts) {
        session.diag().fatal("The relocation at %s+0x%lx references\n"
                             "section \"%s\" which is black-listed.\n"
                             "Something is seriously wrong and should be fixed.\n"
                             "You might get more information about where this is\n"
                             "coming from by using scripts/check_extable.sh %s\n",
                             fs.c_str(), offset, ts.c_str(), file_name.c_str());
    }

    // ExTableReport::CommonWarningThenVerdict: after the common warning, an
    // __ex_table entry gets a verdict on the section it points to.
    void extable_verdict(const ElfRelocation& r, std::string_view fromsec, std::string_view tosec, std::uint32_t to,
                            bool executable) {
        std::string fs(fromsec), ts(tosec);
        auto offset = static_cast<unsigned long>(r.offset);
        if (to & kAltInstr) fatal_black_listed(fs, offset, ts);
        if (executable)
            session.diag().warn(
                "The relocation at %s+0x%lx references\n"
                "section \"%s\" which is not in the list of\n"
                "authorized sections.  If you're adding a new section\n"
                "and/or if this reference is valid, add \"%s\" to the\n"
                "list of authorized sections to jump to on fault.\n"
                "This can be achieved by adding \"%s\" to\n"
                "OTHER_TEXT_SECTIONS in scripts/mod/modpost.c.\n",
                fs.c_str(), offset, ts.c_str(), ts.c_str(), ts.c_str());
        else
            session.diag().error("%s+0x%lx references non-executable section '%s'\n", fs.c_str(), offset, ts.c_str());
    }

    void check(const ElfSection& rel_section) {
        const ElfSection* target = elf.section(rel_section.hdr.sh_info);
        std::string_view fromsec = target ? target->name : std::string_view{};
        if (glob(fromsec, rules.unchecked_sections)) return;
        std::uint32_t from = groups_of(rules, fromsec);
        // Upstream reads the symbol of every relocation it walks, past the
        // table too: within the file it reads other bytes as a symbol; past
        // the file, whatever memory follows, or it faults. That is one clear
        // error here (relocations_in() makes it).
        auto past_file = [&](std::size_t symbol) {
            return symbol >= elf.symbol_count() && !elf.symbol_in_file(symbol);
        };
        if (!(from & any_rule_from(rules))) {
            // No rule starts here, but upstream still walks the relocations
            // (in every era).
            if (any_interesting(rel_section, past_file)) (void)elf.relocations_in(rel_section);
            return;
        }
        if (section_groups.empty()) {
            section_groups.reserve(elf.sections().size());
            for (const ElfSection& s : elf.sections()) section_groups.push_back(groups_of(rules, s.name));
        }
        load_symbols();
        // Nearly every relocation points somewhere harmless: test the
        // target's groups against what the rules for this source can flag
        // before decoding anything else.
        std::uint32_t flaggable = 0;
        bool has_good_list = false;
        for (const MismatchRule& r : rules.rules)
            if (from & r.from) flaggable |= r.bad_to, has_good_list = has_good_list || r.good_to;
        // Undefined and special (absolute, common) symbols are in no
        // section, so never in a mismatch.
        auto interesting = [&](std::size_t symbol) {
            if (symbol >= symbols.size()) return past_file(symbol);
            if (symbols[symbol].special || symbols[symbol].undefined) return false;
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
            const MismatchRule* rule = find_rule(rules, from, to);
            if (!rule) continue;
            if (!r.rela && !patched_read && target) {
                patched = elf.section_bytes(*target);
                patched_read = true;
            }
            RelocTarget where = reloc_target(elf, patched, r, sym.value, rules.reloc_address);
            if (where.kind == RelocTarget::Kind::Skip) continue;
            std::string_view tosec = section_name(sym.shndx);
            const ElfSection* to_section = elf.section(sym.shndx);
            bool executable = to_section && (to_section->hdr.sh_flags & SHF_EXECINSTR);
            report(r, *rule, from, fromsec, sym, where, tosec, to, executable, target);
        }
    }

    // The symbols a mismatch names, found as the era searches, and the
    // names it prints for them.
    struct MismatchSymbols {
        const Sym* from = nullptr;
        const Sym* to = nullptr;
        std::string from_name;
        std::string to_name;
    };
    MismatchSymbols find_symbols(const ElfRelocation& r, std::string_view fromsec, const Sym& sym, const RelocTarget& where,
                        const ElfSection* from_section) {
        MismatchSymbols n;
        if (!symsearch()) {
            n.to = target_symbol(sym, where);
            n.from = source_symbol(r.offset, fromsec);
            n.from_name = n.from ? n.from->name : "(unknown)";
            n.to_name = n.to ? n.to->name : "(unknown)";
            return n;
        }
        n.from = from_section ? nearest_at_or_below(from_section->index, r.offset) : nullptr;
        n.to = symsearch_target(sym, where);
        n.from_name = n.from ? n.from->name : std::string_view{};
        // With no symbol near, the reference's own symbol, however it is
        // named; a nameless one (a section symbol) prints as its address.
        std::string_view to = n.to ? n.to->name : sym.name;
        n.to_name = !to.empty() ? std::string(to) : format("0x%x", static_cast<unsigned>(where.address));
        return n;
    }

    void report(const ElfRelocation& r, const MismatchRule& rule, std::uint32_t from, std::string_view fromsec,
                const Sym& sym, const RelocTarget& where, std::string_view tosec, std::uint32_t to, bool executable,
                const ElfSection* from_section) {
        MismatchSymbols n = find_symbols(r, fromsec, sym, where, from_section);
        bool extable = rule.kind == MismatchKind::ExTable;
        if (extable && rules.extable_report == ExTableReport::OwnHandler) {
            report_extable_own_handler(r, fromsec, n.from, n.to, tosec, to, executable);
            return;
        }
        // The white list sees the target symbol found, not what is printed
        // when none is (a symbol search has no "(unknown)").
        std::string_view to_found = n.to ? n.to->name : symsearch() ? std::string_view{} : "(unknown)";
        if (allowed(rule, from, n.from_name, tosec, to, to_found)) return;
        ++session.section_mismatch_count;
        std::string fs(fromsec), ts(tosec);
        if (rule.kind == MismatchKind::ExportInitExit)
            session.diag().warn("%s: EXPORT_SYMBOL used for init/exit symbol: %s (section: %s)\n", file_name.c_str(),
                                n.to_name.c_str(), ts.c_str());
        else if (rules.wording == MismatchWording::SymbolsOnly)
            session.diag().warn("%s: section mismatch in reference: %s (section: %s) -> %s (section: %s)\n",
                                file_name.c_str(), n.from_name.c_str(), fs.c_str(), n.to_name.c_str(), ts.c_str());
        else {
            auto offset = static_cast<std::uint32_t>(n.from ? r.offset - n.from->value : r.offset);
            session.diag().warn("%s", session.era()
                                          .words
                                          ->section_mismatch(mod.ref({}, file_name), n.from_name, n.from != nullptr,
                                                             offset, fs, n.to_name, ts)
                                          .c_str());
        }
        if (extable) extable_verdict(r, fromsec, tosec, to, executable);
    }
};

SectionMismatchChecker::SectionMismatchChecker(Session& session, const ModpostModule& mod, const ElfFile& elf,
                                               const std::vector<ElfSymbol>& symbols, std::string file_name)
    : impl_(new Impl{session, mod, elf, symbols, std::move(file_name), *session.era().section_rules, {}, {}, {}}) {}

SectionMismatchChecker::~SectionMismatchChecker() { delete impl_; }

void SectionMismatchChecker::check_relocation_section(const ElfSection& rel_section) { impl_->check(rel_section); }

}  // namespace modlink::modpost
