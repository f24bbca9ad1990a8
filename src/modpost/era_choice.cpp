// SPDX-License-Identifier: MIT
#include "modlink/modpost/era_choice.h"

#include <tuple>

#include "modlink/kernel_release.h"

#include <getopt.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace modlink::modpost {

namespace {

// Every option letter any era knows; used only to find -i values and
// later-era letters before the era's own parse.
constexpr const char* kAnyEraOptions = "ei:MmnT:to:au:WwENd:xb";
constexpr const char* kLaterEraLetters = "Mtuxb";

std::string read_first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (in) std::getline(in, line);
    return line;
}

// VERSION = 6 / PATCHLEVEL = 12 lines of a kernel Makefile (a Debian
// headers Makefile only includes the -common tree's, one level down).
std::optional<TreeVersion> version_from_makefile(const std::string& path, int depth) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::string line;
    long version = -1, patchlevel = -1;
    std::string included, extraversion;
    while (std::getline(in, line)) {
        unsigned v;
        char extra[64];
        if (std::sscanf(line.c_str(), "VERSION = %u", &v) == 1) version = v;
        else if (std::sscanf(line.c_str(), "PATCHLEVEL = %u", &v) == 1) patchlevel = v;
        else if (std::sscanf(line.c_str(), "EXTRAVERSION = %63s", extra) == 1) extraversion = extra;
        else if (line.rfind("include /", 0) == 0 && included.empty()) included = line.substr(8);
    }
    if (version >= 0 && patchlevel >= 0) {
        TreeVersion t;
        t.major = static_cast<unsigned>(version);
        t.minor = static_cast<unsigned>(patchlevel);
        t.text = std::to_string(t.major) + "." + std::to_string(t.minor) + extraversion;
        t.release_candidate = is_release_candidate(t.text);
        return t;
    }
    if (!included.empty() && depth == 0) return version_from_makefile(included, 1);
    return std::nullopt;
}

std::string dir_of(const std::string& path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

struct Scan {
    std::vector<std::string> dumps;
    bool later_option = false;
};

Scan scan_args(const std::vector<std::string>& args) {
    Scan s;
    std::vector<char*> argv;
    static char prog[] = "modpost";
    argv.push_back(prog);
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt(static_cast<int>(argv.size() - 1), argv.data(), kAnyEraOptions)) != -1) {
        if (c == 'i') s.dumps.emplace_back(optarg);
        if (c != '?' && c != ':' && std::strchr(kLaterEraLetters, c)) s.later_option = true;
    }
    optind = 0;
    opterr = 1;
    return s;
}

}  // namespace

std::optional<TreeVersion> read_tree_version(const std::string& dir) {
    std::string release = read_first_line(dir + "/include/config/kernel.release");
    TreeVersion t;
    if (auto v = kernel_major_minor(release)) {
        std::tie(t.major, t.minor) = *v;
        t.text = release;
        t.release_candidate = is_release_candidate(release);
        return t;
    }
    return version_from_makefile(dir + "/Makefile", 0);
}

EraChoice choose_era(const std::vector<std::string>& args, const char* era_override) {
    EraChoice choice;
    if (era_override && *era_override) {
        choice.era = era_named(era_override);
        if (!choice.era)
            choice.problem =
                std::string("MODLINK_MODPOST_ERA=") + era_override + " names no era (known: " + known_era_names(", ") + ")";
        return choice;
    }
    Scan scan = scan_args(args);
    std::vector<std::string> candidates{"."};
    for (const std::string& d : scan.dumps) candidates.push_back(dir_of(d));
    for (const std::string& dir : candidates) {
        std::optional<TreeVersion> v = read_tree_version(dir);
        if (!v) continue;
        choice.tree = dir;
        choice.version = v->text;
        choice.era = v->release_candidate ? nullptr : era_for_version(v->major, v->minor);
        return choice;
    }
    if (!scan.later_option) {
        choice.era = &era_6_1();
        return choice;
    }
    choice.problem =
        "cannot tell which kernel this modpost run is for (no kernel tree in the working directory or beside a -i "
        "dump); set MODLINK_MODPOST_ERA=" +
        known_era_names("|");
    return choice;
}

}  // namespace modlink::modpost
