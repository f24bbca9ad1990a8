// SPDX-License-Identifier: MIT
#include "modlink/kernel.h"

#include <algorithm>
#include <filesystem>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/input_file.h"
#include "modlink/kernel_config.h"

namespace modlink {

namespace fs = std::filesystem;

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
