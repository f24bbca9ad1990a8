// SPDX-License-Identifier: MIT
#include "modpost/import_checks.h"

#include <algorithm>
#include <string>

#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/explain_notes.h"
#include "modpost/mod_c.h"

namespace modlink::modpost {

namespace {

// MODLINK_EXPLAIN: the reference sites and inline chains of `symbol` in the
// module's object, as notes under the message just printed. A failure to
// explain (no such object, bad DWARF) is one note, never a change to
// modpost's own verdict or exit status.
void explain(Session& session, const ModpostModule& mod, const std::string& symbol) {
    if (!session.options().explain) return;
    std::string object = mod.name + ".o";
    try {
        Explanation e = explain_module(object, {symbol});
        for (const SymbolExplanation& s : e.symbols)
            for (const std::string& n : explanation_notes(e, s)) session.diag().note(n);
    } catch (const Error& err) {
        session.diag().note("cannot explain: " + err.describe());
    }
}


}  // namespace

void check_module_name_length(Session& session, const ModpostModule& mod) {
    if (mod.basename().size() >= module_name_len(mod.target64))
        session.diag().error("%s", session.era().words->name_too_long(mod.ref()).c_str());
}

void resolve_and_check_imports(Session& session, ModpostModule& mod) {
    Diagnostics& diag = session.diag();
    const Options& opts = session.options();
    const ModuleWords& words = *session.era().words;
    std::string base(mod.basename());
    unsigned own_unresolved = 0;
    for (ImportedSymbol& imp : mod.imports) {
        ExportedSymbol* exp = session.find_export(imp.name);
        if (!exp) {
            if (imp.weak) continue;
            ++own_unresolved;
            if (session.unresolved_count++ < kMaxUnresolvedReports) {
                std::string text = words.undefined(mod.ref(), imp.name);
                if (opts.warn_unresolved) diag.warn("%s", text.c_str());
                else diag.error("%s", text.c_str());
                explain(session, mod, imp.name);
            } else if (opts.keep_going && own_unresolved <= kMaxUnresolvedReports) {
                // The cap is the run's: a keep-going run still owes this
                // module the verdict a run of it alone would give.
                diag.record_unprinted(!opts.warn_unresolved, std::string(opts.warn_unresolved ? "WARNING" : "ERROR") +
                                                                 ": modpost: " + words.undefined(mod.ref(), imp.name));
            }
            continue;
        }
        if (exp->owner == &mod) {
            diag.error("%s", words.exported_without_definition(mod.ref(), imp.name).c_str());
            continue;
        }
        exp->used = true;
        imp.provider = exp->owner;
        imp.crc_valid = exp->crc_valid;
        imp.crc = exp->crc;

        bool listed = session.era().module_namespaces && module_namespace_lists(exp->ns, base, ModuleNameComparison::Bytes);
        if (!exp->ns.empty() && !listed &&
            std::find(mod.imported_namespaces.begin(), mod.imported_namespaces.end(), exp->ns) ==
                mod.imported_namespaces.end()) {
            std::string text = words.namespace_not_imported(mod.ref(), exp->name, exp->ns);
            if (opts.warn_missing_ns) diag.warn("%s", text.c_str());
            else diag.error("%s", text.c_str());
            explain(session, mod, imp.name);
            if (std::find(mod.missing_namespaces.begin(), mod.missing_namespaces.end(), exp->ns) ==
                mod.missing_namespaces.end())
                mod.missing_namespaces.push_back(exp->ns);
        }
        if (!mod.gpl_compatible && exp->gpl_only) {
            diag.error("%s", words.gpl_only(mod.ref(), exp->name).c_str());
            explain(session, mod, imp.name);
        }
    }
}

}  // namespace modlink::modpost
