// SPDX-License-Identifier: MIT
// Explaining a finding: where in a module a symbol is referenced, and, with
// DWARF, through which chain of inlined kernel functions. A module's authors
// often never wrote the name modpost complains about: a static inline in a
// kernel header expanded to it. The answer comes from the module's
// relocations (every site that names the symbol) and the
// DW_TAG_inlined_subroutine scopes that cover each site.
//
// explain_module() is the library call every front end uses (`modlink
// explain`, `check --explain`, and later the drop-in's MODLINK_EXPLAIN
// notes); the renderers below only format its result.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "modlink/findings.h"
#include "modlink/report.h"

namespace modlink {

class ElfFile;

// ---- What the caller can tell us --------------------------------------------------------

struct ExplainOptions {
    // Where separate debug files may live (--debug-dir), searched in order by
    // build ID (.build-id/xx/rest.debug), by the Debian layout
    // (<dir>/lib/modules/<release>/<path in the module tree>) and by name.
    std::vector<std::string> debug_dirs;
    // Also search /usr/lib/debug after debug_dirs.
    bool system_debug_dir = true;
    // The kernel release, for the Debian layout when the module's own path
    // does not say it ("" = take it from the module's path or vermagic).
    std::string kernel_release;
    // --prefix-map OLD=NEW: rewrites the start of source paths, first match wins.
    std::vector<std::pair<std::string, std::string>> prefix_map;
};

// ---- What the module says -----------------------------------------------------------------

// How a relocation site uses the symbol.
enum class SiteKind {
    Call,         // a call or jump instruction in code
    Reference,    // any other use in code (address taken, data read)
    StaticKey,    // a __jump_table entry: a static branch on the key
    StaticCall,   // a .static_call_sites entry
    ExceptionTable,  // an __ex_table entry
    Data,         // initialised data (an ops table, a pointer)
};
const char* site_kind_id(SiteKind k);  // "call", "reference", "static-key", ...

struct SourceLocation {
    std::string file;  // as displayed: prefix-mapped, shortened (see explain_dwarf.cpp)
    unsigned line = 0;
    unsigned column = 0;
    bool own = false;  // the module's own source, not a kernel header
};
// "file:line" as every explanation shows it.
std::string location_text(const SourceLocation& l);

// One scope of an inline chain. frames[0] is the innermost scope; its
// location is the line-table row of the site. Every frame that is
// `inlined` was called from the location of the next frame; the last frame
// is the concrete function that holds the code.
struct InlineFrame {
    std::string function;
    SourceLocation location;
    bool inlined = false;
};

// One relocation that names the symbol.
struct ReferenceSite {
    std::size_t section_index = 0;
    std::string section;           // where the relocation applies
    std::uint64_t offset = 0;
    std::string relocation;        // "R_X86_64_PLT32"
    SiteKind kind = SiteKind::Reference;
    // The code the site stands for: the site itself when it is in code, the
    // entry's code address for table sections (__jump_table...). Empty
    // section when there is no code (plain data).
    std::size_t code_section_index = 0;
    std::string code_section;
    std::uint64_t code_offset = 0;
    std::string function;     // symbol-table function holding the code ("" if none)
    std::string data_object;  // symbol-table object holding a data site
    std::vector<InlineFrame> frames;  // empty without DWARF
};

// Sites whose chains are the same (same functions, files and lines) are
// told once, with all their relocation sites.
struct SiteGroup {
    SiteKind kind = SiteKind::Reference;
    std::string function;
    std::string data_object;
    std::vector<InlineFrame> frames;
    std::vector<ReferenceSite> sites;  // in section, offset order
};

struct SymbolExplanation {
    std::string symbol;
    std::string verdict;  // one line, e.g. "called directly at foo.c:42"
    std::size_t site_count = 0;
    std::vector<SiteGroup> groups;  // in the order of their first site
    std::size_t verdict_group = 0;  // the group the verdict speaks of
};

struct Explanation {
    std::string module;      // path as given
    bool has_dwarf = false;
    std::string debug_file;  // file the DWARF came from (the module itself or a separate file)
    unsigned dwarf_version = 0;
    // Why there is no DWARF and how to get it; "" when there is.
    std::string no_debug_info;
    std::vector<SymbolExplanation> symbols;  // in the order asked
};

// Explains every symbol in `symbols` (names as the module imports them).
// A symbol the module never references gets an explanation with no sites
// and a verdict saying so. Throws Error naming the file on unreadable or
// malformed input (the module or its debug file).
Explanation explain_module(const std::string& module_path, const std::vector<std::string>& symbols,
                           const ExplainOptions& opts = {});

// The symbols of `findings` in first-seen order, each once ("" skipped).
std::vector<std::string> finding_symbols(const std::vector<Finding>& findings);

// Appends explanation_notes() to every finding that names a symbol, one
// explain_module() per module. For check --explain and the drop-in.
void add_explanation_notes(std::vector<Finding>& findings, const ExplainOptions& opts = {});

// ---- Building blocks (one file each) -----------------------------------------------------

// explain_sites.cpp: every relocation in an allocated section that names
// one of `symbols`, with the code each stands for and the symbol-table
// function or object that holds it. Sorted by symbol (in the order of
// `symbols`), section, offset.
std::vector<std::pair<std::size_t, ReferenceSite>> find_reference_sites(const ElfFile& elf,
                                                                        const std::vector<std::string>& symbols);
const char* relocation_name(std::uint16_t machine, std::uint32_t type);

// explain_debug_files.cpp: the file holding the module's DWARF: the module
// itself when it has .debug_info (or .zdebug_info), else a separate debug
// file found through `opts`. "" when there is none.
std::string find_debug_file(const std::string& module_path, const ElfFile& elf, const ExplainOptions& opts);
// The module's GNU build ID as lowercase hex, "" when it has none.
std::string build_id_hex(const ElfFile& elf);

// explain_dwarf.cpp: inline chains at code addresses, through libdwfl, which
// lays the sections of an ET_REL file out at distinct addresses before it
// applies the debug relocations (in a .ko every code section starts at 0).
class InlineChains {
public:
    // Opens `debug_file` (an ET_REL module or its debug copy). Throws Error.
    InlineChains(const std::string& debug_file, const ExplainOptions& opts);
    ~InlineChains();
    InlineChains(const InlineChains&) = delete;
    InlineChains& operator=(const InlineChains&) = delete;

    unsigned dwarf_version() const;
    // Fills `frames` of every site with a code section. Sections are matched
    // by index and name between the module and the debug file.
    void resolve(std::vector<ReferenceSite*>& sites);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// ---- Formatting (explain_report.cpp) -----------------------------------------------------

// The explanation of one symbol as `note:` lines (without the prefix), for
// check --explain and the drop-in: the verdict, then each group's sites and
// chain. Without DWARF, the note saying why and how to get it comes first
// when `with_debug_note` (callers say it once per module).
std::vector<std::string> explanation_notes(const Explanation& e, const SymbolExplanation& s,
                                           bool with_debug_note = true);

struct ExplainedModule {
    std::string module;       // path as given
    std::string module_name;
    std::vector<Finding> findings;  // of this module, in check's order
    Explanation explanation;
};

std::string render_explain_text(const std::vector<ExplainedModule>& mods, bool color);
std::string render_explain_json(const ReportContext& ctx, const std::vector<ExplainedModule>& mods);
// SARIF 2.1.0: each finding's result points at the module's own source line
// of its first site group, with the inline chain as related locations.
std::string render_explain_sarif(const ReportContext& ctx, const std::vector<ExplainedModule>& mods);

}  // namespace modlink
