// SPDX-License-Identifier: MIT
// Fuzz target: Module.symvers lines (CRC, symbol, module, export type,
// namespace), plain or as symvers-*.gz (decompressed through Input first).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "modlink/error.h"
#include "modlink/input_file.h"
#include "modlink/symvers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        modlink::Input in = modlink::Input::from_bytes("Module.symvers", std::vector<char>(data, data + size));
        auto entries = modlink::parse_symvers("Module.symvers", std::string_view(in.data(), in.size()));
        volatile std::size_t n = entries.size();
        (void)n;
    } catch (const modlink::Error&) {
    }
    return 0;
}
