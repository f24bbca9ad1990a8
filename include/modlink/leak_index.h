// SPDX-License-Identifier: MIT
// A kernel's leak index: which of its header functions pull a GPL-only
// symbol into any module that uses them. A static inline in a kernel header
// is compiled into every module that calls it, so a GPL-only symbol it
// references becomes the module's own reference (put_page() and
// __put_devmap_managed_page on 4.18). The index is built from real modules
// with DWARF: every reference to a GPL-only export, explained (explain.h),
// gives one sighting per header function on its inline chain; sightings of
// one (function, symbol) across modules make one entry.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "modlink/explanation.h"

namespace modlink {

// A header function reaching a GPL-only symbol, as one module showed it.
struct LeakSighting {
    std::string function;   // the header function
    SourceLocation declared;  // its header file (relative to the kernel source) and line
    std::string symbol;     // the GPL-only export
    SiteKind reference = SiteKind::Call;
    // The functions from `function` down to the one that references the
    // symbol, then the symbol: {"rcu_read_lock", "__rcu_read_lock"}.
    std::vector<std::string> chain;
    std::size_t sites = 0;  // relocation sites with this chain in the module
};

// One entry of the index: a (header function, symbol) pair.
struct LeakEntry {
    std::string function;
    std::string file;
    unsigned line = 0;
    std::string symbol;
    SiteKind reference = SiteKind::Call;  // of the shortest chain
    std::vector<std::string> chain;       // the shortest seen
    std::size_t modules = 0;              // modules that showed it
    // Modules whose code holds the function, leaking or not. A function
    // that pulls the symbol in by its own body does so in (nearly) all of
    // them; one that leaks in a few only had an argument, or the module's
    // own code, computed inside it (arch_static_branch() and a module's
    // tracepoint key).
    std::size_t users = 0;
    std::size_t sites = 0;                // relocation sites, over all modules
    std::string evidence;                 // the first module (in input order) with the shortest chain
};

// A header function some module's code holds (inlined or out of line),
// whether it leaks or not: a diff needs the ones seen clean.
struct UsedFunction {
    std::string function;
    std::string file;
    std::size_t modules = 0;
};

struct LeakIndex {
    std::string kernel_path;      // as given (a debian: spec's cached tree)
    std::string release;          // the kernel's, "" when unknown
    std::size_t modules_read = 0;      // modules whose DWARF was read
    std::size_t modules_without_dwarf = 0;
    std::vector<LeakEntry> leaks;  // most modules first, then sites, function, symbol
    std::vector<UsedFunction> functions;  // every header function seen, by function and file
};

// Whether a source path (as explain shows it: relative to the kernel tree)
// is one of the kernel's own headers, include/ or arch/*/include/. A
// driver's private header is that driver's code.
bool is_kernel_header(const SourceLocation& loc);

// The sightings of one module's explanation (of its GPL-only imports): for
// each site group, the frames from the innermost outwards whose functions
// are declared in kernel headers (each enclosing header inline too), up to
// the first that is not. Sorted and merged, so equal
// sightings of several groups are one with their sites added.
std::vector<LeakSighting> leak_sightings(const Explanation& e);

// The header functions among a module's code functions (is_kernel_header).
std::vector<UsedFunction> header_functions_used(const std::vector<DeclaredFunction>& code_functions);

// Adds modules one at a time, in input order (that order picks the
// evidence), and makes the index's entries.
class LeakIndexBuilder {
public:
    void add_module(const std::string& module, const std::vector<LeakSighting>& sightings,
                    const std::vector<UsedFunction>& functions);
    // The entries in LeakIndex::leaks order and the functions seen.
    void finish(LeakIndex& index) const;

private:
    std::map<std::tuple<std::string, std::string, std::string>, LeakEntry> entries_;
    std::map<std::pair<std::string, std::string>, std::size_t> functions_;
};

// Whether an entry is shown by at least half the modules that use its
// function (LeakEntry::users): the function's body leaks the symbol, not an
// argument one module computed inside it.
bool leaks_in_most_users(const LeakEntry& e);

// A chain as text: "vm_flags_set -> vma_start_write -> __vma_start_write".
std::string chain_text(const std::vector<std::string>& chain);

// Orders entries as LeakIndex::leaks says.
void sort_leaks(std::vector<LeakEntry>& entries);

// One entry as both the index and a diff write it.
nlohmann::ordered_json leak_entry_json(const LeakEntry& e);

// The index as JSON (doc/schema/leaks.schema.json) and as text for people.
std::string leak_index_json(const LeakIndex& index);
std::string leak_index_text(const LeakIndex& index);

// Reads an index file that leak_index_json() wrote. Throws Error naming
// the file: unreadable, not JSON, not a leak index of schema 1.
LeakIndex read_leak_index(const std::string& path);

}  // namespace modlink
