// SPDX-License-Identifier: MIT
// Section mismatch checks: a reference from code or data that stays in
// memory to code or data that is freed after init (or never loaded) is a
// bug the build should report. Which (from, to) section pairs are bad, and
// which references are nevertheless allowed, is a rule table per era; this
// is 6.1's, as Debian's linux-kbuild-6.1 applies it. Exception-table
// entries that point outside the code they may jump to get 6.1's own
// __ex_table messages (a warning, then advice, an error or a fatal error by
// the target section). Where a relocation points is reloc_target.h's job.
#pragma once

#include <string>
#include <vector>

#include "modlink/elf.h"
#include "modpost/session.h"

namespace modlink::modpost {

// Per-object state: the symbol data the checks search, built on first use
// (most relocation sections never need it).
class SectionMismatchChecker {
public:
    SectionMismatchChecker(Session& session, const ModpostModule& mod, const ElfFile& elf,
                           const std::vector<ElfSymbol>& symbols, std::string file_name);
    ~SectionMismatchChecker();
    SectionMismatchChecker(const SectionMismatchChecker&) = delete;
    SectionMismatchChecker& operator=(const SectionMismatchChecker&) = delete;

    // Checks every relocation of one SHT_REL/SHT_RELA section.
    void check_relocation_section(const ElfSection& rel_section);

private:
    struct Impl;
    Impl* impl_;
};

}  // namespace modlink::modpost
