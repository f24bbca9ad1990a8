// SPDX-License-Identifier: MIT
// Fuzz target: reading an input file's bytes: compression sniffed by magic
// (zstd, xz, gzip), streaming decompression, the module signature cut off.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "modlink/error.h"
#include "modlink/input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<char> bytes(data, data + size);
    try {
        modlink::Input in = modlink::Input::from_bytes("fuzz.ko", std::move(bytes));
        volatile std::size_t n = in.size();
        (void)n;
    } catch (const modlink::Error&) {
    }
    return 0;
}
