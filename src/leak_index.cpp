// SPDX-License-Identifier: MIT
#include "modlink/leak_index.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <tuple>

#include "modlink/error.h"
#include "modlink_config.h"
#include "modlink/json.h"
#include "modlink/plural.h"

namespace modlink {

bool is_kernel_header(const SourceLocation& loc) {
    if (loc.own || loc.file.empty()) return false;
    const std::string& f = loc.file;
    if (f.rfind("include/", 0) == 0) return true;
    // arch/ARCH/include/...
    if (f.rfind("arch/", 0) != 0) return false;
    std::size_t slash = f.find('/', 5);
    return slash != std::string::npos && slash > 5 && f.compare(slash, 9, "/include/") == 0;
}

namespace {

// The order that makes the shortest chain win, and ties fixed.
bool shorter(const std::vector<std::string>& a, SiteKind ka, const std::vector<std::string>& b, SiteKind kb) {
    if (a.size() != b.size()) return a.size() < b.size();
    if (a != b) return a < b;
    return ka < kb;
}

}  // namespace

std::vector<LeakSighting> leak_sightings(const Explanation& e) {
    // Keyed by (function, file, symbol): the shortest chain of the module
    // and the sites of all its chains.
    std::map<std::tuple<std::string, std::string, std::string>, LeakSighting> by_key;
    for (const SymbolExplanation& s : e.symbols)
        for (const SiteGroup& g : s.groups)
            // From the innermost frame outwards, while the code is a kernel
            // header's: a header function whose chain to the symbol passes
            // through the module's own code (a release callback inlined into
            // kref_put()) does not leak it; the module does.
            for (std::size_t i = 0; i < g.frames.size(); ++i) {
                const InlineFrame& f = g.frames[i];
                if (f.function.empty() || !is_kernel_header(f.declared)) break;
                LeakSighting x;
                x.function = f.function;
                x.declared = f.declared;
                x.symbol = s.symbol;
                x.reference = g.kind;
                // frames[0] is innermost: from frame i inwards, then the symbol.
                for (std::size_t j = i + 1; j-- > 0;) x.chain.push_back(g.frames[j].function);
                x.chain.push_back(s.symbol);
                x.sites = g.sites.size();
                auto key = std::make_tuple(x.function, x.declared.file, x.symbol);
                auto [it, fresh] = by_key.try_emplace(key, x);
                if (fresh) continue;
                LeakSighting& have = it->second;
                have.sites += x.sites;
                have.declared.line = std::min(have.declared.line, x.declared.line);
                if (shorter(x.chain, x.reference, have.chain, have.reference)) {
                    have.chain = std::move(x.chain);
                    have.reference = x.reference;
                }
            }
    std::vector<LeakSighting> out;
    out.reserve(by_key.size());
    for (auto& [_, x] : by_key) out.push_back(std::move(x));
    return out;
}

std::vector<UsedFunction> header_functions_used(const std::vector<DeclaredFunction>& code_functions) {
    std::vector<UsedFunction> out;
    for (const DeclaredFunction& f : code_functions)
        if (is_kernel_header(f.declared)) out.push_back({f.function, f.declared.file, 1});
    return out;
}

void LeakIndexBuilder::add_module(const std::string& module, const std::vector<LeakSighting>& sightings,
                                  const std::vector<UsedFunction>& functions) {
    for (const UsedFunction& f : functions) ++functions_[{f.function, f.file}];
    for (const LeakSighting& x : sightings) {
        auto [it, fresh] = entries_.try_emplace({x.function, x.declared.file, x.symbol});
        LeakEntry& e = it->second;
        if (fresh) {
            e.function = x.function;
            e.file = x.declared.file;
            e.line = x.declared.line;
            e.symbol = x.symbol;
            e.reference = x.reference;
            e.chain = x.chain;
            e.modules = 1;
            e.sites = x.sites;
            e.evidence = module;
            continue;
        }
        e.modules += 1;
        e.sites += x.sites;
        e.line = std::min(e.line, x.declared.line);
        // Strictly shorter only: among equals the earlier module stays the evidence.
        if (shorter(x.chain, x.reference, e.chain, e.reference)) {
            e.chain = x.chain;
            e.reference = x.reference;
            e.evidence = module;
        }
    }
}

namespace {

// Each entry's users from the index's functions seen (keyed by function
// and header, as entries are): at least the modules that showed the leak.
void count_users(LeakIndex& index) {
    std::map<std::pair<std::string, std::string>, std::size_t> users;
    for (const UsedFunction& f : index.functions) users[{f.function, f.file}] += f.modules;
    for (LeakEntry& e : index.leaks) e.users = std::max(e.modules, users[{e.function, e.file}]);
}

}  // namespace

void LeakIndexBuilder::finish(LeakIndex& index) const {
    index.functions.clear();
    for (const auto& [key, n] : functions_) index.functions.push_back({key.first, key.second, n});
    index.leaks.clear();
    for (const auto& [_, e] : entries_) index.leaks.push_back(e);
    count_users(index);
    sort_leaks(index.leaks);
}

bool leaks_in_most_users(const LeakEntry& e) { return 2 * e.modules >= e.users; }

std::string chain_text(const std::vector<std::string>& chain) {
    std::string out;
    for (const std::string& c : chain) out += (out.empty() ? "" : " -> ") + c;
    return out;
}

void sort_leaks(std::vector<LeakEntry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const LeakEntry& a, const LeakEntry& b) {
        if (a.modules != b.modules) return a.modules > b.modules;
        if (a.sites != b.sites) return a.sites > b.sites;
        return std::tie(a.function, a.file, a.symbol) < std::tie(b.function, b.file, b.symbol);
    });
}

Json leak_entry_json(const LeakEntry& e) {
    return Json{{"function", e.function}, {"file", e.file},         {"line", e.line},
                {"symbol", e.symbol},     {"reference", site_kind_id(e.reference)},
                {"chain", e.chain},       {"modules", e.modules},   {"users", e.users},
                {"sites", e.sites},       {"evidence", e.evidence}};
}

std::string leak_index_json(const LeakIndex& index) {
    Json leaks = Json::array();
    for (const LeakEntry& e : index.leaks) leaks.push_back(leak_entry_json(e));
    Json functions = Json::array();
    for (const UsedFunction& f : index.functions)
        functions.push_back(Json{{"function", f.function}, {"file", f.file}, {"modules", f.modules}});
    Json doc{{"schema", 1},
             {"tool", "modlink"},
             {"version", MODLINK_VERSION},
             {"command", "leaks"},
             {"kernel", {{"path", index.kernel_path}, {"release", index.release}}},
             {"modules_read", index.modules_read},
             {"modules_without_dwarf", index.modules_without_dwarf},
             {"leaks", std::move(leaks)},
             {"functions", std::move(functions)}};
    return json_text(doc);
}

std::string leak_index_text(const LeakIndex& index) {
    std::string out = "Leak index of " + (index.release.empty() ? std::string("the kernel") : index.release) + ": " +
                      std::to_string(index.leaks.size()) + " header function/GPL-only symbol pairs, from " +
                      std::to_string(index.modules_read) + " modules with DWARF, which use " +
                      std::to_string(index.functions.size()) + " header functions";
    if (index.modules_without_dwarf) out += " (" + std::to_string(index.modules_without_dwarf) + " without, not read)";
    out += "\n";
    for (const LeakEntry& e : index.leaks)
        out += e.function + "() " + e.file + ":" + std::to_string(e.line) + " -> " + e.symbol + " (" +
               site_kind_id(e.reference) + "): " + plural(e.modules, "module") + " of " + std::to_string(e.users) +
               " that use it, " + plural(e.sites, "site") + "\n    " + chain_text(e.chain) + "   [" + e.evidence +
               "]\n";
    return out;
}

namespace {

SiteKind site_kind_named(const std::string& id, const std::string& path) {
    for (SiteKind k : {SiteKind::Call, SiteKind::Reference, SiteKind::StaticKey, SiteKind::StaticCall,
                       SiteKind::ExceptionTable, SiteKind::Data})
        if (id == site_kind_id(k)) return k;
    throw Error(path, "not a modlink leak index: unknown reference kind '" + id + "'");
}

}  // namespace

LeakIndex read_leak_index(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
    Json doc;
    try {
        doc = Json::parse(in);
    } catch (const Json::exception& e) {
        throw Error(path, "not a modlink leak index: not JSON (" + std::string(e.what()) + ")");
    }
    try {
        if (!doc.is_object() || doc.value("command", "") != "leaks")
            throw Error(path, "not a modlink leak index (modlink leaks --format json writes one)");
        if (doc.at("schema").get<int>() != 1)
            throw Error(path, "a leak index of schema " + doc.at("schema").dump() + "; this modlink reads schema 1");
        LeakIndex index;
        index.kernel_path = doc.at("kernel").at("path").get<std::string>();
        index.release = doc.at("kernel").at("release").get<std::string>();
        index.modules_read = doc.at("modules_read").get<std::size_t>();
        index.modules_without_dwarf = doc.at("modules_without_dwarf").get<std::size_t>();
        for (const Json& j : doc.at("leaks")) {
            LeakEntry e;
            e.function = j.at("function").get<std::string>();
            e.file = j.at("file").get<std::string>();
            e.line = j.at("line").get<unsigned>();
            e.symbol = j.at("symbol").get<std::string>();
            e.reference = site_kind_named(j.at("reference").get<std::string>(), path);
            e.chain = j.at("chain").get<std::vector<std::string>>();
            e.modules = j.at("modules").get<std::size_t>();
            e.sites = j.at("sites").get<std::size_t>();
            e.evidence = j.at("evidence").get<std::string>();
            index.leaks.push_back(std::move(e));
        }
        for (const Json& j : doc.at("functions"))
            index.functions.push_back(
                {j.at("function").get<std::string>(), j.at("file").get<std::string>(), j.at("modules").get<std::size_t>()});
        // Counted from the functions seen, as when the index was made (an
        // index written before entries said their users has none).
        count_users(index);
        return index;
    } catch (const Json::exception& e) {
        throw Error(path, "not a modlink leak index: " + std::string(e.what()));
    }
}

}  // namespace modlink
