// SPDX-License-Identifier: MIT
#include "modpost/object_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "modlink/elf.h"
#include "modlink/elf_reading_policy.h"
#include "modlink/error.h"
#include "modlink/export_markers.h"
#include "modlink/license.h"
#include "modlink/modinfo.h"
#include "modlink/module.h"
#include "modpost/cmd_crcs.h"
#include "modpost/device_table.h"
#include "modpost/import_checks.h"
#include "modpost/section_checks.h"
#include "modpost/srcversion.h"

namespace modlink::modpost {

namespace {

// How upstream reads an object: through pointers into its mapping of the
// file, whatever the headers promise (black-box, every era).
constexpr ElfReadingPolicy kReadingAsUpstream{
    // It steps through the section table by its own entry size.
    .section_entries_of_class_size = true,
    // It adds a name's offset to its table's address, unchecked.
    .names_read_past_their_table = true,
    // It keeps the last symbol table it meets.
    .last_of_several_symbol_tables = true,
    // It takes whatever section the link names as the strings.
    .symbol_strings_from_any_link = true,
    // It walks every relocation section whatever its link.
    .relocations_whatever_link = true,
    // It steps through a table by entry size while an entry starts inside.
    .partial_entries_read_on = true,
    // It knows nothing of SHF_COMPRESSED.
    .compressed_sections_as_stored = true,
};

// Closes the descriptor however reading ends.
struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

// Upstream maps the file and ignores anything shorter than an ELF header
// of its own class or without the ELF magic.
bool worth_reading(const unsigned char* head, std::size_t size) {
    return size >= sizeof(Elf64_Ehdr) && std::memcmp(head, ELFMAG, SELFMAG) == 0;
}

// An ELF field of LEN bytes at P, in the byte order the header H names.
std::uint64_t elf_field(const unsigned char* h, const unsigned char* p, std::size_t len) {
    bool big = h[EI_DATA] == ELFDATA2MSB;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < len; ++i) v = v << 8 | p[big ? i : len - 1 - i];
    return v;
}

// Upstream's own walk of the section header table, with its messages, made
// before libelf sees the file (ElfFile reports anything else). Upstream
// reads the table through a pointer into the mapped file and ignores
// e_shentsize; for each section after the null one it checks the offset against the
// file size, then (by the name it finds through the name table, unchecked)
// a NOBITS .modinfo, and after the walk it wants a symbol table (and a
// SYMTAB_SHNDX section, if any, that links to it). Entries
// past the end of the file read as the mapping's zero padding up to the end
// of its last page; past that upstream faults, and the walk stops (ElfFile's
// own error stands instead).
void check_section_table(Diagnostics& diag, int fd, const unsigned char* h, std::size_t size, const std::string& path) {
    bool is64 = h[EI_CLASS] == ELFCLASS64;
    auto field = [&](const unsigned char* p, std::size_t len) { return elf_field(h, p, len); };
    std::uint64_t shoff = is64 ? field(h + 0x28, 8) : field(h + 0x20, 4);
    std::uint64_t shnum = is64 ? field(h + 0x3c, 2) : field(h + 0x30, 2);
    std::uint64_t shstrndx = is64 ? field(h + 0x3e, 2) : field(h + 0x32, 2);
    if (shoff > size)
        diag.fatal("section header offset=%lu in file '%s' is bigger than filesize=%zu\n",
                   static_cast<unsigned long>(shoff), path.c_str(), size);
    const std::size_t want = is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    // The mapping upstream reads runs on to the end of the file's last page,
    // in zeros; past that it faults.
    const std::uint64_t mapped = (size + 4095) / 4096 * 4096;
    const std::uint64_t in_mapping = (mapped - shoff) / want;
    // Upstream first rewrites every entry in place (to host byte order):
    // past the mapping that is whatever memory follows, or a fault.
    auto outside = [&](std::uint64_t count) {
        diag.fatal("%s: section header table (offset %lu, %lu entries) lies outside the file of %zu bytes\n",
                   path.c_str(), static_cast<unsigned long>(shoff), static_cast<unsigned long>(count), size);
    };
    // The table in one read (a per-entry read costs a system call per
    // section, thousands of modules over); no more than the mapping holds.
    std::vector<unsigned char> table;
    auto read_entries = [&](std::uint64_t count) {
        count = std::min(count, in_mapping);
        table.assign(count * want, 0);
        std::size_t from_file = static_cast<std::size_t>(std::min<std::uint64_t>(table.size(), size - shoff));
        return pread(fd, table.data(), from_file, static_cast<off_t>(shoff)) == static_cast<ssize_t>(from_file);
    };
    // Entry 0 holds the counts that do not fit the header.
    if (shnum == 0 || shstrndx == SHN_XINDEX) {
        if (in_mapping == 0) outside(1);
        if (!read_entries(1)) return;
        // Upstream keeps the count in an unsigned int: a 64-bit sh_size is
        // cut to its low 32 bits (every era, black-box).
        if (shnum == 0)
            shnum = static_cast<std::uint32_t>(is64 ? field(table.data() + 0x20, 8) : field(table.data() + 0x14, 4));
        if (shstrndx == SHN_XINDEX) shstrndx = field(table.data() + (is64 ? 0x28 : 0x18), 4);
    }
    if (shnum > in_mapping) outside(shnum);
    if (!read_entries(shnum)) return;
    const std::uint64_t walked = table.size() / want;
    auto entry = [&](std::uint64_t i) { return table.data() + i * want; };
    auto offset_of = [&](const unsigned char* sh) { return is64 ? field(sh + 0x18, 8) : field(sh + 0x10, 4); };
    std::optional<std::uint64_t> names_at;
    if (shstrndx < walked) names_at = offset_of(entry(shstrndx));
    // A section's name as upstream finds it, when that lies in the file.
    auto name_is = [&](const unsigned char* sh, std::string_view want_name) {
        if (!names_at) return false;
        std::uint64_t at = *names_at + field(sh, 4);
        if (at < *names_at || at >= size) return false;
        char buf[16] = {};
        ssize_t got = pread(fd, buf, std::min<std::size_t>(sizeof buf - 1, size - at), static_cast<off_t>(at));
        return got > 0 && std::string_view(buf) == want_name;
    };
    // Section 0, the null entry, is not walked. The walk stops at the first
    // truncated section; a NOBITS .modinfo before it (read by name, so only
    // on this path) is reported first, as upstream meets it first. Without
    // a truncation the later checks of read_elf() see a NOBITS .modinfo.
    bool symtab = false;
    std::uint64_t stop = walked, symtab_index = 0, shndx_index = 0;  // the last of each, as upstream keeps
    for (std::uint64_t i = 1; i < walked; ++i) {
        const unsigned char* sh = entry(i);
        std::uint64_t type = field(sh + 4, 4);
        if (type != SHT_NOBITS && offset_of(sh) > size) {
            stop = i;
            break;
        }
        if (type == SHT_SYMTAB) symtab = true, symtab_index = i;
        if (type == SHT_SYMTAB_SHNDX) shndx_index = i;
    }
    bool failing = stop < walked || (walked == shnum && !symtab);
    if (!failing) {
        // The extended section indexes must belong to the symbol table.
        if (shndx_index != 0 && walked == shnum) {
            auto link = static_cast<unsigned>(field(entry(shndx_index) + (is64 ? 0x28 : 0x18), 4));
            if (link != symtab_index)
                diag.fatal("%s: SYMTAB_SHNDX has bad sh_link: %u!=%u\n", path.c_str(), link,
                           static_cast<unsigned>(symtab_index));
        }
        return;
    }
    for (std::uint64_t i = 1; i < stop; ++i)
        if (field(entry(i) + 4, 4) == SHT_NOBITS && name_is(entry(i), ".modinfo"))
            diag.fatal("%s has NOBITS .modinfo\n", path.c_str());
    if (stop < walked)
        diag.fatal("%s is truncated. sechdrs[i].sh_offset=%lu > sizeof(*hrd)=%zu\n", path.c_str(),
                   static_cast<unsigned long>(offset_of(entry(stop))), is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr));
    diag.fatal("%s has no symtab?\n", path.c_str());
}

// With e_shnum 0 the section count is section 0's sh_size, which upstream
// keeps in an unsigned int and libelf reads whole. When the two differ, the
// file is read into memory (its real size) with the count cut as upstream
// cuts it, so that libelf sees the sections upstream sees.
std::optional<std::string> with_count_cut_to_32_bits(int fd, const unsigned char* h, std::size_t size) {
    if (h[EI_CLASS] != ELFCLASS64 || elf_field(h, h + offsetof(Elf64_Ehdr, e_shnum), 2) != 0) return std::nullopt;
    std::uint64_t shoff = elf_field(h, h + offsetof(Elf64_Ehdr, e_shoff), 8);
    if (shoff > size || size - shoff < sizeof(Elf64_Shdr)) return std::nullopt;
    unsigned char count[8];
    const off_t at = static_cast<off_t>(shoff + offsetof(Elf64_Shdr, sh_size));
    if (pread(fd, count, sizeof count, at) != static_cast<ssize_t>(sizeof count)) return std::nullopt;
    std::uint64_t claimed = elf_field(h, count, 8);
    if (claimed >> 32 == 0) return std::nullopt;
    std::string copy(size, '\0');
    if (pread(fd, copy.data(), size, 0) != static_cast<ssize_t>(size)) return std::nullopt;
    const bool big = h[EI_DATA] == ELFDATA2MSB;
    for (std::size_t i = 0; i < 8; ++i) {
        std::uint64_t cut = claimed & 0xffffffffu;
        copy[static_cast<std::size_t>(at) + i] = static_cast<char>(cut >> 8 * (big ? 7 - i : i));
    }
    return copy;
}

void read_license_and_namespaces(Session& session, ModpostModule& mod, const Modinfo& info, const std::string& path) {
    bool any = false;
    for (const auto& [key, value] : info.entries) {
        if (key == "license") {
            any = true;
            if (!license_is_gpl_compatible(value)) mod.gpl_compatible = false;
        }
    }
    const ModuleWords& words = *session.era().words;
    if (!any) session.diag().error("%s", words.missing_license(mod.ref(path)).c_str());
    for (const auto& [key, value] : info.entries) {
        if (key != "import_ns") continue;
        // 6.16: a module: namespace names its users; nobody imports it.
        if (session.era().module_namespaces && std::string_view(value).starts_with(kModuleNamespacePrefix))
            session.diag().error("%s", words.explicit_module_namespace(mod.ref(), value).c_str());
        mod.imported_namespaces.emplace_back(value);
    }
    DescriptionWarning when = session.era().messages.description_warning;
    bool warn = when == DescriptionWarning::Always || (when == DescriptionWarning::WithW && session.options().extra_warn);
    if (warn && !info.first("description"))
        session.diag().warn("%s", words.missing_description(mod.ref(path)).c_str());
}

void walk_symbols(Session& session, ModpostModule& mod, const ElfFile& elf, const std::vector<ElfSymbol>& symbols) {
    std::uint16_t machine = elf.machine();
    bool ksymtab_exports = session.era().export_markers == ExportMarkers::KsymtabSections;
    for (const ElfSymbol& sym : symbols) {
        std::string_view name = strip_numeric_suffix(sym.name);
        if (sym.raw_shndx == SHN_COMMON) {
            if (!name.starts_with("__gnu_lto_"))
                session.diag().warn("%s", session.era().words->common_symbol(mod.ref(), name).c_str());
        } else if (sym.raw_shndx == SHN_UNDEF) {
            bool section_bound = session.era().section_bounds_not_imports &&
                                 (name.starts_with("__start_") || name.starts_with("__stop_"));
            if ((sym.bind == STB_GLOBAL || sym.bind == STB_WEAK) && !is_ignored_import(name, machine) && !section_bound) {
                ImportedSymbol& imp = mod.imports.emplace_back();
                imp.name = std::string(name);
                imp.weak = sym.bind == STB_WEAK;
            }
        } else {
            // 6.1 takes the per-export sections of an object; the merged
            // tables of a final .ko are invisible to it.
            if (ksymtab_exports) {
                std::optional<ExportMarker> m = classify_export_marker(elf, sym, name);
                if (m && m->kind == ExportMarkerKind::Ksymtab && !m->merged)
                    session.add_export(mod, m->exported, m->gpl_section);
            }
            if (name == "init_module") mod.has_init = true;
            if (name == "cleanup_module") mod.has_cleanup = true;
        }
        handle_device_table(session, mod, elf, sym, name);
    }
}

// The namespace strings are read in a second pass, once every export of
// the object is known; they update whichever export of that name is found.
// 6.1 reads every __kstrtabns_ symbol, defined or not, through its pointer
// arithmetic: the string at the file offset of its section (section 0 for an
// undefined one) plus its value. Special section indexes and indexes past
// the table send upstream outside its section table; those are skipped.
void read_namespaces(Session& session, const ElfFile& elf, const std::vector<ElfSymbol>& symbols) {
    constexpr std::string_view kNamespace = "__kstrtabns_";
    for (const ElfSymbol& sym : symbols) {
        std::string_view name = strip_numeric_suffix(sym.name);
        if (!name.starts_with(kNamespace)) continue;
        // Upstream reads raw indexes: an SHN_XINDEX symbol is not looked at.
        if (sym.raw_shndx >= SHN_LORESERVE) continue;
        const ElfSection* sec = elf.section(sym.shndx);
        if (!sec) continue;
        auto ns = elf.file_cstr(sec->hdr.sh_offset + elf.value_to_offset(*sec, sym.value));
        if (!ns) continue;
        std::string_view exported = name.substr(kNamespace.size());
        ExportedSymbol* s = session.find_export(exported);
        if (!s) {
            session.diag().error("Could not update namespace(%s) for symbol %s\n", std::string(*ns).c_str(),
                                 std::string(exported).c_str());
            continue;
        }
        s->ns = std::string(*ns);
    }
}

void read_elf(Session& session, const std::string& path, std::string modname, const ElfFile& elf) {
    const ElfSection* modinfo_sec = elf.find_section(".modinfo");
    if (modinfo_sec && modinfo_sec->hdr.sh_type == SHT_NOBITS) session.diag().fatal("%s has NOBITS .modinfo\n", path.c_str());
    if (!elf.has_symtab()) session.diag().fatal("%s has no symtab?\n", path.c_str());

    ModpostModule& mod = session.new_module(std::move(modname));
    mod.target64 = elf.is64();
    if (session.era().no_trim_symbol_section)
        if (const ElfSection* keep = elf.find_section(".no_trim_symbol"); keep && keep->hdr.sh_type != SHT_NOBITS) {
            std::span<const char> bytes = elf.section_bytes(*keep);
            std::string_view all(bytes.data(), bytes.size());
            while (!all.empty()) {
                std::size_t end = all.find('\0');
                std::string_view name = all.substr(0, end);
                if (!name.empty()) session.no_trim_symbols.emplace_back(name);
                if (end == std::string_view::npos) break;
                all.remove_prefix(end + 1);
            }
        }
    Modinfo info;
    if (modinfo_sec) info = parse_modinfo(elf.section_bytes(*modinfo_sec));
    if (!mod.is_vmlinux) read_license_and_namespaces(session, mod, info, path);

    // The symbol table is decoded once and shared by every pass.
    std::vector<ElfSymbol> symbols;
    symbols.reserve(elf.symbol_count());
    for (std::size_t i = 0; i < elf.symbol_count(); ++i) symbols.push_back(elf.symbol(i));
    walk_symbols(session, mod, elf, symbols);
    if (session.era().export_markers == ExportMarkers::KsymtabSections) read_namespaces(session, elf, symbols);
    check_sections(session, mod, elf, symbols, path);

    if (!mod.is_vmlinux && (info.first("version") || session.options().all_srcversion))
        mod.srcversion = compute_srcversion(session, mod);
    if (session.options().modversions) {
        // Every module is checked against struct module's layout.
        ImportedSymbol& layout = mod.imports.emplace_back();
        layout.name = "module_layout";
        read_module_crcs(session, mod);
    }
}

}  // namespace

void read_object(Session& session, const std::string& path) {
    Diagnostics& diag = session.diag();
    if (!path.ends_with(".o")) {
        diag.error("%s: filename must be suffixed with .o\n", path.c_str());
        return;
    }
    FdCloser file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    struct stat st {};
    if (file.fd < 0 || fstat(file.fd, &st) != 0) {
        int err = errno;
        if (session.options().ignore_missing_files) {
            std::fprintf(stderr, "%s: %s (ignored)\n", path.c_str(), std::strerror(err));
            return;
        }
        diag.perror_exit(path, err);
    }
    std::size_t size = static_cast<std::size_t>(st.st_size);
    if (!S_ISREG(st.st_mode) || size < sizeof(Elf64_Ehdr)) return;
    unsigned char head[sizeof(Elf64_Ehdr)];
    if (pread(file.fd, head, sizeof head, 0) != static_cast<ssize_t>(sizeof head) || !worth_reading(head, size)) return;

    // Every era looks at the type before anything else in the header
    // (black-box: an ET_EXEC with its section table past the end of the
    // file, or without a symbol table, is "not relocatable").
    if (elf_field(head, head + offsetof(Elf64_Ehdr, e_type), 2) != ET_REL)
        diag.fatal("%s: not relocatable object.", path.c_str());
    check_section_table(diag, file.fd, head, size, path);
    std::string patched;  // a copy for libelf, when upstream's count differs from libelf's; outlives elf
    std::optional<ElfFile> elf;
    try {
        if (std::optional<std::string> copy = with_count_cut_to_32_bits(file.fd, head, size)) {
            patched = std::move(*copy);
            elf.emplace(path, patched.data(), patched.size(), kReadingAsUpstream);
        } else {
            // Sections are read on demand with pread: only what the checks need.
            elf.emplace(path, file.fd, size, kReadingAsUpstream);
        }
        read_elf(session, path, path.substr(0, path.size() - 2), *elf);
    } catch (const modlink::Error& e) {
        // A malformed object: upstream may crash here; we stop cleanly.
        diag.fatal("%s\n", e.describe().c_str());
    }
}

}  // namespace modlink::modpost
