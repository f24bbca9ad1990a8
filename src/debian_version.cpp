// SPDX-License-Identifier: MIT
#include "modlink/debian_version.h"

#include <cctype>
#include <cstddef>

namespace modlink {

namespace {

struct SplitVersion {
    unsigned long epoch = 0;
    std::string_view upstream;
    std::string_view revision;
};

// "E:UPSTREAM-REVISION": the epoch ends at the first colon, the revision
// starts after the last hyphen; both are optional.
SplitVersion split(std::string_view v) {
    SplitVersion s;
    if (std::size_t colon = v.find(':'); colon != std::string_view::npos) {
        for (char c : v.substr(0, colon))
            if (std::isdigit(static_cast<unsigned char>(c))) s.epoch = s.epoch * 10 + static_cast<unsigned long>(c - '0');
        v.remove_prefix(colon + 1);
    }
    if (std::size_t dash = v.rfind('-'); dash != std::string_view::npos) {
        s.revision = v.substr(dash + 1);
        v = v.substr(0, dash);
    }
    s.upstream = v;
    return s;
}

// The weight of one character in a non-digit run: `~` lowest (below the
// end of the run, which weighs 0), then letters, then everything else.
int weight(char c) {
    if (c == '~') return -1;
    if (std::isalpha(static_cast<unsigned char>(c))) return c;
    return c + 256;
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// One part (upstream or revision): alternate runs of non-digits, compared
// by weight, and of digits, compared as numbers.
int compare_part(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
            int wa = i < a.size() && !is_digit(a[i]) ? weight(a[i]) : 0;
            int wb = j < b.size() && !is_digit(b[j]) ? weight(b[j]) : 0;
            if (wa != wb) return wa < wb ? -1 : 1;
            if (i < a.size() && !is_digit(a[i])) ++i;
            if (j < b.size() && !is_digit(b[j])) ++j;
        }
        while (i < a.size() && a[i] == '0') ++i;
        while (j < b.size() && b[j] == '0') ++j;
        std::size_t da = i, db = j;
        while (da < a.size() && is_digit(a[da])) ++da;
        while (db < b.size() && is_digit(b[db])) ++db;
        // Without leading zeros, the longer run of digits is the larger number.
        if (da - i != db - j) return da - i < db - j ? -1 : 1;
        if (int c = a.substr(i, da - i).compare(b.substr(j, db - j)); c != 0) return c < 0 ? -1 : 1;
        i = da;
        j = db;
    }
    return 0;
}

}  // namespace

int compare_debian_versions(std::string_view a, std::string_view b) {
    SplitVersion x = split(a), y = split(b);
    if (x.epoch != y.epoch) return x.epoch < y.epoch ? -1 : 1;
    if (int c = compare_part(x.upstream, y.upstream); c != 0) return c;
    return compare_part(x.revision, y.revision);
}

}  // namespace modlink
