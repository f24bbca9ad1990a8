// SPDX-License-Identifier: MIT
#include "modlink/kernel_vermagic.h"

#include <optional>
#include <utility>

namespace modlink {

namespace {

// The architecture's part of vermagic (MODULE_ARCH_VERMAGIC), where we
// know it for certain: nothing on x86-64 and s390, the CPU family on 32-bit
// x86 (asm/vermagic.h; Debian's 686-pae: "686 "), "aarch64" on arm64.
std::optional<std::string> arch_vermagic(const KernelConfig& cfg) {
    static const std::pair<const char*, const char*> kX86_32Families[] = {
        {"CONFIG_M486SX", "486SX "},         {"CONFIG_M486", "486 "},
        {"CONFIG_M586", "586 "},             {"CONFIG_M586TSC", "586TSC "},
        {"CONFIG_M586MMX", "586MMX "},       {"CONFIG_MCORE2", "CORE2 "},
        {"CONFIG_MATOM", "ATOM "},           {"CONFIG_M686", "686 "},
        {"CONFIG_MPENTIUMII", "PENTIUMII "}, {"CONFIG_MPENTIUMIII", "PENTIUMIII "},
        {"CONFIG_MPENTIUMM", "PENTIUMM "},   {"CONFIG_MPENTIUM4", "PENTIUM4 "},
        {"CONFIG_MK6", "K6 "},               {"CONFIG_MK7", "K7 "},
        {"CONFIG_MK8", "K8 "},               {"CONFIG_MELAN", "ELAN "},
        {"CONFIG_MCRUSOE", "CRUSOE "},       {"CONFIG_MEFFICEON", "EFFICEON "},
        {"CONFIG_MWINCHIPC6", "WINCHIPC6 "}, {"CONFIG_MWINCHIP3D", "WINCHIP3D "},
        {"CONFIG_MCYRIXIII", "CYRIXIII "},   {"CONFIG_MVIAC3_2", "VIAC3-2 "},
        {"CONFIG_MVIAC7", "VIAC7 "},         {"CONFIG_MGEODEGX1", "GEODEGX1 "},
        {"CONFIG_MGEODE_LX", "GEODE "},
    };
    auto on = [&](const char* name) { return config_enabled(cfg, name); };
    if (on("CONFIG_X86_64") || on("CONFIG_S390")) return std::string();
    if (on("CONFIG_ARM64")) return std::string("aarch64");
    if (on("CONFIG_X86_32"))
        for (const auto& [option, word] : kX86_32Families)
            if (on(option)) return std::string(word);
    return std::nullopt;
}

}  // namespace

std::string compose_vermagic(const std::string& release, const KernelConfig& cfg) {
    auto on = [&](const char* name) { return config_enabled(cfg, name); };
    // Only where the architecture's part is known for certain; otherwise
    // vermagic stays unknown and is not checked.
    std::optional<std::string> arch = arch_vermagic(cfg);
    if (!arch) return "";
    if (on("CONFIG_RANDSTRUCT_FULL") || on("CONFIG_RANDSTRUCT_PERFORMANCE") || release.empty()) return "";
    std::string v = release + " ";
    if (on("CONFIG_SMP")) v += "SMP ";
    // RT first: since 6.13 an RT config sets PREEMPT_BUILD too.
    if (on("CONFIG_PREEMPT_RT")) v += "preempt_rt ";
    else if (on("CONFIG_PREEMPT_BUILD")) v += "preempt ";
    if (on("CONFIG_MODULE_UNLOAD")) v += "mod_unload ";
    if (on("CONFIG_MODVERSIONS")) v += "modversions ";
    v += *arch;
    return v;
}

}  // namespace modlink
