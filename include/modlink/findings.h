// SPDX-License-Identifier: MIT
// A finding: one thing the build (modpost) or the loader would refuse or
// warn about, with the facts behind it so reporters need not look anything up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modlink {

enum class Severity { Warning, Error };

enum class FindingKind {
    UnresolvedSymbol,       // no export of that name
    GplOnlySymbol,          // GPL-incompatible module uses an EXPORT_SYMBOL_GPL symbol
    MissingNamespaceImport, // symbol's namespace not imported (MODULE_IMPORT_NS)
    ModuleNamespaceImport,  // import_ns=module:... (refused by the loader)
    CrcMismatch,            // __versions CRC differs from the kernel's
    MissingSymbolVersion,   // no __versions entry for a versioned export
    NoSymbolVersions,       // module has no __versions but the kernel uses modversions
    ModuleLayoutMismatch,   // module_layout CRC differs: built for another struct module
    VermagicMismatch,       // vermagic differs from the kernel's
    MissingLicense,         // no MODULE_LICENSE
    GplFromProprietary,     // GPL-using module imports from a proprietary module (6.6+ loader)
    UnreadableModule,       // the module could not be read, so it was not checked
};

const char* kind_id(FindingKind k);           // stable id, e.g. "gpl-only-symbol"
const char* kind_description(FindingKind k);  // one sentence, for SARIF rules and --help
const char* severity_name(Severity s);        // "error" / "warning"

struct Finding {
    std::string module;       // module path as given
    std::string module_name;  // the loader's name for it
    std::string symbol;       // "" for module-level findings
    FindingKind kind{};
    Severity severity = Severity::Error;
    std::string message;             // modpost's or the loader's words
    std::vector<std::string> notes;  // explanations, printed as indented "note:" lines

    // Facts, when they apply.
    std::string exporter;  // "vmlinux" or a module name
    std::string ns;
    std::optional<std::uint32_t> module_crc;
    std::optional<std::uint32_t> kernel_crc;
};

}  // namespace modlink
