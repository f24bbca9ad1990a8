// SPDX-License-Identifier: MIT
// Finding a module's DWARF. Distribution modules are stripped; their debug
// info lives in a separate file, found by build ID
// (<dir>/.build-id/xx/rest.debug) or by path: Debian's linux-image-*-dbg
// puts the unstripped copy of /lib/modules/<release>/X.ko at
// /usr/lib/debug/lib/modules/<release>/X.ko. A candidate counts only when
// it really holds .debug_info and, when both files have a build ID, the
// IDs match (a stale debug file would give wrong lines).
#include <sys/stat.h>

#include <string_view>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/explain_debug_files.h"
#include "modlink/input_file.h"
#include "modlink/modinfo.h"

namespace modlink {

namespace {

bool has_debug_info(const ElfFile& elf) {
    for (const char* name : {".debug_info", ".zdebug_info"})
        if (const ElfSection* s = elf.find_section(name); s && s->hdr.sh_type != SHT_NOBITS && s->hdr.sh_size > 0)
            return true;
    return false;
}

bool is_file(const std::string& p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string strip_compression_suffix(std::string p) {
    for (std::string_view ext : {".xz", ".zst", ".gz"})
        if (p.size() > ext.size() && p.compare(p.size() - ext.size(), ext.size(), ext) == 0)
            return p.substr(0, p.size() - ext.size());
    return p;
}

// "<anything>/lib/modules/<release>/<rest>" -> {release, rest}.
std::pair<std::string, std::string> module_tree_position(const std::string& path) {
    static constexpr std::string_view marker = "lib/modules/";
    auto at = path.rfind(marker);
    if (at == std::string::npos || (at > 0 && path[at - 1] != '/')) return {};
    std::string tail = path.substr(at + marker.size());
    auto slash = tail.find('/');
    if (slash == std::string::npos) return {};
    return {tail.substr(0, slash), tail.substr(slash + 1)};
}

std::string release_from_vermagic(const ElfFile& elf) {
    const ElfSection* s = elf.find_section(".modinfo");
    if (!s || s->hdr.sh_type == SHT_NOBITS) return {};
    Modinfo mi = parse_modinfo(elf.section_bytes(*s));
    auto v = mi.first("vermagic");
    if (!v) return {};
    return std::string(v->substr(0, v->find(' ')));
}

// A candidate holds DWARF and, when both carry one, the same build ID.
bool usable(const std::string& candidate, const std::string& want_id) {
    if (!is_file(candidate)) return false;
    try {
        Input in = Input::open(candidate, Input::Access::Read, Input::Content::Elf);
        std::unique_ptr<ElfFile> elf = open_elf_file(candidate, in);
        if (!has_debug_info(*elf)) return false;
        std::string id = build_id_hex(*elf);
        return want_id.empty() || id.empty() || id == want_id;
    } catch (const Error&) {
        return false;  // not an ELF file: not our debug file
    }
}

}  // namespace

std::string build_id_hex(const ElfFile& elf) {
    const ElfSection* s = elf.find_section(".note.gnu.build-id");
    if (!s || s->hdr.sh_type != SHT_NOTE) return {};
    auto bytes = elf.section_bytes(*s);
    std::uint64_t off = 0;
    while (off + 12 <= bytes.size()) {
        std::uint32_t namesz = *elf.read_u32(bytes, off), descsz = *elf.read_u32(bytes, off + 4);
        std::uint32_t type = *elf.read_u32(bytes, off + 8);
        std::uint64_t name_at = off + 12, desc_at = name_at + ((std::uint64_t{namesz} + 3) & ~std::uint64_t{3});
        std::uint64_t next = desc_at + ((std::uint64_t{descsz} + 3) & ~std::uint64_t{3});
        if (desc_at > bytes.size() || descsz > bytes.size() - desc_at) return {};
        if (type == NT_GNU_BUILD_ID && namesz == 4 && std::string_view(bytes.data() + name_at, 3) == "GNU") {
            static constexpr char hex[] = "0123456789abcdef";
            std::string out;
            for (std::uint32_t i = 0; i < descsz; ++i) {
                auto b = static_cast<unsigned char>(bytes[desc_at + i]);
                out += hex[b >> 4];
                out += hex[b & 15];
            }
            return out;
        }
        off = next;
    }
    return {};
}

std::string find_debug_file(const std::string& module_path, const ElfFile& elf, const ExplainOptions& opts) {
    if (has_debug_info(elf)) return module_path;

    std::vector<std::string> dirs = opts.debug_dirs;
    if (opts.system_debug_dir) dirs.push_back("/usr/lib/debug");
    std::string id = build_id_hex(elf);
    auto [path_release, in_tree] = module_tree_position(module_path);
    std::string release = !opts.kernel_release.empty() ? opts.kernel_release
                          : !path_release.empty()      ? path_release
                                                       : release_from_vermagic(elf);
    in_tree = strip_compression_suffix(in_tree);
    std::string base = strip_compression_suffix(module_path.substr(module_path.rfind('/') + 1));

    for (std::string dir : dirs) {
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        std::vector<std::string> candidates;
        if (id.size() > 2) candidates.push_back(dir + "/.build-id/" + id.substr(0, 2) + "/" + id.substr(2) + ".debug");
        if (!in_tree.empty()) {
            if (!release.empty()) candidates.push_back(dir + "/lib/modules/" + release + "/" + in_tree);
            candidates.push_back(dir + "/" + in_tree);  // dir is already .../lib/modules/<release>
        }
        candidates.push_back(dir + "/" + base);
        candidates.push_back(dir + "/" + base + ".debug");
        for (const std::string& c : candidates)
            if (usable(c, id)) return c;
    }
    return {};
}

}  // namespace modlink
