// SPDX-License-Identifier: MIT
// The verified eras. An era is its own file (era_X_Y.cpp) and one line
// here; every lookup and every list of eras comes from this table.
#include "modlink/modpost/era.h"

namespace modlink::modpost {

namespace {

constexpr KnownEra kKnownEras[] = {
    {era_6_1, 6, 1},
    {era_6_12, 6, 12},
    {era_7_2, 7, 2},
    {era_7_3, 7, 3},
};

}  // namespace

std::span<const KnownEra> known_eras() { return kKnownEras; }

std::string known_era_names(std::string_view separator) {
    std::string out;
    for (const KnownEra& k : kKnownEras) {
        if (!out.empty()) out += separator;
        out += k.era().name;
    }
    return out;
}

const Era* era_for_version(unsigned major, unsigned minor) {
    for (const KnownEra& k : kKnownEras)
        if (k.major == major && k.minor == minor) return &k.era();
    return nullptr;
}

const Era* era_named(std::string_view name) {
    for (const KnownEra& k : kKnownEras)
        if (k.era().name == name) return &k.era();
    return nullptr;
}

}  // namespace modlink::modpost
