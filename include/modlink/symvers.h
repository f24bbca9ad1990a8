// SPDX-License-Identifier: MIT
// Module.symvers (and /boot/symvers-*.gz): one export per line,
// `CRC<TAB>SYMBOL<TAB>MODULE<TAB>EXPORT_SYMBOL[_GPL]<TAB>NAMESPACE`.
#pragma once

#include <cstdint>
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

// Parses the text of a symbol dump. `path` names the file in errors, which
// also carry the line number: "Module.symvers:12: ...". Throws Error.
std::vector<SymversEntry> parse_symvers(const std::string& path, std::string_view text);

// Reads a dump from disk; gzip/xz/zstd compressed dumps are sniffed by magic.
std::vector<SymversEntry> read_symvers(const std::string& path);

}  // namespace modlink
