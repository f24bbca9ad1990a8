// SPDX-License-Identifier: MIT
#include "modpost/symvers_dump.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "modpost/output_file.h"

namespace modlink::modpost {

namespace {

// strtoul(text, &end, 16) must consume the whole field (an empty field
// reads as 0, as it does upstream).
bool parse_crc(const std::string& field, std::uint32_t& crc) {
    char* end = nullptr;
    unsigned long v = std::strtoul(field.c_str(), &end, 16);
    if (*end != '\0') return false;
    crc = static_cast<std::uint32_t>(v);
    return true;
}

}  // namespace

void parse_symvers_dump(Session& session, std::string_view text) {
    Diagnostics& diag = session.diag();
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);

        std::string_view field[5];
        std::string_view rest = line;
        for (int i = 0; i < 4; ++i) {
            std::size_t tab = rest.find('\t');
            if (tab == std::string_view::npos) diag.fatal("parse error in symbol dump file\n");
            field[i] = rest.substr(0, tab);
            rest = rest.substr(tab + 1);
        }
        field[4] = rest;  // the namespace: everything after the fourth TAB
        std::uint32_t crc = 0;
        if (field[1].empty() || field[2].empty() || !parse_crc(std::string(field[0]), crc))
            diag.fatal("parse error in symbol dump file\n");
        bool gpl_only;
        if (field[3] == "EXPORT_SYMBOL") gpl_only = false;
        else if (field[3] == "EXPORT_SYMBOL_GPL") gpl_only = true;
        else {
            // Upstream's message has no newline.
            diag.error("%s: unknown license %s. skip", std::string(field[1]).c_str(), std::string(field[3]).c_str());
            continue;
        }
        ModpostModule* mod = session.find_module(field[2]);
        if (!mod) {
            mod = &session.new_module(std::string(field[2]));
            mod->from_dump = true;
        }
        ExportedSymbol& s = session.add_export(*mod, field[1], gpl_only);
        s.crc = crc;
        s.crc_valid = true;
        // The namespace goes to whichever export of that name is now found.
        // That lookup reads ".foo" as "foo" (PPC64's dot symbols), so a dump
        // symbol with a leading dot finds nothing: 6.1 (the era of
        // __ksymtab sections) says so.
        if (ExportedSymbol* found = session.find_export(field[1])) found->ns = std::string(field[4]);
        else if (session.era().export_markers == ExportMarkers::KsymtabSections)
            diag.error("Could not update namespace(%s) for symbol %s\n", std::string(field[4]).c_str(),
                       std::string(field[1]).c_str());
    }
}

void read_symvers_dump(Session& session, const std::string& path) {
    std::string text;
    int err = read_text_file(path, text);
    if (err != 0) session.diag().perror_exit(path, err);
    parse_symvers_dump(session, text);
}

std::string format_symvers_dump(Session& session) {
    std::string out;
    char crc[16];
    for (ModpostModule& m : session.modules()) {
        if (m.from_dump) continue;
        for (const ExportedSymbol* s : m.exports) {
            if (session.options().trim_unused && !s->used) continue;
            std::snprintf(crc, sizeof crc, "0x%08x", s->crc);
            out += crc;
            out += '\t';
            out += s->name;
            out += '\t';
            out += m.name;
            out += s->gpl_only ? "\tEXPORT_SYMBOL_GPL\t" : "\tEXPORT_SYMBOL\t";
            out += s->ns;
            out += '\n';
        }
    }
    return out;
}

}  // namespace modlink::modpost
