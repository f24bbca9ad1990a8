// SPDX-License-Identifier: MIT
#include "modlink/leak_diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "modlink/json.h"
#include "modlink/plural.h"
#include "modlink_config.h"

namespace modlink {

const char* leak_change_id(LeakChange c) {
    switch (c) {
    case LeakChange::Broken: return "broken";
    case LeakChange::Gained: return "gained";
    case LeakChange::NewFunction: return "new";
    case LeakChange::Removed: return "removed";
    }
    return "?";
}

namespace {

std::vector<LeakCause> causes_of(const std::vector<LeakEntry>& broken) {
    std::map<std::pair<std::string, std::string>, LeakCause> by_cause;
    for (const LeakEntry& e : broken) {
        // chain: the function ... the referencing function, the symbol.
        const std::string& referrer = e.chain.size() >= 2 ? e.chain[e.chain.size() - 2] : e.function;
        LeakCause& c = by_cause[{referrer, e.symbol}];
        c.function = referrer;
        c.symbol = e.symbol;
        c.modules = std::max(c.modules, e.modules);
        // `broken` is most modules first. A function defined in two headers
        // (an arch variant) is two entries but one function.
        if (std::find(c.functions.begin(), c.functions.end(), e.function) == c.functions.end())
            c.functions.push_back(e.function);
    }
    std::vector<LeakCause> out;
    for (auto& [_, c] : by_cause) out.push_back(std::move(c));
    std::stable_sort(out.begin(), out.end(), [](const LeakCause& a, const LeakCause& b) {
        if (a.modules != b.modules) return a.modules > b.modules;
        return a.functions.size() > b.functions.size();
    });
    return out;
}

}  // namespace

LeakDiff diff_leak_indexes(const LeakIndex& old_index, const LeakIndex& new_index) {
    LeakDiff d;
    d.old_path = old_index.kernel_path;
    d.old_release = old_index.release;
    d.new_path = new_index.kernel_path;
    d.new_release = new_index.release;
    // A function's body leaks a symbol when most of its users show the
    // pair (leaks_in_most_users); a few users showing it is an argument.
    // A pair that crosses that line is a change of the body: from a few
    // users to most is broken or gained, from most to a few is gone.
    using Pair = std::pair<std::string, std::string>;
    struct Seen {
        std::set<Pair> body, any;       // pairs: of the function's body, and all
        std::set<std::string> leaking;  // functions whose body leaks something
    };
    auto seen = [](const LeakIndex& x) {
        Seen s;
        for (const LeakEntry& e : x.leaks) {
            s.any.emplace(e.function, e.symbol);
            if (!leaks_in_most_users(e)) continue;
            s.body.emplace(e.function, e.symbol);
            s.leaking.insert(e.function);
        }
        return s;
    };
    Seen old_seen = seen(old_index), new_seen = seen(new_index);
    std::set<std::string> old_used;
    for (const UsedFunction& f : old_index.functions) old_used.insert(f.function);
    // The entries keep their index's order: most modules first.
    for (const LeakEntry& e : new_index.leaks) {
        Pair key{e.function, e.symbol};
        LeakChange change = old_seen.leaking.count(e.function) ? LeakChange::Gained
                            : old_used.count(e.function)        ? LeakChange::Broken
                                                                : LeakChange::NewFunction;
        if (leaks_in_most_users(e)) {
            if (old_seen.body.count(key)) continue;
            (change == LeakChange::Gained ? d.gained : change == LeakChange::Broken ? d.broken : d.new_functions)
                .push_back(e);
        } else if (!old_seen.any.count(key)) {
            // Few users, and not in the old index at all. (Most users there:
            // the old entry is listed as gone below.)
            d.incidental.push_back({change, e});
        }
    }
    for (const LeakEntry& e : old_index.leaks) {
        Pair key{e.function, e.symbol};
        if (leaks_in_most_users(e)) {
            if (!new_seen.body.count(key)) d.removed.push_back(e);
        } else if (!new_seen.any.count(key)) {
            d.incidental.push_back({LeakChange::Removed, e});
        }
    }
    d.causes = causes_of(d.broken);
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
    return "  " + e.function + "() " + e.file + ":" + std::to_string(e.line) + " -> " + e.symbol + " (" +
           site_kind_id(e.reference) + "): " + plural(e.modules, "module") + " of " + std::to_string(e.users) +
           " that use it\n      " + chain_text(e.chain) + "   [" + e.evidence + "]\n";
}

std::string section(const std::string& heading, const std::vector<LeakEntry>& entries) {
    std::string out = heading + ": " + std::to_string(entries.size()) + "\n";
    for (const LeakEntry& e : entries) out += entry_text(e);
    return out;
}

// "slow_down_io() -> pv_info: 23 functions, up to 55 modules: slow_down_io,
// inb_p, ... and 15 more".
std::string cause_text(const LeakCause& c) {
    constexpr std::size_t kNamed = 8;
    std::string out = "  " + c.function + "() -> " + c.symbol + ": " + std::to_string(c.functions.size()) +
                      (c.functions.size() == 1 ? " function" : " functions") + ", up to " + plural(c.modules, "module") +
                      ": ";
    for (std::size_t i = 0; i < c.functions.size() && i < kNamed; ++i) out += (i ? ", " : "") + c.functions[i];
    if (c.functions.size() > kNamed) out += " and " + std::to_string(c.functions.size() - kNamed) + " more";
    return out + "\n";
}

}  // namespace

std::string leak_diff_json(const LeakDiff& d) {
    Json causes = Json::array();
    for (const LeakCause& c : d.causes)
        causes.push_back(
            Json{{"function", c.function}, {"symbol", c.symbol}, {"modules", c.modules}, {"functions", c.functions}});
    Json incidental = Json::array();
    for (const IncidentalLeak& x : d.incidental) {
        Json e{{"change", leak_change_id(x.change)}};
        e.update(leak_entry_json(x.entry));
        incidental.push_back(std::move(e));
    }
    Json doc{{"schema", 1},
             {"tool", "modlink"},
             {"version", MODLINK_VERSION},
             {"command", "leaks-diff"},
             {"old", {{"path", d.old_path}, {"release", d.old_release}}},
             {"new", {{"path", d.new_path}, {"release", d.new_release}}},
             {"broken", entries_json({&d.broken})},
             {"causes", std::move(causes)},
             {"added", entries_json({&d.gained, &d.new_functions})},
             {"removed", entries_json({&d.removed})},
             {"incidental", std::move(incidental)}};
    return json_text(doc);
}

std::string leak_diff_text(const LeakDiff& d) {
    auto name = [](const std::string& release, const std::string& path) { return release.empty() ? path : release; };
    std::string out = "Leaks from " + name(d.old_release, d.old_path) + " to " + name(d.new_release, d.new_path) + "\n\n";
    std::set<std::string> broken_functions;
    for (const LeakEntry& e : d.broken) broken_functions.insert(e.function);
    out += "Broken: " + plural(broken_functions.size(), "header function") +
           " that modules used without any GPL-only symbol, with one now, through " + plural(d.causes.size(), "cause") +
           " (the function that references the symbol):\n";
    for (const LeakCause& c : d.causes) out += cause_text(c);
    out += "\n" + section("Broken, each function and symbol", d.broken);
    out += "\n" + section("Gained another GPL-only symbol", d.gained);
    out += "\n" + section("New header functions that leak", d.new_functions);
    out += "\n" + section("Leaks gone", d.removed);
    out += "\nIn fewer than half the modules that use the function (an argument or the module's own code computed "
           "inside it): " +
           std::to_string(d.incidental.size()) + "\n";
    for (const IncidentalLeak& x : d.incidental)
        out += "  [" + std::string(leak_change_id(x.change)) + "]" + entry_text(x.entry).substr(1);
    return out;
}

}  // namespace modlink
