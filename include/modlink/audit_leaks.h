// SPDX-License-Identifier: MIT
// `audit --leaks FILE...`: the leak indexes (leak_index.h) of the audit's
// kernels asked about each module's code. The binary audit judges a module
// as it was built; a header function it calls that leaks on a kernel is
// what breaks once it is rebuilt there: a GPL-incompatible module built
// against 6.12 that calls vm_flags_set() passes on 7.2 as a binary and is
// refused once rebuilt, because 7.2's vm_flags_set() pulls in the GPL-only
// __vma_start_write.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modlink/audit.h"
#include "modlink/leak_index.h"

namespace modlink {

// A header function the module's code holds that one kernel's index says
// pulls in a GPL-only symbol.
struct InlineLeak {
    std::string function;
    std::string file;
    unsigned line = 0;
    std::string symbol;
    std::vector<std::string> chain;
    // Not a leak of the audit's previous kernel that has an index: what
    // changed between the two.
    bool is_new = false;
};

struct AuditLeaks {
    // Per kernel of the audit: the release of its index, "" when no index
    // was given for it.
    std::vector<std::string> indexed;
    // [kernel][module], in the audit's orders.
    std::vector<std::vector<std::vector<InlineLeak>>> leaks;
    // Per module: GPL-incompatible (a leak refuses it once rebuilt), whether
    // its DWARF was found (without it nothing can be said).
    std::vector<bool> gpl_incompatible;
    std::vector<bool> has_dwarf;
    // Per module: why its DWARF could not be read ("" when it could); the
    // module then has no leaks to show, and says why.
    std::vector<std::string> problems;
};

// Matches each index (read from index_files[i]) to the audit's kernel of
// the same release (an index for no kernel of the audit is an Error naming
// its file) and reads each readable module's header functions from its
// DWARF.
AuditLeaks find_audit_leaks(const AuditResult& audit, const std::vector<LeakIndex>& indexes,
                            const std::vector<std::string>& index_files, int jobs);

// "Header functions that leak", module by module (render_audit_text adds
// it after the findings), and one module's list for its JSON.
std::string render_audit_leaks_text(const AuditResult& audit, const AuditLeaks& leaks);
nlohmann::ordered_json audit_leaks_json(const AuditResult& audit, const AuditLeaks& leaks, std::size_t module);

}  // namespace modlink
