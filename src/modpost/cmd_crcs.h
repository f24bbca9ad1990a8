// SPDX-License-Identifier: MIT
// Symbol CRCs (CONFIG_MODVERSIONS) as Kbuild leaves them since 5.19:
// genksyms' "#SYMVER <name> <crc>" lines appended to each object's
// `.<obj>.cmd` file. The module's objects are listed in `<mod>.mod`
// (vmlinux's in `.vmlinux.objs`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modpost/session.h"

namespace modlink::modpost {

// "dir/foo.o" -> "dir/.foo.o.cmd"; "foo.o" -> ".foo.o.cmd".
std::string cmd_file_of(std::string_view object);

// The object paths listed in a `.mod` / `.vmlinux.objs` text.
std::vector<std::string> list_objects(std::string_view text);

// Calls fn(name, crc) for each well-formed #SYMVER line of a .cmd text.
// A line counts only after a newline, with the value in C notation
// (0x.. hex, 0.. octal, decimal) followed directly by a newline.
template <typename Fn>
void for_each_symver(std::string_view text, Fn&& fn);

// Reads the CRCs of `mod`'s exports from its objects' .cmd files.
void read_module_crcs(Session& session, ModpostModule& mod);

bool parse_symver_value(std::string_view text, std::uint32_t& crc, std::size_t& consumed);

template <typename Fn>
void for_each_symver(std::string_view text, Fn&& fn) {
    constexpr std::string_view marker = "\n#SYMVER ";
    std::size_t pos = 0;
    while ((pos = text.find(marker, pos)) != std::string_view::npos) {
        pos += marker.size();
        std::size_t space = text.find(' ', pos);
        if (space == std::string_view::npos) return;
        std::string_view name = text.substr(pos, space - pos);
        std::uint32_t crc = 0;
        std::size_t used = 0;
        if (!parse_symver_value(text.substr(space + 1), crc, used)) continue;
        fn(name, crc);
        pos = space + 1 + used;
    }
}

}  // namespace modlink::modpost
