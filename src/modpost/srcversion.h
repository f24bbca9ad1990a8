// SPDX-License-Identifier: MIT
// MODULE_INFO(srcversion, ...): a checksum of a module's source files, as
// modpost computes it. The hash is MD4 with a twist kept for compatibility:
// the kernel's MD4 code was built with byte-order helpers that swap on a
// little-endian host, so each 32-bit message word is read big-endian
// (the bit-length words are not swapped) and each state word is swapped
// before printing. The printed value is the first 23 of the 32 hex digits.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "modpost/session.h"

namespace modlink::modpost {

class SrcversionHash {
public:
    SrcversionHash();
    void update(const void* data, std::size_t len);
    void update(char c) { update(&c, 1); }
    // The 23 upper-case hex digits modpost prints.
    std::string final_hex();

private:
    void transform();
    std::array<std::uint32_t, 4> state_;
    unsigned char block_[64];
    std::uint64_t byte_count_ = 0;
};

// Feeds a source file's text the way modpost tokenises it: whitespace,
// backslash-newline pairs and /* */ comments are skipped; string literals
// are hashed whole (whitespace inside them kept); `//` comments are not
// special.
void hash_source_text(SrcversionHash& h, std::string_view text);

// Computes the module's srcversion from the objects listed in <mod>.mod
// and their .cmd files (source_ line and same-directory dependencies).
// Returns "" when upstream would not emit one.
std::string compute_srcversion(Session& session, const ModpostModule& mod);

}  // namespace modlink::modpost
