// SPDX-License-Identifier: MIT
#include "modlink/kernel_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "modlink/kernel_vermagic.h"

namespace modlink {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The text of a regular file; nothing when there is none at `p`.
std::optional<std::string> read_if_file(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return std::nullopt;
    return read_text(p);
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

// Calls `take(name, value)` for each "CONFIG_X=value" line of `text`, in
// order, until it returns false.
template <typename Take>
void for_each_setting(const std::string& text, Take&& take) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("CONFIG_", 0) != 0) continue;
        std::size_t eq = line.find('=');
        if (eq == std::string::npos) continue;
        if (!take(line.substr(0, eq), line.substr(eq + 1))) return;
    }
}

KernelConfig parse_kernel_config(const std::string& text) {
    KernelConfig cfg;
    for_each_setting(text, [&](std::string name, std::string value) {
        cfg[std::move(name)] = std::move(value);
        return true;
    });
    return cfg;
}

}  // namespace

KernelConfig read_kernel_config(const std::string& path) { return parse_kernel_config(read_text(path)); }

bool config_enabled(const KernelConfig& cfg, const char* name) {
    auto it = cfg.find(name);
    return it != cfg.end() && it->second == "y";
}

std::string config_value(const std::string& tree, std::string_view name) {
    std::string found;
    for_each_setting(read_text(fs::path(tree) / ".config"), [&](const std::string& n, std::string value) {
        if (n != name) return true;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        found = std::move(value);
        return false;
    });
    return found;
}

BuildTreeFacts read_build_tree(const std::string& dir) {
    BuildTreeFacts facts;
    fs::path d(dir);
    // UTS_RELEASE is what vermagic carries. Debian's headers put the upstream
    // version (6.1.192) in include/config/kernel.release but the ABI name
    // (6.1.0-56-amd64) in utsrelease.h, so the header comes first.
    if (std::optional<std::string> t = read_if_file(d / "include/generated/utsrelease.h")) {
        std::size_t q1 = t->find('"'), q2 = q1 == std::string::npos ? q1 : t->find('"', q1 + 1);
        if (q2 != std::string::npos) facts.release = t->substr(q1 + 1, q2 - q1 - 1);
    }
    if (facts.release.empty())
        if (std::optional<std::string> t = read_if_file(d / "include/config/kernel.release")) facts.release = trim(*t);
    std::optional<std::string> config = read_if_file(d / ".config");
    if (!config) return facts;
    KernelConfig cfg = parse_kernel_config(*config);
    facts.modversions = config_enabled(cfg, "CONFIG_MODVERSIONS");
    facts.force_load = config_enabled(cfg, "CONFIG_MODULE_FORCE_LOAD");
    facts.allow_missing_ns_imports = config_enabled(cfg, "CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS");
    facts.vermagic = compose_vermagic(facts.release, cfg);
    return facts;
}

}  // namespace modlink
