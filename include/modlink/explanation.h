// SPDX-License-Identifier: MIT
// What an explanation says about a module: for each symbol, every
// relocation site that names it, grouped by the chain of inlined functions
// that covers the site, and one verdict line. explain.h makes it;
// explain_notes.h and explain_report.h print it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace modlink {

// How a relocation site uses the symbol.
enum class SiteKind {
    Call,         // a call or jump instruction in code
    Reference,    // any other use in code (address taken, data read)
    StaticKey,    // a __jump_table entry: a static branch on the key
    StaticCall,   // a .static_call_sites entry
    ExceptionTable,  // an __ex_table entry
    Data,         // initialised data (an ops table, a pointer)
};
// "call", "reference", "static-key", ... (defined with the site tables, in
// explain_sites.cpp).
const char* site_kind_id(SiteKind k);

struct SourceLocation {
    std::string file;  // as displayed: prefix-mapped, shortened (see explain_dwarf.cpp)
    unsigned line = 0;
    unsigned column = 0;
    bool own = false;  // the module's own source, not a kernel header
};

// One scope of an inline chain. frames[0] is the innermost scope; its
// location is the line-table row of the site. Every frame that is
// `inlined` was called from the location of the next frame; the last frame
// is the concrete function that holds the code.
struct InlineFrame {
    std::string function;
    SourceLocation location;
    // Where the function itself is declared (DW_AT_decl_file/line of the
    // scope or its abstract origin): a header for a kernel inline and for an
    // out-of-line copy of one. Empty file when DWARF does not say.
    SourceLocation declared;
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
    // Since which indexed kernel the verdict's header inline leaks the
    // symbol (ExplainOptions::leak_history); "" without indexes.
    std::string leak_history;
};

// A function the module's code holds, by name and where it is declared: an
// inlined copy or an out-of-line one (leaks' "header functions used").
struct DeclaredFunction {
    std::string function;
    SourceLocation declared;
};

struct Explanation {
    std::string module;      // path as given
    bool has_dwarf = false;
    std::string debug_file;  // file the DWARF came from (the module itself or a separate file)
    unsigned dwarf_version = 0;
    // Why there is no DWARF and how to get it; "" when there is.
    std::string no_debug_info;
    std::vector<SymbolExplanation> symbols;  // in the order asked
    // Every function with code in the module, each (name, declaration file)
    // once, sorted; only when ExplainOptions::list_code_functions.
    std::vector<DeclaredFunction> code_functions;
};

}  // namespace modlink
