// SPDX-License-Identifier: MIT
#include "modpost/modinfo_tags.h"

#include <string_view>

#include "modlink/license.h"
#include "modlink/namespaces.h"

namespace modlink::modpost {

void read_modinfo_tags(Session& session, ModpostModule& mod, const Modinfo& info, const std::string& path) {
    bool any = false;
    for (const auto& [key, value] : info.entries) {
        if (key == "license") {
            any = true;
            if (!license_is_gpl_compatible(value)) mod.gpl_compatible = false;
        }
    }
    const ModuleWords& words = *session.era().words;
    if (!any) session.diag().error("%s", words.missing_license(mod.ref(path)).c_str());
    for (const auto& [key, value] : info.entries) {
        if (key != "import_ns") continue;
        // 6.16: a module: namespace names its users; nobody imports it.
        if (session.era().module_namespaces && std::string_view(value).starts_with(kModuleNamespacePrefix))
            session.diag().error("%s", words.explicit_module_namespace(mod.ref(), value).c_str());
        mod.imported_namespaces.emplace_back(value);
    }
    DescriptionWarning when = session.era().messages.description_warning;
    bool warn = when == DescriptionWarning::Always || (when == DescriptionWarning::WithW && session.options().extra_warn);
    if (warn && !info.first("description"))
        session.diag().warn("%s", words.missing_description(mod.ref(path)).c_str());
}

}  // namespace modlink::modpost
