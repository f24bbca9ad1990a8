// SPDX-License-Identifier: MIT
#include "modlink/modpost/section_checks.h"

#include <fnmatch.h>

#include "modlink/modpost/section_mismatch.h"

namespace modlink::modpost {

bool is_unchecked_section(std::string_view name) {
    static constexpr const char* kPatterns[] = {
        ".comment*", ".debug*", ".zdebug*", ".GCC.command.line", ".mdebug*", ".pdr", ".stab*", ".note*",
        ".got*", ".toc*", ".xt.prop", ".xt.lit", ".arcextmap*", ".gnu.linkonce.arcext*", ".cmem*",
        ".fmt_slot*", ".gnu.lto*", ".discard.*",
    };
    std::string n(name);
    for (const char* p : kPatterns)
        if (fnmatch(p, n.c_str(), 0) == 0) return true;
    return false;
}

void check_sections(Session& session, const ElfFile& elf, const std::vector<ElfSymbol>& symbols,
                    const std::string& file_name) {
    SectionMismatchChecker mismatches(session, elf, symbols, file_name);
    for (const ElfSection& s : elf.sections()) {
        if (s.hdr.sh_type == SHT_PROGBITS && !(s.hdr.sh_flags & SHF_ALLOC) && !is_unchecked_section(s.name))
            session.diag().warn(
                "%s (%s): unexpected non-allocatable section.\n"
                "Did you forget to use \"ax\"/\"aw\" in a .S file?\n"
                "Note that for example <linux/init.h> contains\n"
                "section definitions for use in .S files.\n\n",
                file_name.c_str(), std::string(s.name).c_str());
        if (s.hdr.sh_type == SHT_REL || s.hdr.sh_type == SHT_RELA) mismatches.check_relocation_section(s);
    }
}

}  // namespace modlink::modpost
