// SPDX-License-Identifier: MIT
#include "modlink/checks.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <unordered_map>

#include "modlink/kernel_rules.h"
#include "modlink/license.h"
#include "modlink/namespaces.h"

namespace modlink {

namespace {

// The file name modpost prints in "[%s.ko]"-less messages: basename without
// the .ko/.o suffix, '-' kept.
std::string display_base(const std::string& path) {
    std::size_t slash = path.rfind('/');
    return std::string(strip_module_suffix(slash == std::string::npos ? path : path.substr(slash + 1)));
}

std::string hex(std::uint32_t v) { return fmt::format("0x{:08x}", v); }

// "6.1.0-56-amd64" -> {6, 1}; nullopt when the release does not start with
// MAJOR.MINOR.
class ModuleChecker {
public:
    ModuleChecker(const Module& m, const Kernel& k)
        : m_(m), k_(k),
          proprietary_(loader_proprietary(m.licenses, m.name)),
          modpost_incompatible_(modpost_gpl_incompatible(m.licenses)),
          check_versions_(m.is_final && k.uses_modversions()) {
        if (!check_versions_) return;
        // The loader prefers the extended table; index it last so it wins.
        versions_.reserve(m.versions.size() + m.ext_versions.size());
        for (const SymbolVersion& v : m.versions) versions_.insert_or_assign(v.name, v.crc);
        for (const SymbolVersion& v : m.ext_versions) versions_.insert_or_assign(v.name, v.crc);
    }

    std::vector<Finding> run() {
        check_license();
        check_vermagic();
        check_namespace_imports();
        check_module_layout();
        for (const Import& imp : m_.imports) check_import(imp);
        check_proprietary_exporters();
        return std::move(out_);
    }

private:
    Finding& add(FindingKind kind, Severity sev, std::string_view symbol, std::string message) {
        Finding f;
        f.module = m_.path;
        f.module_name = m_.name;
        f.symbol = std::string(symbol);
        f.kind = kind;
        f.severity = sev;
        f.message = std::move(message);
        out_.push_back(std::move(f));
        return out_.back();
    }

    void check_license() {
        if (!m_.licenses.empty()) return;
        Finding& f = add(FindingKind::MissingLicense, Severity::Error, "",
                         fmt::format("missing MODULE_LICENSE() in {}", m_.path));
        f.notes.push_back("the loader reads the license as 'unspecified': the kernel is tainted and GPL-only symbols are refused");
    }

    void check_vermagic() {
        if (!m_.is_final || k_.vermagic.empty()) return;
        if (m_.vermagic.empty()) {
            Severity sev = k_.force_load ? Severity::Warning : Severity::Error;
            Finding& f = add(FindingKind::VermagicMismatch, sev, "",
                             fmt::format("{}: no version magic, the kernel expects '{}'", m_.name, k_.vermagic));
            f.notes.push_back(k_.force_load ? "loads only with the kernel tainted (CONFIG_MODULE_FORCE_LOAD)"
                                            : "the loader refuses modules without vermagic (bad vermagic)");
            return;
        }
        if (vermagic_matches(m_.vermagic, k_.vermagic, m_.has_versions)) return;
        add(FindingKind::VermagicMismatch, Severity::Error, "",
            fmt::format("{}: version magic '{}' should be '{}'", m_.name, m_.vermagic, k_.vermagic));
    }

    void check_namespace_imports() {
        for (const std::string& ns : m_.import_ns) {
            if (!is_module_namespace(ns)) continue;
            add(FindingKind::ModuleNamespaceImport, Severity::Error, "",
                fmt::format("{}: module tries to import module namespace: {}", m_.name, ns));
        }
    }

    void check_module_layout() {
        if (!check_versions_ || !m_.has_versions) return;
        const KernelExport* layout = k_.find("module_layout");
        if (!layout || !layout->crc) return;
        auto v = version_of("module_layout");
        if (!v) {
            add(FindingKind::MissingSymbolVersion, Severity::Warning, "module_layout",
                fmt::format("{}: no symbol version for module_layout", m_.name));
            return;
        }
        if (*v == *layout->crc) return;
        Finding& f = add(FindingKind::ModuleLayoutMismatch, Severity::Error, "module_layout",
                         fmt::format("{}: disagrees about version of symbol module_layout", m_.name));
        f.module_crc = *v;
        f.kernel_crc = layout->crc;
        f.exporter = "vmlinux";
        f.notes.push_back(fmt::format("built against struct module layout {}, the kernel has {}: rebuild against this kernel's headers",
                                      hex(*v), hex(*layout->crc)));
    }

    void check_import(const Import& imp) {
        const KernelExport* e = k_.find(imp.name);
        if (!e) {
            if (imp.weak) return;
            Finding& f = add(FindingKind::UnresolvedSymbol, Severity::Error, imp.name,
                             fmt::format("\"{}\" [{}] undefined!", imp.name, m_.path));
            f.notes.push_back(fmt::format("no export named '{}' in {}", imp.name, kernel_label()));
            return;
        }
        if (e->gpl_only) {
            if (check_gpl(imp, *e)) return;  // the loader does not see the symbol at all
            uses_gpl_ = true;
        }
        if (!e->ns.empty() && !namespace_is_imported(m_, e->ns)) {
            // A built module on a kernel that allows missing imports loads
            // with a warning; modpost still fails the build.
            bool loads = m_.is_final && k_.allow_missing_ns_imports;
            Finding& f = add(FindingKind::MissingNamespaceImport, loads ? Severity::Warning : Severity::Error, imp.name,
                             fmt::format("module {} uses symbol {} from namespace {}, but does not import it.",
                                         display_base(m_.path), imp.name, e->ns));
            f.exporter = e->owner;
            f.ns = e->ns;
            if (auto statement = import_ns_statement(e->ns, k_.release))
                f.notes.push_back(fmt::format("add {} to the module", *statement));
            else
                f.notes.push_back(fmt::format("only the modules {} may use it", e->ns.substr(kModuleNamespacePrefix.size())));
            if (loads)
                f.notes.push_back("the module loads (CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS=y), "
                                  "but modpost fails the build without -N");
        }
        if (check_versions_ && e->crc) check_crc(imp, *e);
        if (e->owner != "vmlinux") resolved_from_modules_.emplace_back(imp.name, e->owner);
    }

    // Returns true when the loader would refuse the symbol outright.
    bool check_gpl(const Import& imp, const KernelExport& e) {
        if (!proprietary_ && !modpost_incompatible_) return false;
        std::string license = loader_license(m_.licenses);
        Finding& f = add(FindingKind::GplOnlySymbol, proprietary_ ? Severity::Error : Severity::Warning, imp.name,
                         fmt::format("GPL-incompatible module {}.ko uses GPL-only symbol '{}'",
                                     display_base(m_.path), imp.name));
        f.exporter = e.owner;
        f.notes.push_back(fmt::format("'{}' is exported by {} with EXPORT_SYMBOL_GPL", imp.name, e.owner));
        if (proprietary_) {
            f.notes.push_back(fmt::format("the loader refuses it for license '{}': Unknown symbol {} (err -2)",
                                          license, imp.name));
            return true;
        }
        std::string bad;
        for (const std::string& l : m_.licenses)
            if (!license_is_gpl_compatible(l)) bad = l;
        f.notes.push_back(fmt::format("the module loads (the loader reads only the first license, '{}'), "
                                      "but modpost fails the build: license '{}' is GPL-incompatible",
                                      license, bad));
        return false;
    }

    void check_crc(const Import& imp, const KernelExport& e) {
        if (!m_.has_versions && !m_.has_ext_versions) {
            if (reported_no_versions_) return;
            reported_no_versions_ = true;
            Severity sev = k_.force_load ? Severity::Warning : Severity::Error;
            Finding& f = add(FindingKind::NoSymbolVersions, sev, imp.name,
                             fmt::format("{}: no symbol versions (__versions), but the kernel uses modversions", m_.name));
            f.notes.push_back(k_.force_load ? "loads only with the kernel tainted (CONFIG_MODULE_FORCE_LOAD)"
                                            : "the loader refuses it (no CONFIG_MODULE_FORCE_LOAD): rebuild with CONFIG_MODVERSIONS");
            return;
        }
        auto v = version_of(imp.name);
        if (!v) {
            Finding& f = add(FindingKind::MissingSymbolVersion, Severity::Warning, imp.name,
                             fmt::format("{}: no symbol version for {}", m_.name, imp.name));
            f.exporter = e.owner;
            f.kernel_crc = e.crc;
            return;
        }
        if (*v == *e.crc) return;
        Finding& f = add(FindingKind::CrcMismatch, Severity::Error, imp.name,
                         fmt::format("{}: disagrees about version of symbol {}", m_.name, imp.name));
        f.exporter = e.owner;
        f.module_crc = *v;
        f.kernel_crc = e.crc;
        f.notes.push_back(fmt::format("the module was built against CRC {}, {} exports it with {}: "
                                      "the symbol's prototype or types changed; rebuild against this kernel",
                                      hex(*v), e.owner, hex(*e.crc)));
    }

    // A module that uses GPL-only symbols may not use symbols from a
    // proprietary module (KernelRule::GplUsersRefuseProprietaryExports).
    void check_proprietary_exporters() {
        if (!uses_gpl_) return;
        // For a kernel of unknown version it is reported as a warning.
        std::optional<bool> applies = release_has(k_.release, KernelRule::GplUsersRefuseProprietaryExports);
        if (applies == false) return;
        for (const auto& [symbol, owner] : resolved_from_modules_) {
            const std::vector<std::string>* lic = k_.owner_licenses(owner);
            if (!lic || !loader_proprietary(*lic, owner)) continue;
            Finding& f = add(FindingKind::GplFromProprietary, applies ? Severity::Error : Severity::Warning, symbol,
                             fmt::format("{}: module using GPL-only symbols uses symbols {} from proprietary module {}.",
                                         m_.name, symbol, owner));
            f.exporter = owner;
            f.notes.push_back(fmt::format("{} has license '{}'", owner, loader_license(*lic)));
            if (!applies) f.notes.push_back("kernels since 6.6 refuse this; the kernel's version is not known here");
        }
    }

    std::optional<std::uint32_t> version_of(std::string_view name) const {
        auto it = versions_.find(name);
        return it == versions_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
    }

    std::string kernel_label() const {
        return k_.release.empty() ? k_.path : fmt::format("kernel {}", k_.release);
    }

    const Module& m_;
    const Kernel& k_;
    bool proprietary_;
    bool modpost_incompatible_;
    bool check_versions_;
    bool uses_gpl_ = false;
    bool reported_no_versions_ = false;
    std::vector<std::pair<std::string_view, std::string>> resolved_from_modules_;
    std::unordered_map<std::string_view, std::uint32_t> versions_;
    std::vector<Finding> out_;
};

}  // namespace

bool vermagic_matches(std::string_view module_magic, std::string_view kernel_magic, bool has_crcs) {
    if (has_crcs) {
        // Modversions checks the real interfaces, so the release may differ.
        std::size_t a = module_magic.find(' '), b = kernel_magic.find(' ');
        module_magic = a == std::string_view::npos ? std::string_view{} : module_magic.substr(a);
        kernel_magic = b == std::string_view::npos ? std::string_view{} : kernel_magic.substr(b);
    }
    return module_magic == kernel_magic;
}

std::vector<Finding> check_module(const Module& m, const Kernel& k) { return ModuleChecker(m, k).run(); }

const char* kind_id(FindingKind k) {
    switch (k) {
        case FindingKind::UnresolvedSymbol: return "unresolved-symbol";
        case FindingKind::GplOnlySymbol: return "gpl-only-symbol";
        case FindingKind::MissingNamespaceImport: return "missing-namespace-import";
        case FindingKind::ModuleNamespaceImport: return "module-namespace-import";
        case FindingKind::CrcMismatch: return "crc-mismatch";
        case FindingKind::MissingSymbolVersion: return "missing-symbol-version";
        case FindingKind::NoSymbolVersions: return "no-symbol-versions";
        case FindingKind::ModuleLayoutMismatch: return "module-layout-mismatch";
        case FindingKind::VermagicMismatch: return "vermagic-mismatch";
        case FindingKind::MissingLicense: return "missing-license";
        case FindingKind::GplFromProprietary: return "gpl-from-proprietary";
        case FindingKind::UnreadableModule: return "unreadable-module";
    }
    return "unknown";
}

const char* kind_description(FindingKind k) {
    switch (k) {
        case FindingKind::UnresolvedSymbol: return "The module uses a symbol that the kernel does not export.";
        case FindingKind::GplOnlySymbol: return "A GPL-incompatible module uses a symbol exported with EXPORT_SYMBOL_GPL.";
        case FindingKind::MissingNamespaceImport: return "The module uses a symbol from a namespace it does not import.";
        case FindingKind::ModuleNamespaceImport: return "The module imports a module: namespace explicitly, which the loader refuses.";
        case FindingKind::CrcMismatch: return "The module was built against a different version (CRC) of a symbol.";
        case FindingKind::MissingSymbolVersion: return "The module has no symbol version for a versioned export.";
        case FindingKind::NoSymbolVersions: return "The module has no symbol versions but the kernel uses modversions.";
        case FindingKind::ModuleLayoutMismatch: return "The module was built for a different struct module layout.";
        case FindingKind::VermagicMismatch: return "The module's vermagic does not match the kernel's.";
        case FindingKind::MissingLicense: return "The module has no MODULE_LICENSE.";
        case FindingKind::GplFromProprietary: return "A module using GPL-only symbols imports symbols from a proprietary module.";
        case FindingKind::UnreadableModule: return "The module could not be read (missing, truncated, not ELF, bad compression), so it was not checked.";
    }
    return "";
}

const char* severity_name(Severity s) { return s == Severity::Error ? "error" : "warning"; }

}  // namespace modlink
