// SPDX-License-Identifier: MIT
#include "modlink/module.h"

#include <algorithm>
#include <unordered_map>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/export_markers.h"
#include "modlink/input_file.h"

namespace modlink {

namespace {

// struct modversion_info: an unsigned long CRC and a name filling 64 bytes.
constexpr std::size_t kModversionEntrySize = 64;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// A __ksymtab_<sym> label of the module, in symbol-table order.
struct KsymtabLabel {
    std::string name;
    bool gpl_section;
    bool merged;
    std::size_t shndx;
    std::uint64_t value;
};

void read_versions(const ElfFile& elf, Module& m) {
    if (const ElfSection* s = elf.find_section("__versions")) {
        m.has_versions = true;
        auto bytes = elf.section_bytes(*s);
        if (bytes.size() % kModversionEntrySize != 0)
            throw Error(m.path, "__versions section size " + std::to_string(bytes.size()) +
                                    " is not a multiple of 64");
        std::size_t word = elf.pointer_size();
        for (std::size_t off = 0; off < bytes.size(); off += kModversionEntrySize) {
            auto crc = elf.read_word(bytes, off);
            auto entry = bytes.subspan(off + word, kModversionEntrySize - word);
            auto name = ElfFile::read_cstr(entry, 0);
            if (!crc || !name) throw Error(m.path, "__versions entry at offset " + std::to_string(off) +
                                                       " has no terminated name");
            m.versions.push_back({*name, static_cast<std::uint32_t>(*crc)});
        }
    }
    const ElfSection* crcs = elf.find_section("__version_ext_crcs");
    const ElfSection* names = elf.find_section("__version_ext_names");
    if (!crcs && !names) return;
    if (!crcs || !names)
        throw Error(m.path, "extended version crc+name presence does not match");
    m.has_ext_versions = true;
    auto cb = elf.section_bytes(*crcs);
    auto nb = elf.section_bytes(*names);
    std::size_t noff = 0;
    for (std::size_t off = 0; off + 4 <= cb.size(); off += 4) {
        auto name = ElfFile::read_cstr(nb, noff);
        if (!name) throw Error(m.path, "more extended version crcs than names");
        m.ext_versions.push_back({*name, *elf.read_u32(cb, off)});
        noff += name->size() + 1;
    }
}

void read_modinfo(const ElfFile& elf, Module& m) {
    const ElfSection* s = elf.find_section(".modinfo");
    if (!s) return;
    if (s->hdr.sh_type == SHT_NOBITS) throw Error(m.path, "has NOBITS .modinfo");
    m.modinfo = parse_modinfo(elf.section_bytes(*s));
    m.licenses = m.modinfo.all("license");
    m.import_ns = m.modinfo.all("import_ns");
    if (auto v = m.modinfo.first("vermagic")) m.vermagic = *v;
    if (auto n = m.modinfo.first("name"); n && !n->empty()) {
        m.name = *n;
        std::replace(m.name.begin(), m.name.end(), '-', '_');
    }
}

// A 6.5+ .export_symbol record: the license and namespace strings.
void add_export_record(const ElfFile& elf, const ElfSymbol& label, std::string_view name, Module& m) {
    std::optional<ExportRecord> record = read_export_record(elf, label);
    if (!record) throw Error(m.path, ".export_symbol record for '" + std::string(name) + "' is truncated");
    Export e;
    e.name = std::string(name);
    if (record->license == "GPL") e.gpl_only = true;
    else if (!record->license.empty())
        throw Error(m.path, "unknown license '" + std::string(record->license) + "' was specified for '" +
                                std::string(name) + "'");
    e.ns = std::string(record->ns);
    m.exports.push_back(std::move(e));
}

}  // namespace

const char* export_format_name(ExportFormat f) {
    switch (f) {
        case ExportFormat::None: return "none";
        case ExportFormat::KsymtabObject: return "ksymtab-object";
        case ExportFormat::KsymtabFinal: return "ksymtab";
        case ExportFormat::ExportSymbol: return "export_symbol";
        case ExportFormat::Kflagstab: return "kflagstab";
    }
    return "none";
}

std::string_view strip_numeric_suffix(std::string_view name) {
    std::size_t dot = name.find('.');
    if (dot == std::string_view::npos || dot == 0) return name;
    std::size_t i = dot + 1;
    std::size_t digits = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9') ++i, ++digits;
    if (digits > 0 && (i == name.size() || name[i] == '.')) return name.substr(0, dot);
    return name;
}

bool is_ignored_import(std::string_view name, std::uint16_t machine) {
    if (name == "__this_module" || name == "_GLOBAL_OFFSET_TABLE_") return true;
    auto any_prefix = [&](std::initializer_list<std::string_view> ps) {
        for (std::string_view p : ps)
            if (starts_with(name, p)) return true;
        return false;
    };
    // Out-of-line register save/restore helpers the linker provides.
    if (machine == EM_PPC)
        return any_prefix({"_restgpr_", "_savegpr_", "_rest32gpr_", "_save32gpr_", "_restvr_", "_savevr_"});
    if (machine == EM_PPC64)
        return name == ".TOC." || any_prefix({"_restgpr0_", "_savegpr0_", "_restgpr1_", "_savegpr1_",
                                              "_restfpr_", "_savefpr_", "_restvr_", "_savevr_"});
    // 6.1's list: expoline thunks are generated into each module.
    if (machine == EM_S390) return starts_with(name, "__s390_indirect_jump_r");
    return false;
}

std::string_view strip_module_suffix(std::string_view path) {
    for (std::string_view ext : {".ko.zst", ".ko.xz", ".ko.gz", ".ko", ".o"})
        if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext)
            return path.substr(0, path.size() - ext.size());
    return path;
}

std::string module_name_from_path(std::string_view path) {
    std::size_t slash = path.rfind('/');
    std::string name(strip_module_suffix(slash == std::string_view::npos ? path : path.substr(slash + 1)));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

void Module::own_strings() {
    // __versions names nearly always repeat an import's name: store each
    // such name once.
    std::unordered_map<std::string_view, std::string_view*> import_names;
    import_names.reserve(imports.size());
    for (Import& i : imports) import_names.emplace(i.name, &i.name);
    auto duplicate = [&](std::string_view v) { return import_names.count(v) != 0; };

    std::size_t total = 0;
    for (auto& [k, v] : modinfo.entries) total += k.size() + v.size();
    for (Import& i : imports) total += i.name.size();
    for (auto* list : {&versions, &ext_versions})
        for (SymbolVersion& v : *list)
            if (!duplicate(v.name)) total += v.name.size();

    std::shared_ptr<char[]> fresh(new char[total ? total : 1]);
    char* out = fresh.get();
    auto copy = [&](std::string_view& v) {
        std::copy(v.begin(), v.end(), out);
        v = std::string_view(out, v.size());
        out += v.size();
    };
    for (auto& [k, v] : modinfo.entries) copy(k), copy(v);
    // Versions first, while the import views still point at the old text.
    for (auto* list : {&versions, &ext_versions})
        for (SymbolVersion& v : *list)
            if (!duplicate(v.name)) copy(v.name);
    std::vector<std::pair<std::string_view*, std::string_view>> pending;
    for (auto* list : {&versions, &ext_versions})
        for (SymbolVersion& v : *list)
            if (auto it = import_names.find(v.name); it != import_names.end()) pending.emplace_back(&v.name, v.name);
    for (Import& i : imports) copy(i.name);
    for (auto& [target, old_name] : pending) *target = *import_names.find(old_name)->second;
    storage_ = std::move(fresh);
}

const SymbolVersion* Module::version_of(std::string_view symbol) const {
    for (const SymbolVersion& v : ext_versions)
        if (v.name == symbol) return &v;
    for (const SymbolVersion& v : versions)
        if (v.name == symbol) return &v;
    return nullptr;
}

namespace {

// One walk over the symbol table: imports, init/cleanup, and exports of
// every era with their namespaces and CRCs.
void scan_symbols(const ElfFile& elf, Module& m) {
    const std::string& path = m.path;
    const ElfSection* kflagstab = elf.find_section("__kflagstab");

    std::vector<KsymtabLabel> ksymtab;
    std::unordered_map<std::string_view, std::string_view> namespaces;
    std::unordered_map<std::string_view, std::uint32_t> crcs;

    for (std::size_t i = 1; i < elf.symbol_count(); ++i) {
        ElfSymbol sym = elf.symbol(i);
        if (sym.name.empty() || sym.type == STT_SECTION || sym.type == STT_FILE) continue;
        std::string_view name = strip_numeric_suffix(sym.name);

        if (sym.undefined()) {
            if (sym.bind != STB_GLOBAL && sym.bind != STB_WEAK) continue;
            if (is_ignored_import(name, m.machine)) continue;
            m.imports.push_back({name, sym.bind == STB_WEAK});
            continue;
        }
        if (name == "init_module") m.has_init = true;
        if (name == "cleanup_module") m.has_cleanup = true;

        std::optional<ExportMarker> marker = classify_export_marker(elf, sym, name);
        if (!marker) continue;
        switch (marker->kind) {
            case ExportMarkerKind::Ksymtab:
                ksymtab.push_back({std::string(marker->exported), marker->gpl_section, marker->merged, sym.shndx,
                                   sym.value});
                break;
            case ExportMarkerKind::NamespaceString: {
                auto str = marker_string(elf, sym);
                if (!str) throw Error(path, "namespace string of '" + std::string(name) + "' is out of range");
                namespaces[marker->exported] = *str;
                break;
            }
            case ExportMarkerKind::Crc: {
                auto crc = marker_crc(elf, sym);
                if (!crc) throw Error(path, "CRC of '" + std::string(marker->exported) + "' is out of range");
                crcs[marker->exported] = *crc;
                break;
            }
            case ExportMarkerKind::ExportRecord:
                add_export_record(elf, sym, marker->exported, m);
                m.export_format = ExportFormat::ExportSymbol;
                break;
        }
    }

    if (!ksymtab.empty()) {
        bool merged = ksymtab.front().merged;
        m.export_format = merged ? ExportFormat::KsymtabFinal : ExportFormat::KsymtabObject;
        std::span<const char> flags;
        std::uint64_t entry_size = 0;
        if (kflagstab && merged) {
            // 7.x: one __ksymtab for both kinds; the GPL flag is a parallel byte.
            m.export_format = ExportFormat::Kflagstab;
            flags = elf.section_bytes(*kflagstab);
            std::size_t in_ksymtab = std::count_if(ksymtab.begin(), ksymtab.end(),
                                                   [](const KsymtabLabel& k) { return !k.gpl_section; });
            const ElfSection* table = elf.find_section("__ksymtab");
            if (!table || in_ksymtab == 0 || table->hdr.sh_size == 0 || table->hdr.sh_size % in_ksymtab != 0)
                throw Error(path, "__ksymtab size does not match its entries");
            entry_size = table->hdr.sh_size / in_ksymtab;
        }
        for (KsymtabLabel& k : ksymtab) {
            Export e;
            e.name = std::move(k.name);
            e.gpl_only = k.gpl_section;
            if (!flags.empty() && !k.gpl_section) {
                const ElfSection& table = *elf.section(k.shndx);
                std::uint64_t index = elf.value_to_offset(table, k.value) / entry_size;
                if (index >= flags.size()) throw Error(path, "__kflagstab is shorter than __ksymtab");
                e.gpl_only = (flags[index] & 0x01) != 0;
            }
            m.exports.push_back(std::move(e));
        }
    }
    for (Export& e : m.exports) {
        if (auto it = namespaces.find(e.name); it != namespaces.end() && e.ns.empty()) e.ns = std::string(it->second);
        if (auto it = crcs.find(e.name); it != crcs.end()) e.crc = it->second;
    }
}

}  // namespace

Module parse_module(const ElfFile& elf, const std::string& path, const ParseOptions& opts) {
    Module m;
    m.path = path;
    m.name = module_name_from_path(path);
    m.machine = elf.machine();
    m.is64 = elf.is64();
    m.big_endian = elf.big_endian();
    if (elf.type() != ET_REL) throw Error(path, "not a relocatable object (a kernel module is ET_REL)");
    if (!elf.has_symtab()) throw Error(path, "has no symbol table (stripped?)");
    m.is_final = elf.find_section(".gnu.linkonce.this_module") != nullptr;
    read_modinfo(elf, m);
    read_versions(elf, m);
    scan_symbols(elf, m);
    if (!opts.keep_modinfo) m.modinfo.entries = {};
    m.own_strings();
    return m;
}

std::vector<Export> read_elf_exports(const ElfFile& elf, const std::string& path) {
    if (!elf.has_symtab()) throw Error(path, "has no symbol table (stripped?)");
    Module m;
    m.path = path;
    m.machine = elf.machine();
    scan_symbols(elf, m);
    return std::move(m.exports);
}

Input open_module_input(const std::string& path) {
    Input in = Input::open(path, Input::Access::Read, Input::Content::Elf);
    if (in.size() == 0) throw Error(path, "empty file");
    return in;
}

Module read_module(const std::string& path, const ParseOptions& opts) {
    Input in = open_module_input(path);
    return parse_module(*open_elf_file(path, in), path, opts);
}

}  // namespace modlink
