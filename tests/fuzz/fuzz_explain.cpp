// SPDX-License-Identifier: MIT
// Fuzz target: explain on a module: relocations to reference sites, the
// debug-file lookup (build ID, names), DWARF through libdwfl (inline
// chains, line tables). libdwfl reads files, so the bytes are written to a
// scratch file first (compressed ones are inflated by Input, as for real).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "modlink/error.h"
#include "modlink/explain.h"
#include "scratch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = modlink::fuzz::scratch_dir() + "/fuzz.ko";
    modlink::fuzz::write_file(path, {data, size});
    modlink::ExplainOptions opts;
    opts.debug_dirs.push_back(modlink::fuzz::scratch_dir() + "/no-debug");
    opts.system_debug_dir = false;
    try {
        // Symbols real modules import, through inlines and directly.
        modlink::Explanation e = modlink::explain_module(path, {"__rcu_read_lock", "printk", "_printk"}, opts);
        volatile std::size_t n = e.symbols.size();
        (void)n;
    } catch (const modlink::Error&) {
    }
    return 0;
}
