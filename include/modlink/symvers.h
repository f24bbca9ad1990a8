// SPDX-License-Identifier: MIT
// Module.symvers (and /boot/symvers-*.gz): one export per line,
// `CRC<TAB>SYMBOL<TAB>MODULE<TAB>EXPORT_SYMBOL[_GPL]<TAB>NAMESPACE`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace modlink {

struct SymversEntry {
    std::uint32_t crc = 0;
    std::string symbol;
    std::string module;  // "vmlinux", an in-tree path like "drivers/net/foo", or an absolute path
    bool gpl_only = false;
    std::string ns;
};

// Calls `fn(const SymversEntry&)` for each line, without keeping them all
// (a distribution kernel's dump has ~25,000 lines). Throws Error.
template <typename Fn>
void for_each_symvers_entry(const std::string& path, std::string_view text, Fn&& fn);

// Parses the text of a symbol dump. `path` names the file in errors, which
// also carry the line number: "Module.symvers:12: ...". Throws Error.
std::vector<SymversEntry> parse_symvers(const std::string& path, std::string_view text);

// Reads a dump from disk; gzip/xz/zstd compressed dumps are sniffed by magic.
std::vector<SymversEntry> read_symvers(const std::string& path);
// The same, one entry at a time.
void read_symvers(const std::string& path, const std::function<void(const SymversEntry&)>& fn);

// Parses one line (without its newline) into `e`. Returns false for an
// empty line; throws Error naming path:line for a malformed one.
bool parse_symvers_line(const std::string& path, std::size_t line_no, std::string_view line, SymversEntry& e);

template <typename Fn>
void for_each_symvers_entry(const std::string& path, std::string_view text, Fn&& fn) {
    SymversEntry e;
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (parse_symvers_line(path, line_no, line, e)) fn(static_cast<const SymversEntry&>(e));
    }
}

}  // namespace modlink
