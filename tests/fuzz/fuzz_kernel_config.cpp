// SPDX-License-Identifier: MIT
// Fuzz target: what modlink reads from a kernel build tree: .config (and the
// vermagic composed from it), include/config/kernel.release,
// include/generated/utsrelease.h, and the Makefile's VERSION/PATCHLEVEL that
// choose the drop-in's era. The input is split into those four files.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "modlink/error.h"
#include "modlink/kernel_config.h"
#include "modlink/modpost/era_choice.h"
#include "scratch.h"
#include "split.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string dir = [] {
        std::string d = modlink::fuzz::scratch_dir() + "/tree";
        std::filesystem::create_directories(d + "/include/config");
        std::filesystem::create_directories(d + "/include/generated");
        return d;
    }();
    auto parts = modlink::fuzz::split_parts(data, size, 4);
    const char* names[] = {"/.config", "/include/config/kernel.release", "/include/generated/utsrelease.h", "/Makefile"};
    for (std::size_t i = 0; i < 4; ++i) {
        std::string p = dir + names[i];
        if (i < parts.size()) modlink::fuzz::write_file(p, parts[i]);
        else std::filesystem::remove(p);
    }
    try {
        modlink::BuildTreeFacts f = modlink::read_build_tree(dir);
        volatile std::size_t n = f.release.size() + f.vermagic.size();
        (void)n;
        (void)modlink::modpost::read_tree_version(dir);
    } catch (const modlink::Error&) {
    }
    return 0;
}
