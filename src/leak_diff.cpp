// SPDX-License-Identifier: MIT
#include "modlink/leak_diff.h"

#include <set>
#include <utility>

#include "modlink/json.h"
#include "modlink_config.h"

namespace modlink {

LeakDiff diff_leak_indexes(const LeakIndex& old_index, const LeakIndex& new_index) {
    LeakDiff d;
    d.old_path = old_index.kernel_path;
    d.old_release = old_index.release;
    d.new_path = new_index.kernel_path;
    d.new_release = new_index.release;
    std::set<std::pair<std::string, std::string>> old_pairs, new_pairs;
    std::set<std::string> old_leaking, old_used;
    for (const LeakEntry& e : old_index.leaks) {
        old_pairs.emplace(e.function, e.symbol);
        old_leaking.insert(e.function);
    }
    for (const UsedFunction& f : old_index.functions) old_used.insert(f.function);
    for (const LeakEntry& e : new_index.leaks) new_pairs.emplace(e.function, e.symbol);
    // The entries keep their index's order: most modules first.
    for (const LeakEntry& e : new_index.leaks) {
        if (old_pairs.count({e.function, e.symbol})) continue;
        if (old_leaking.count(e.function)) d.gained.push_back(e);
        else if (old_used.count(e.function)) d.broken.push_back(e);
        else d.new_functions.push_back(e);
    }
    for (const LeakEntry& e : old_index.leaks)
        if (!new_pairs.count({e.function, e.symbol})) d.removed.push_back(e);
    return d;
}

namespace {

Json entries_json(const std::vector<const std::vector<LeakEntry>*>& lists) {
    Json out = Json::array();
    for (const auto* list : lists)
        for (const LeakEntry& e : *list)
            out.push_back(leak_entry_json(e));
    return out;
}

std::string entry_text(const LeakEntry& e) {
    std::string chain;
    for (const std::string& c : e.chain) chain += (chain.empty() ? "" : " -> ") + c;
    return "  " + e.function + "() " + e.file + ":" + std::to_string(e.line) + " -> " + e.symbol + " (" +
           site_kind_id(e.reference) + "): " + std::to_string(e.modules) + (e.modules == 1 ? " module" : " modules") +
           "\n      " + chain + "   [" + e.evidence + "]\n";
}

std::string section(const std::string& heading, const std::vector<LeakEntry>& entries) {
    std::string out = heading + ": " + std::to_string(entries.size()) + "\n";
    for (const LeakEntry& e : entries) out += entry_text(e);
    return out;
}

}  // namespace

std::string leak_diff_json(const LeakDiff& d) {
    Json doc{{"schema", 1},
             {"tool", "modlink"},
             {"version", MODLINK_VERSION},
             {"command", "leaks-diff"},
             {"old", {{"path", d.old_path}, {"release", d.old_release}}},
             {"new", {{"path", d.new_path}, {"release", d.new_release}}},
             {"broken", entries_json({&d.broken})},
             {"added", entries_json({&d.gained, &d.new_functions})},
             {"removed", entries_json({&d.removed})}};
    return json_text(doc);
}

std::string leak_diff_text(const LeakDiff& d) {
    auto name = [](const std::string& release, const std::string& path) { return release.empty() ? path : release; };
    std::string out = "Leaks from " + name(d.old_release, d.old_path) + " to " + name(d.new_release, d.new_path) + "\n\n";
    out += section("Broken (header functions modules used without any GPL-only symbol, that pull one in now)", d.broken);
    out += "\n" + section("Gained another GPL-only symbol", d.gained);
    out += "\n" + section("New header functions that leak", d.new_functions);
    out += "\n" + section("Leaks gone", d.removed);
    return out;
}

}  // namespace modlink
