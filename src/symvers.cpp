// SPDX-License-Identifier: MIT
#include "modlink/symvers.h"

#include <charconv>

#include "modlink/error.h"
#include "modlink/input_file.h"

namespace modlink {

namespace {

[[noreturn]] void bad_line(const std::string& path, std::size_t line, const std::string& what) {
    throw Error(path + ":" + std::to_string(line), what);
}

}  // namespace

bool parse_symvers_line(const std::string& path, std::size_t line_no, std::string_view line, SymversEntry& e) {
    if (line.empty()) return false;
    std::string_view f[5];
    std::size_t nf = 0;
    std::string_view rest = line;
    // The namespace is everything after the fourth TAB, so split four times.
    while (nf < 4) {
        std::size_t tab = rest.find('\t');
        if (tab == std::string_view::npos) break;
        f[nf++] = rest.substr(0, tab);
        rest = rest.substr(tab + 1);
    }
    f[nf++] = rest;
    if (nf < 4) bad_line(path, line_no, "expected 5 tab-separated fields (crc, symbol, module, export type, namespace)");
    // Pre-5.4 dumps had no namespace column.
    if (nf == 4) f[4] = {};

    std::string_view crc = f[0];
    if (crc.size() > 2 && crc[0] == '0' && (crc[1] == 'x' || crc[1] == 'X')) crc.remove_prefix(2);
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(crc.data(), crc.data() + crc.size(), value, 16);
    if (crc.empty() || ec != std::errc{} || end != crc.data() + crc.size() || value > 0xffffffffull)
        bad_line(path, line_no, "bad CRC '" + std::string(f[0]) + "'");
    if (f[1].empty()) bad_line(path, line_no, "empty symbol name");
    if (f[2].empty()) bad_line(path, line_no, "empty module name");
    if (f[3] == "EXPORT_SYMBOL") e.gpl_only = false;
    else if (f[3] == "EXPORT_SYMBOL_GPL") e.gpl_only = true;
    else bad_line(path, line_no, "unknown export type '" + std::string(f[3]) + "'");
    e.crc = static_cast<std::uint32_t>(value);
    e.symbol.assign(f[1]);
    e.module.assign(f[2]);
    e.ns.assign(f[4]);
    return true;
}

std::vector<SymversEntry> parse_symvers(const std::string& path, std::string_view text) {
    std::vector<SymversEntry> out;
    for_each_symvers_entry(path, text, [&](const SymversEntry& e) { out.push_back(e); });
    return out;
}

void read_symvers(const std::string& path, const std::function<void(const SymversEntry&)>& fn) {
    Input in = Input::open(path);
    for_each_symvers_entry(path, std::string_view(in.data(), in.size()), fn);
}

std::vector<SymversEntry> read_symvers(const std::string& path) {
    Input in = Input::open(path);
    return parse_symvers(path, std::string_view(in.data(), in.size()));
}

}  // namespace modlink
