// SPDX-License-Identifier: MIT
#include "modlink/query.h"

#include <fmt/format.h>

#include <cctype>

#include "modlink/namespaces.h"
#include "modlink/json.h"
#include "modlink/license.h"
#include "modlink_config.h"

namespace modlink {

namespace {

void judge(SymbolAnswer& a, const QueryingModule& m, const std::string& release) {
    if (!a.exported) {
        a.usable = false;
        a.reason = "not exported";
        return;
    }
    const KernelExport& e = *a.exported;
    Module asking;
    asking.name = m.name;
    if (is_module_namespace(e.ns) && !namespace_is_imported(asking, e.ns)) {
        a.usable = false;
        a.reason = fmt::format("exported only to {}", e.ns.substr(kModuleNamespacePrefix.size()));
        return;
    }
    if (e.gpl_only && !m.license.empty() && !license_is_gpl_compatible(m.license)) {
        a.usable = false;
        a.reason = fmt::format("GPL-only, and license '{}' is not GPL-compatible", m.license);
        return;
    }
    a.usable = true;
    if (!e.ns.empty() && !is_module_namespace(e.ns)) {
        a.import_statement = import_ns_statement(e.ns, release).value_or("");
        a.reason = "needs " + a.import_statement;
    } else if (e.gpl_only && m.license.empty()) {
        a.reason = "GPL-only: needs a GPL-compatible MODULE_LICENSE";
    }
}

std::string macro_name(const std::string& symbol) {
    std::string o;
    for (char c : symbol) o += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_';
    return o;
}

std::string crc_of(const KernelExport& e, bool modversions) {
    return modversions && e.crc ? crc_text(*e.crc) : std::string();
}

}  // namespace

KernelAnswers answer_query(const std::string& path, const Kernel& kernel, const std::vector<std::string>& symbols,
                           const std::optional<QueryingModule>& module) {
    KernelAnswers out{path, kernel.release, kernel.uses_modversions(), {}};
    out.symbols.reserve(symbols.size());
    for (const std::string& s : symbols) {
        SymbolAnswer a{s, kernel.find(s), std::nullopt, {}, {}};
        if (module) judge(a, *module, kernel.release);
        out.symbols.push_back(std::move(a));
    }
    return out;
}

std::string render_query_text(const std::vector<KernelAnswers>& answers) {
    std::string o;
    for (const KernelAnswers& k : answers) {
        const std::string& label = k.release.empty() ? k.path : k.release;
        for (const SymbolAnswer& a : k.symbols) {
            o += fmt::format("{}\t{}\t", label, a.symbol);
            if (!a.exported) {
                o += "not exported";
            } else {
                const KernelExport& e = *a.exported;
                o += fmt::format("{}\t{}", e.owner, e.gpl_only ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL");
                if (!e.ns.empty()) o += "\tnamespace " + e.ns;
                if (std::string crc = crc_of(e, k.modversions); !crc.empty()) o += "\tcrc " + crc;
            }
            if (a.usable) o += fmt::format("\t{}{}", *a.usable ? "usable" : "refused", a.reason.empty() ? "" : ": " + a.reason);
            o += '\n';
        }
    }
    return o;
}

std::string render_query_json(const std::vector<KernelAnswers>& answers, const std::optional<QueryingModule>& module) {
    Json doc = {{"schema", 1}, {"tool", "modlink"}, {"version", MODLINK_VERSION}, {"command", "query"}};
    if (module) doc["module"] = {{"name", module->name}, {"license", module->license}};
    Json& kernels = doc["kernels"] = Json::array();
    for (const KernelAnswers& k : answers) {
        Json symbols = Json::array();
        for (const SymbolAnswer& a : k.symbols) {
            Json s = {{"symbol", a.symbol}, {"exported", a.exported != nullptr}};
            if (a.exported) {
                s["owner"] = a.exported->owner;
                s["gpl_only"] = a.exported->gpl_only;
                s["namespace"] = a.exported->ns;
                s["crc"] = k.modversions && a.exported->crc ? Json(crc_text(*a.exported->crc)) : Json(nullptr);
            }
            if (a.usable) {
                s["usable"] = *a.usable;
                s["reason"] = a.reason;
                if (!a.import_statement.empty()) s["import"] = a.import_statement;
            }
            symbols.push_back(std::move(s));
        }
        kernels.push_back({{"path", k.path}, {"release", k.release}, {"modversions", k.modversions},
                           {"symbols", std::move(symbols)}});
    }
    return json_text(doc);
}

std::string render_query_autoconf(const std::vector<KernelAnswers>& answers) {
    std::string o;
    for (const KernelAnswers& k : answers) {
        if (answers.size() > 1) o += fmt::format("/* {} */\n", k.release.empty() ? k.path : k.release);
        for (const SymbolAnswer& a : k.symbols) {
            std::string m = macro_name(a.symbol);
            if (!a.exported) {
                o += fmt::format("/* #undef HAVE_EXPORT_{} */\n", m);
                continue;
            }
            o += fmt::format("#define HAVE_EXPORT_{} 1\n", m);
            if (a.exported->gpl_only) o += fmt::format("#define {}_IS_GPL_ONLY 1\n", m);
        }
    }
    return o;
}

}  // namespace modlink
