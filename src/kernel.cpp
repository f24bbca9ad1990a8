// SPDX-License-Identifier: MIT
#include "modlink/kernel.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/input_file.h"
#include "modlink/kernel_lookalikes.h"

namespace modlink {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::string read_text(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

bool file_starts_with_elf_magic(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    char magic[4] = {};
    f.read(magic, 4);
    return f.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

// lib/modules/<release>/build is usually an absolute symlink into /usr/src.
// In an unpacked package root it points at the host's /usr/src, so also try
// the same target below the root the module tree sits in.
std::string find_build_tree(const fs::path& module_tree) {
    fs::path link = module_tree / "build";
    std::error_code ec;
    if (is_file(link / "Module.symvers")) return link.string();
    fs::path target = fs::read_symlink(link, ec);
    if (ec || !target.is_absolute()) return {};
    fs::path root = module_tree.parent_path().parent_path().parent_path();  // <root>/lib/modules/<rel>
    fs::path inside = root / target.relative_path();
    if (is_file(inside / "Module.symvers")) return inside.string();
    return {};
}

// Parses `.config` into name -> value (only set options).
std::map<std::string, std::string> read_config(const fs::path& p) {
    std::map<std::string, std::string> cfg;
    std::istringstream in(read_text(p));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("CONFIG_", 0) != 0) continue;
        std::size_t eq = line.find('=');
        if (eq == std::string::npos) continue;
        cfg[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return cfg;
}

}  // namespace

KernelLocation locate_kernel(const std::string& path) {
    KernelLocation loc;
    loc.path = path;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path, "no such file or directory");
    if (!is_dir(path)) {
        if (std::string what = kernel_file_lookalike(path); !what.empty()) throw Error(path, what);
        if (file_starts_with_elf_magic(path)) loc.vmlinux = path;
        else loc.symvers.push_back(path);
        return loc;
    }
    // "/lib/modules/6.1.0-56-amd64/" names the same tree as without the
    // slash; the release and /boot/symvers-<release> come from the last name.
    // "." has no name of its own until made absolute.
    fs::path dir = fs::absolute(path, ec).lexically_normal();
    if (ec) dir = fs::path(path).lexically_normal();
    if (!dir.has_filename() && dir.has_parent_path()) dir = dir.parent_path();
    if (is_file(dir / "Module.symvers")) {
        loc.build_tree = dir.string();
        loc.symvers.push_back((dir / "Module.symvers").string());
        return loc;
    }
    if (std::string what = kernel_source_tree_lookalike(dir.string()); !what.empty()) throw Error(path, what);
    if (is_file(dir / "modules.order") || is_file(dir / "modules.dep") || is_dir(dir / "kernel")) {
        loc.module_tree = dir.string();
        loc.build_tree = find_build_tree(dir);
        if (!loc.build_tree.empty()) {
            loc.symvers.push_back((fs::path(loc.build_tree) / "Module.symvers").string());
        } else {
            // Fedora-style /boot/symvers-<release>.gz beside the tree's root.
            fs::path root = dir.parent_path().parent_path().parent_path();
            fs::path boot = root / "boot" / ("symvers-" + dir.filename().string() + ".gz");
            if (is_file(boot)) loc.symvers.push_back(boot.string());
        }
        return loc;
    }
    // /lib/modules/REL as installing only linux-headers-REL leaves it (what
    // CI containers have): just the build and source links.
    if (std::string build = find_build_tree(dir); !build.empty()) {
        loc.build_tree = build;
        loc.symvers.push_back((fs::path(build) / "Module.symvers").string());
        return loc;
    }
    if (std::string what = dangling_module_tree(dir.string()); !what.empty()) throw Error(path, what);
    throw Error(path, "not a kernel: no Module.symvers, module tree (modules.order, kernel/) or vmlinux here");
}

namespace {

// The architecture's part of vermagic (MODULE_ARCH_VERMAGIC), where we
// know it for certain: nothing on x86-64 and s390, the CPU family on 32-bit
// x86 (asm/vermagic.h; Debian's 686-pae: "686 "), "aarch64" on arm64.
template <typename On>
std::optional<std::string> arch_vermagic(On&& on) {
    static const std::pair<const char*, const char*> kX86_32Families[] = {
        {"CONFIG_M486SX", "486SX "},         {"CONFIG_M486", "486 "},
        {"CONFIG_M586", "586 "},             {"CONFIG_M586TSC", "586TSC "},
        {"CONFIG_M586MMX", "586MMX "},       {"CONFIG_MCORE2", "CORE2 "},
        {"CONFIG_MATOM", "ATOM "},           {"CONFIG_M686", "686 "},
        {"CONFIG_MPENTIUMII", "PENTIUMII "}, {"CONFIG_MPENTIUMIII", "PENTIUMIII "},
        {"CONFIG_MPENTIUMM", "PENTIUMM "},   {"CONFIG_MPENTIUM4", "PENTIUM4 "},
        {"CONFIG_MK6", "K6 "},               {"CONFIG_MK7", "K7 "},
        {"CONFIG_MK8", "K8 "},               {"CONFIG_MELAN", "ELAN "},
        {"CONFIG_MCRUSOE", "CRUSOE "},       {"CONFIG_MEFFICEON", "EFFICEON "},
        {"CONFIG_MWINCHIPC6", "WINCHIPC6 "}, {"CONFIG_MWINCHIP3D", "WINCHIP3D "},
        {"CONFIG_MCYRIXIII", "CYRIXIII "},   {"CONFIG_MVIAC3_2", "VIAC3-2 "},
        {"CONFIG_MVIAC7", "VIAC7 "},         {"CONFIG_MGEODEGX1", "GEODEGX1 "},
        {"CONFIG_MGEODE_LX", "GEODE "},
    };
    if (on("CONFIG_X86_64") || on("CONFIG_S390")) return std::string();
    if (on("CONFIG_ARM64")) return std::string("aarch64");
    if (on("CONFIG_X86_32"))
        for (const auto& [option, word] : kX86_32Families)
            if (on(option)) return std::string(word);
    return std::nullopt;
}

}  // namespace

BuildTreeFacts read_build_tree(const std::string& dir) {
    BuildTreeFacts facts;
    fs::path d(dir);
    // UTS_RELEASE is what vermagic carries. Debian's headers put the upstream
    // version (6.1.192) in include/config/kernel.release but the ABI name
    // (6.1.0-56-amd64) in utsrelease.h, so the header comes first.
    if (is_file(d / "include/generated/utsrelease.h")) {
        std::string t = read_text(d / "include/generated/utsrelease.h");
        std::size_t q1 = t.find('"'), q2 = q1 == std::string::npos ? q1 : t.find('"', q1 + 1);
        if (q2 != std::string::npos) facts.release = t.substr(q1 + 1, q2 - q1 - 1);
    }
    if (facts.release.empty() && is_file(d / "include/config/kernel.release"))
        facts.release = trim(read_text(d / "include/config/kernel.release"));
    if (!is_file(d / ".config")) return facts;
    auto cfg = read_config(d / ".config");
    auto on = [&](const char* name) { auto it = cfg.find(name); return it != cfg.end() && it->second == "y"; };
    facts.modversions = on("CONFIG_MODVERSIONS");
    facts.force_load = on("CONFIG_MODULE_FORCE_LOAD");
    facts.allow_missing_ns_imports = on("CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS");

    // VERMAGIC_STRING (include/linux/vermagic.h): release, then feature words,
    // then the architecture's own part, which we only compose where it is
    // known for certain; otherwise vermagic stays unknown and is not checked.
    std::optional<std::string> arch = arch_vermagic(on);
    if (!arch) return facts;
    if (on("CONFIG_RANDSTRUCT_FULL") || on("CONFIG_RANDSTRUCT_PERFORMANCE") || facts.release.empty()) return facts;
    std::string v = facts.release + " ";
    if (on("CONFIG_SMP")) v += "SMP ";
    // RT first: since 6.13 an RT config sets PREEMPT_BUILD too.
    if (on("CONFIG_PREEMPT_RT")) v += "preempt_rt ";
    else if (on("CONFIG_PREEMPT_BUILD")) v += "preempt ";
    if (on("CONFIG_MODULE_UNLOAD")) v += "mod_unload ";
    if (on("CONFIG_MODVERSIONS")) v += "modversions ";
    v += *arch;
    facts.vermagic = v;
    return facts;
}

std::vector<SymversEntry> read_vmlinux_exports(const std::string& path) {
    Input in = Input::open(path, Input::Access::Map, Input::Content::Elf);
    ElfFile elf(path, in.data(), in.size());
    std::vector<SymversEntry> out;
    for (Export& e : read_elf_exports(elf, path)) {
        SymversEntry s;
        s.symbol = std::move(e.name);
        s.module = "vmlinux";
        s.gpl_only = e.gpl_only;
        s.ns = std::move(e.ns);
        s.crc = e.crc.value_or(0);
        out.push_back(std::move(s));
    }
    return out;
}

void Kernel::add_export(std::string name, KernelExport e) {
    if (e.crc && *e.crc != 0) saw_nonzero_crc_ = true;
    if (e.owner == "vmlinux") has_vmlinux_exports_ = true;
    exports_.insert_or_assign(std::move(name), std::move(e));
}

void Kernel::add_symvers(const std::vector<SymversEntry>& entries) {
    exports_.reserve(exports_.size() + entries.size());
    for (const SymversEntry& s : entries) add_symvers_entry(s);
}

void Kernel::add_symvers_entry(const SymversEntry& s) {
    KernelExport e;
    e.owner = s.module == "vmlinux" ? "vmlinux" : module_name_from_path(s.module);
    e.gpl_only = s.gpl_only;
    e.ns = s.ns;
    e.crc = s.crc;
    add_export(s.symbol, std::move(e));
}

void Kernel::add_module(const Module& m) {
    for (const Export& x : m.exports) add_export(x.name, {m.name, x.gpl_only, x.ns, x.crc});
    if (!m.exports.empty()) owner_licenses_[m.name] = m.licenses;
}

void Kernel::add_owner_licenses(const Module& m) { owner_licenses_[m.name] = m.licenses; }

const KernelExport* Kernel::find(std::string_view name) const {
    auto it = exports_.find(name);
    if (it != exports_.end()) return &it->second;
    if (!name.empty() && name[0] == '.') {
        it = exports_.find(name.substr(1));
        if (it != exports_.end()) return &it->second;
    }
    return nullptr;
}

std::vector<std::string_view> Kernel::export_names() const {
    std::vector<std::string_view> names;
    names.reserve(exports_.size());
    for (const auto& [name, e] : exports_) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

const std::vector<std::string>* Kernel::owner_licenses(std::string_view module_name) const {
    auto it = owner_licenses_.find(module_name);
    return it == owner_licenses_.end() ? nullptr : &it->second;
}

bool Kernel::uses_modversions() const {
    if (modversions == Modversions::Yes) return true;
    if (modversions == Modversions::No) return false;
    return saw_nonzero_crc_;
}

void Kernel::load_base(const KernelLocation& loc) {
    path = loc.path;
    for (const std::string& s : loc.symvers) read_symvers(s, [this](const SymversEntry& e) { add_symvers_entry(e); });
    if (!loc.vmlinux.empty()) {
        std::vector<SymversEntry> exports = read_vmlinux_exports(loc.vmlinux);
        // Every command refuses it alike: an index without vmlinux would
        // call every kernel symbol missing, or not exported.
        if (exports.empty())
            throw Error(loc.vmlinux,
                        "an ELF file with no export tables (__ksymtab): not a vmlinux modlink can read exports from "
                        "(the vmlinux in Debian's headers packages carries only BTF); give the headers tree or its "
                        "Module.symvers");
        add_symvers(exports);
    }
    if (!loc.build_tree.empty()) {
        BuildTreeFacts f = read_build_tree(loc.build_tree);
        release = f.release;
        vermagic = f.vermagic;
        force_load = f.force_load;
        allow_missing_ns_imports = f.allow_missing_ns_imports;
        if (f.modversions) modversions = *f.modversions ? Modversions::Yes : Modversions::No;
    }
    if (release.empty() && !loc.module_tree.empty()) release = fs::path(loc.module_tree).filename().string();
}

}  // namespace modlink
