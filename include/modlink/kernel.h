// SPDX-License-Identifier: MIT
// The kernel a module is checked against: one index of every export (name ->
// owner, GPL-only flag, namespace, CRC) plus what the kernel says about
// itself (release, vermagic, whether it uses modversions). What a --kernel
// path holds is kernel_locate.h; what its build tree says, kernel_config.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modlink/kernel_locate.h"
#include "modlink/module.h"
#include "modlink/symvers.h"

namespace modlink {

struct KernelExport {
    std::string owner;  // "vmlinux" or the owning module's name
    bool gpl_only = false;
    std::string ns;
    std::optional<std::uint32_t> crc;
};

enum class Modversions { Unknown, Yes, No };

class Kernel {
public:
    std::string path;      // as given on the command line
    std::string release;   // "" when unknown
    std::string vermagic;  // "" when unknown: vermagic is then not checked
    Modversions modversions = Modversions::Unknown;
    bool force_load = false;  // CONFIG_MODULE_FORCE_LOAD: versionless modules load, tainted
    // CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS: the loader only warns.
    bool allow_missing_ns_imports = false;

    // Later additions win, like modpost's "most recent export" lookup.
    void add_export(std::string name, KernelExport e);
    void add_symvers(const std::vector<SymversEntry>& entries);
    void add_symvers_entry(const SymversEntry& s);
    // Adds a module's exports and remembers its licenses for the loader's
    // proprietary-exporter rule.
    void add_module(const Module& m);
    // Remembers only the licenses of a module whose exports are already
    // known from a dump.
    void add_owner_licenses(const Module& m);
    // Looks a name up; PPC64 function descriptors (".foo") match "foo".
    const KernelExport* find(std::string_view name) const;

    // Licenses of a module that provides exports; nullptr when that module
    // was not read (only its symvers lines are known).
    const std::vector<std::string>* owner_licenses(std::string_view module_name) const;

    std::size_t export_count() const { return exports_.size(); }
    // False when nothing read so far came from vmlinux: a module tree without
    // its build tree, or a vmlinux without export tables (Debian's BTF-only
    // headers vmlinux), which would make every kernel symbol "missing".
    bool has_vmlinux_exports() const { return has_vmlinux_exports_; }
    // Every exported name, in byte order (for reports that walk the index).
    std::vector<std::string_view> export_names() const;
    // Modversions is on when the kernel config says so; else when any CRC is
    // non-zero (a kernel without it writes 0x00000000 everywhere).
    bool uses_modversions() const;

    // Reads the base of a located kernel: dumps, vmlinux, build tree facts.
    // Module-tree modules are added separately (they are parsed in parallel
    // together with the modules being checked).
    void load_base(const KernelLocation& loc);

private:
    // Transparent hashing: look names up by string_view without allocating.
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    template <typename V>
    using NameMap = std::unordered_map<std::string, V, NameHash, std::equal_to<>>;
    NameMap<KernelExport> exports_;
    NameMap<std::vector<std::string>> owner_licenses_;
    bool saw_nonzero_crc_ = false;
    bool has_vmlinux_exports_ = false;
};

// Exports of a vmlinux ELF (its __ksymtab labels, CRCs and namespaces).
std::vector<SymversEntry> read_vmlinux_exports(const std::string& path);

}  // namespace modlink
