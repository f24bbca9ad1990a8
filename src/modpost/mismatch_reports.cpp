// SPDX-License-Identifier: MIT
#include "modpost/mismatch_reports.h"

#include <cstdarg>
#include <cstdio>

namespace modlink::modpost {

namespace {

[[gnu::format(printf, 1, 2)]] std::string format(const char* fmt, ...) {
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    std::string out(n > 0 ? static_cast<std::size_t>(n) + 1 : 1, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size(), fmt, ap);
    va_end(ap);
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

}  // namespace

void MismatchReporter::warn(const Mismatch& m) {
    ++session_.section_mismatch_count;
    const MismatchEnds& ends = m.ends;
    std::string fs(m.from_section), ts(m.to_section);
    if (m.rule.kind == MismatchKind::ExportInitExit)
        session_.diag().warn("%s: EXPORT_SYMBOL used for init/exit symbol: %s (section: %s)\n", file_name_.c_str(),
                             ends.to_name.c_str(), ts.c_str());
    else if (rules_.wording == MismatchWording::SymbolsOnly)
        session_.diag().warn("%s: section mismatch in reference: %s (section: %s) -> %s (section: %s)\n",
                             file_name_.c_str(), ends.from_name.c_str(), fs.c_str(), ends.to_name.c_str(), ts.c_str());
    else {
        const std::uint64_t r_offset = m.relocation.offset;
        auto offset = static_cast<std::uint32_t>(ends.from ? r_offset - ends.from->value : r_offset);
        session_.diag().warn("%s", session_.era()
                                       .words
                                       ->section_mismatch(mod_.ref({}, file_name_), ends.from_name, ends.from != nullptr,
                                                          offset, fs, ends.to_name, ts)
                                       .c_str());
    }
    if (m.rule.kind == MismatchKind::ExTable) extable_verdict(m);
}

void MismatchReporter::warn_extable_own_handler(const Mismatch& m) {
    ++session_.section_mismatch_count;
    auto kind = [](const MismatchSymbol* s) { return !s ? "(unknown reference)" : s->function ? "function" : "variable"; };
    auto name = [](const MismatchSymbol* s) { return std::string(s ? s->name : "(unknown)"); };
    auto suffix = [](const MismatchSymbol* s) { return s && s->function ? "()" : ""; };
    const MismatchSymbol* from = m.ends.from;
    const MismatchSymbol* to = m.ends.to;
    std::string fs(m.from_section), ts(m.to_section);
    auto offset = static_cast<unsigned long>(m.relocation.offset);
    session_.diag().warn("%s(%s+0x%lx): Section mismatch in reference from the %s %s%s to the %s %s:%s%s\n",
                         file_name_.c_str(), fs.c_str(), offset, kind(from), name(from).c_str(), suffix(from), kind(to),
                         ts.c_str(), name(to).c_str(), suffix(to));
    bool black_listed = (m.to_groups & kAltInstr) != 0;
    if (!black_listed && m.to_executable) {
        // Upstream prints this advice bare, without a "WARNING:" prefix.
        std::string text = format(
            "The relocation at %s+0x%lx references\n"
            "section \"%s\" which is not in the list of\n"
            "authorized sections.  If you're adding a new section\n"
            "and/or if this reference is valid, add \"%s\" to the\n"
            "list of authorized sections to jump to on fault.\n"
            "This can be achieved by adding \"%s\" to \n"
            "OTHER_TEXT_SECTIONS in scripts/mod/modpost.c.\n",
            fs.c_str(), offset, ts.c_str(), ts.c_str(), ts.c_str());
        std::fwrite(text.data(), 1, text.size(), stderr);
    }
    if (black_listed) fatal_black_listed(fs, offset, ts);
    if (!m.to_executable)
        session_.diag().error("%s+0x%lx references non-executable section '%s'\n", fs.c_str(), offset, ts.c_str());
}

// ExTableReport::CommonWarningThenVerdict: after the common warning, an
// __ex_table entry gets a verdict on the section it points to.
void MismatchReporter::extable_verdict(const Mismatch& m) {
    std::string fs(m.from_section), ts(m.to_section);
    auto offset = static_cast<unsigned long>(m.relocation.offset);
    if (m.to_groups & kAltInstr) fatal_black_listed(fs, offset, ts);
    if (m.to_executable)
        session_.diag().warn(
            "The relocation at %s+0x%lx references\n"
            "section \"%s\" which is not in the list of\n"
            "authorized sections.  If you're adding a new section\n"
            "and/or if this reference is valid, add \"%s\" to the\n"
            "list of authorized sections to jump to on fault.\n"
            "This can be achieved by adding \"%s\" to\n"
            "OTHER_TEXT_SECTIONS in scripts/mod/modpost.c.\n",
            fs.c_str(), offset, ts.c_str(), ts.c_str(), ts.c_str());
    else
        session_.diag().error("%s+0x%lx references non-executable section '%s'\n", fs.c_str(), offset, ts.c_str());
}

void MismatchReporter::fatal_black_listed(const std::string& from_section, unsigned long offset,
                                          const std::string& to_section) {
    session_.diag().fatal("The relocation at %s+0x%lx references\n"
                          "section \"%s\" which is black-listed.\n"
                          "Something is seriously wrong and should be fixed.\n"
                          "You might get more information about where this is\n"
                          "coming from by using scripts/check_extable.sh %s\n",
                          from_section.c_str(), offset, to_section.c_str(), file_name_.c_str());
}

}  // namespace modlink::modpost
