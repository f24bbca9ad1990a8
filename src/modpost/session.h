// SPDX-License-Identifier: MIT
// The state of one modpost run: the modules in the order they were read
// (dump modules first, then objects), every export in one index, and the
// counters the final messages need. Exports are looked up by name with
// "last one added wins", as upstream's hash chains behave.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "modpost/diagnostics.h"
#include "modlink/modpost/era.h"
#include "modpost/module_words.h"
#include "modpost/output_file.h"
#include "modlink/modpost/options.h"

namespace modlink::modpost {

struct ModpostModule;

struct ExportedSymbol {
    std::string name;
    ModpostModule* owner = nullptr;
    bool gpl_only = false;
    std::string ns;  // "" = no namespace
    bool is_function = false;  // KSYMTAB_FUNC or KSYMTAB_DATA (6.12)
    bool used = false;         // an import resolved to it, or -u names it (trimming, 6.12)
    bool crc_valid = false;
    std::uint32_t crc = 0;
};

// An undefined symbol of a module, in symbol-table order; filled in by the
// resolution step.
struct ImportedSymbol {
    std::string name;
    bool weak = false;
    ModpostModule* provider = nullptr;  // set once resolved to another module
    bool crc_valid = false;
    std::uint32_t crc = 0;
};

struct ModpostModule {
    std::string name;  // the object path without ".o" (or a dump's module field)
    bool is_vmlinux = false;
    bool from_dump = false;
    bool gpl_compatible = true;
    bool has_init = false;
    bool has_cleanup = false;
    bool target64 = true;  // ELF class of the object: sizes MODULE_NAME_LEN
    bool listed_in_depends = false;  // scratch flag for the depends line
    std::vector<ExportedSymbol*> exports;  // discovery order
    std::vector<ImportedSymbol> imports;
    std::vector<std::string> imported_namespaces;
    std::vector<std::string> missing_namespaces;  // first-seen order, unique
    std::vector<std::string> aliases;             // MODULE_ALIAS strings, in order
    std::vector<std::string> alias_modules;       // vmlinux (7.x): the built-in module of each alias
    std::unordered_set<std::string> alias_set;    // the aliases, where the era writes each once
    std::string srcversion;                       // "" when not computed

    // The last path component: what the namespace and GPL messages print.
    std::string_view basename() const;

    // The module as the era's message words take it; `object` and
    // `file_name` only for the messages that name them.
    ModuleRef ref(std::string_view object = {}, std::string_view file_name = {}) const {
        return {name, basename(), is_vmlinux, object, file_name};
    }
};

class Session {
public:
    Session(Options options, const Era& era)
        : options_(std::move(options)), era_(era), diag_(era.messages.fatal_prefix) {}

    const Options& options() const { return options_; }
    const Era& era() const { return era_; }
    Diagnostics& diag() { return diag_; }

    ModpostModule& new_module(std::string name);
    ModpostModule* find_module(std::string_view name);
    std::deque<ModpostModule>& modules() { return modules_; }

    // Records an export, reporting "exported twice" where upstream does.
    ExportedSymbol& add_export(ModpostModule& owner, std::string_view name, bool gpl_only);
    // Upstream's lookup: one leading '.' is ignored (PPC64 descriptors).
    ExportedSymbol* find_export(std::string_view name);

    std::vector<std::string> no_trim_symbols;  // from the objects' .no_trim_symbol sections (7.2)
    unsigned unresolved_count = 0;
    unsigned section_mismatch_count = 0;
    OutputBatch outputs;  // the files to write, in upstream's order

private:
    Options options_;
    const Era& era_;
    Diagnostics diag_;
    std::deque<ModpostModule> modules_;
    std::deque<ExportedSymbol> symbols_;
    std::unordered_map<std::string_view, ExportedSymbol*> index_;
    std::unordered_map<std::string_view, ModpostModule*> modules_by_name_;
};

}  // namespace modlink::modpost
