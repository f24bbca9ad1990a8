// SPDX-License-Identifier: MIT
#include "modpost/session.h"

namespace modlink::modpost {

std::string_view ModpostModule::basename() const {
    std::string_view n = name;
    std::size_t slash = n.rfind('/');
    return slash == std::string_view::npos ? n : n.substr(slash + 1);
}

ModpostModule& Session::new_module(std::string name) {
    ModpostModule& m = modules_.emplace_back();
    m.name = std::move(name);
    m.is_vmlinux = m.name == "vmlinux";
    // The first module of a name is the one found, as upstream's list walk finds it.
    modules_by_name_.emplace(std::string_view(m.name), &m);
    return m;
}

ModpostModule* Session::find_module(std::string_view name) {
    auto it = modules_by_name_.find(name);
    return it == modules_by_name_.end() ? nullptr : it->second;
}

ExportedSymbol* Session::find_export(std::string_view name) {
    if (!name.empty() && name.front() == '.') name.remove_prefix(1);
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : it->second;
}

ExportedSymbol& Session::add_export(ModpostModule& owner, std::string_view name, bool gpl_only) {
    ExportedSymbol* previous = find_export(name);
    // An external build may shadow another module's export from a dump;
    // vmlinux's exports and a module's own may not be redefined.
    if (previous && (!options_.external_module || previous->owner->is_vmlinux || previous->owner == &owner))
        diag_.error("%s", era_.words->exported_twice(owner.ref(), name, previous->owner->ref()).c_str());
    ExportedSymbol& s = symbols_.emplace_back();
    s.name = std::string(name);
    s.owner = &owner;
    s.gpl_only = gpl_only;
    owner.exports.push_back(&s);
    index_.insert_or_assign(std::string_view(s.name), &s);
    return s;
}

}  // namespace modlink::modpost
