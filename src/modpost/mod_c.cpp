// SPDX-License-Identifier: MIT
#include "modpost/mod_c.h"

#include <cstdio>

namespace modlink::modpost {

namespace {

// buf_printf's buffer: a formatted piece of this many bytes or more (its
// NUL included) does not fit.
constexpr std::size_t kBufPrintfSize = 500;

// One buf_printf. Where the era formats MODULE_ALIAS lines as it writes
// (7.2), a piece too long for buf_printf's buffer is fatal there.
template <typename... Args>
void append(Session& session, std::string& out, const char* fmt, Args... args) {
    char small[512];
    int n = std::snprintf(small, sizeof small, fmt, args...);
    if (n < 0) return;
    std::string big;
    const char* text = small;
    if (static_cast<std::size_t>(n) >= sizeof small) {
        big.assign(static_cast<std::size_t>(n) + 1, '\0');
        std::snprintf(big.data(), big.size(), fmt, args...);
        text = big.data();
    }
    if (session.era().mod_c.aliases_formatted_at_write && static_cast<std::size_t>(n) + 1 > kBufPrintfSize)
        session.diag().fatal("buf_printf output truncated for string %s: %d bytes needed, %d available\n",
                             std::string(text, kBufPrintfSize - 1).c_str(), n + 1, static_cast<int>(kBufPrintfSize));
    out.append(text, static_cast<std::size_t>(n));
}

void add_header(std::string& out, const Session& session, const ModpostModule& mod) {
    const ModCText& text = session.era().mod_c;
    out += text.header;
    out +=
        "__visible struct module __this_module\n"
        "__section(\".gnu.linkonce.this_module\") = {\n"
        "\t.name = KBUILD_MODNAME,\n";
    if (mod.has_init) out += "\t.init = init_module,\n";
    if (mod.has_cleanup) out += "#ifdef CONFIG_MODULE_UNLOAD\n\t.exit = cleanup_module,\n#endif\n";
    out += "\t.arch = MODULE_ARCH_INIT,\n};\n";
    if (!session.options().external_module) out += "\nMODULE_INFO(intree, \"Y\");\n";
    out += text.retpoline;
    if (mod.name.starts_with("drivers/staging")) out += "\nMODULE_INFO(staging, \"Y\");\n";
    if (mod.name.starts_with("tools/testing")) out += "\nMODULE_INFO(test, \"Y\");\n";
}

// Trimming (-t) leaves out the exports nothing uses.
bool emitted(const Session& session, const ExportedSymbol& s) { return !session.options().trim_unused || s.used; }

// The module's own ksymtab entries, for the eras whose modpost makes them.
void add_ksymtab(std::string& out, Session& session, const ModpostModule& mod) {
    KsymtabLines style = session.era().mod_c.ksymtab;
    if (style == KsymtabLines::None) return;
    out += '\n';
    for (const ExportedSymbol* s : mod.exports) {
        if (!emitted(session, *s)) continue;
        const char* kind = s->is_function ? "FUNC" : "DATA";
        if (style == KsymtabLines::LicenseAndNamespace) {
            append(session, out, "KSYMTAB_%s(%s, \"%s\", \"%s\");\n", kind, s->name.c_str(), s->gpl_only ? "_gpl" : "",
                   s->ns.c_str());
            continue;
        }
        // 7.1: the GPL-only bit is the symbol's __kflagstab byte.
        append(session, out, "KSYMTAB_%s(%s, \"%s\");\n", kind, s->name.c_str(), s->ns.c_str());
        append(session, out, "SYMBOL_FLAGS(%s, 0x%02x);\n", s->name.c_str(), s->gpl_only ? 0x01u : 0x00u);
    }
}

void add_symbol_crcs(std::string& out, Session& session, const ModpostModule& mod) {
    if (!session.options().modversions) return;
    out += '\n';
    for (const ExportedSymbol* s : mod.exports) {
        if (!emitted(session, *s)) continue;
        if (!s->crc_valid)
            session.diag().warn("%s", session.era().words->version_generation_failed(mod.ref(), s->name).c_str());
        if (session.era().mod_c.ksymtab == KsymtabLines::FlagsLine)
            append(session, out, "SYMBOL_CRC(%s, 0x%08x);\n", s->name.c_str(), s->crc);
        else
            append(session, out, "SYMBOL_CRC(%s, 0x%08x, \"%s\");\n", s->name.c_str(), s->crc, s->gpl_only ? "_gpl" : "");
    }
}

// ____versions[]: with -m (up to 6.13), with -b since (6.14). A name too
// long for its entry is an error, or left to the extended tables (-x).
void add_versions(std::string& out, Session& session, const ModpostModule& mod, bool target64) {
    const Options& opts = session.options();
    bool split = session.era().mod_c.basic_and_extended_versions;
    if (split ? !opts.basic_modversions : !opts.modversions) return;
    bool long_names_elsewhere = split && opts.extended_modversions;
    out += "\nstatic const struct modversion_info ____versions[]\n__used __section(\"__versions\") = {\n";
    for (const ImportedSymbol& s : mod.imports) {
        if (!s.provider) continue;
        if (!s.crc_valid) {
            session.diag().warn("%s", session.era().words->no_crc(mod.ref(), s.name).c_str());
            continue;
        }
        if (s.name.size() >= module_name_len(target64)) {
            if (long_names_elsewhere) continue;
            session.diag().error("%s", session.era().words->too_long_symbol(mod.ref(), s.name).c_str());
            break;
        }
        append(session, out, session.era().mod_c.version_entry, s.crc, s.name.c_str());
    }
    out += "};\n";
}

// -x (6.14): every versioned import, whatever its name's length, in two
// parallel tables.
void add_extended_versions(std::string& out, Session& session, const ModpostModule& mod) {
    if (!session.era().mod_c.basic_and_extended_versions || !session.options().extended_modversions) return;
    out += "\nstatic const u32 ____version_ext_crcs[]\n__used __section(\"__version_ext_crcs\") = {\n";
    for (const ImportedSymbol& s : mod.imports) {
        if (!s.provider) continue;
        if (!s.crc_valid) {
            session.diag().warn("%s", session.era().words->no_crc(mod.ref(), s.name).c_str());
            continue;
        }
        append(session, out, "\t0x%08x,\n", s.crc);
    }
    out += "};\nstatic const char ____version_ext_names[]\n__used __section(\"__version_ext_names\") =\n";
    for (const ImportedSymbol& s : mod.imports)
        if (s.provider && s.crc_valid) append(session, out, "\t\"%s\\0\"\n", s.name.c_str());
    out += ";\n";
}

void add_depends(std::string& out, ModpostModule& mod) {
    for (ImportedSymbol& s : mod.imports)
        if (s.provider) s.provider->listed_in_depends = false;
    out += "\nMODULE_INFO(depends, \"";
    bool first = true;
    for (ImportedSymbol& s : mod.imports) {
        ModpostModule* p = s.provider;
        if (!p || p->is_vmlinux || p->listed_in_depends) continue;
        p->listed_in_depends = true;
        if (!first) out += ',';
        out += p->basename();
        first = false;
    }
    out += "\");\n";
}

}  // namespace

std::string generate_mod_c(Session& session, ModpostModule& mod) {
    std::string out;
    out.reserve(2048);
    add_header(out, session, mod);
    add_ksymtab(out, session, mod);
    add_symbol_crcs(out, session, mod);
    add_versions(out, session, mod, mod.target64);
    add_extended_versions(out, session, mod);
    add_depends(out, mod);
    out += '\n';
    for (const std::string& alias : mod.aliases) append(session, out, "MODULE_ALIAS(\"%s\");\n", alias.c_str());
    if (!mod.srcversion.empty()) append(session, out, "\nMODULE_INFO(srcversion, \"%s\");\n", mod.srcversion.c_str());
    return out;
}

std::string generate_vmlinux_export_c(Session& session, ModpostModule& vmlinux) {
    std::string out = "#include <linux/export-internal.h>\n";
    add_ksymtab(out, session, vmlinux);
    add_symbol_crcs(out, session, vmlinux);
    // 6.18: the aliases of built-in modules, for modules.builtin.modinfo.
    if (session.era().mod_c.builtin_aliases) {
        out += "#include <linux/module.h>\n#undef __MODULE_INFO_PREFIX\n#define __MODULE_INFO_PREFIX\n";
        for (std::size_t i = 0; i < vmlinux.aliases.size(); ++i)
            append(session, out, "MODULE_INFO(%s.alias, \"%s\");\n", vmlinux.alias_modules[i].c_str(), vmlinux.aliases[i].c_str());
    }
    return out;
}

}  // namespace modlink::modpost
