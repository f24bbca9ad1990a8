// SPDX-License-Identifier: MIT
#include "modlink/debian_kernel_spec.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "modlink/error.h"

namespace modlink {

namespace {

constexpr std::string_view kPrefix = "debian:";

// Debian's kernel flavours (linux-headers-ABI-FLAVOUR) and the
// architecture each is built for, from the packages of bookworm to sid.
constexpr std::array<std::pair<std::string_view, std::string_view>, 27> kFlavours{{
    {"amd64", "amd64"},
    {"cloud-amd64", "amd64"},
    {"rt-amd64", "amd64"},
    {"arm64", "arm64"},
    {"arm64-16k", "arm64"},
    {"cloud-arm64", "arm64"},
    {"rt-arm64", "arm64"},
    {"686", "i386"},
    {"686-pae", "i386"},
    {"rt-686-pae", "i386"},
    {"armmp", "armhf"},
    {"armmp-lpae", "armhf"},
    {"rt-armmp", "armhf"},
    {"rpi", "armel"},
    {"marvell", "armel"},
    {"powerpc64le", "ppc64el"},
    {"powerpc64le-64k", "ppc64el"},
    {"s390x", "s390x"},
    {"mips64r2el", "mips64el"},
    {"mips64r6el", "mips64el"},
    {"loongson-3", "mips64el"},
    {"octeon", "mips64el"},
    {"mips32r2el", "mipsel"},
    {"4kc-malta", "mipsel"},
    {"riscv64", "riscv64"},
    {"loong64", "loong64"},
    {"parisc64", "hppa"},
}};

// The generic flavour of each architecture.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kGeneric{{
    {"amd64", "amd64"},
    {"arm64", "arm64"},
    {"i386", "686-pae"},
    {"armhf", "armmp"},
    {"armel", "marvell"},
    {"ppc64el", "powerpc64le"},
    {"s390x", "s390x"},
    {"mips64el", "mips64r2el"},
    {"mipsel", "mips32r2el"},
    {"riscv64", "riscv64"},
    {"loong64", "loong64"},
}};

// Suite and flavour names are lower-case words joined by '-'; an ABI is a
// Debian version without spaces or slashes.
bool is_name(std::string_view s) {
    if (s.empty() || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_abi(std::string_view s) {
    if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == '~';
    });
}

}  // namespace

std::string DebianKernelSpec::text() const {
    std::string s = std::string(kPrefix) + suite;
    if (!flavour.empty()) s += "/" + flavour;
    if (!abi.empty()) s += "@" + abi;
    return s;
}

bool is_debian_kernel_spec(std::string_view arg) { return arg.substr(0, kPrefix.size()) == kPrefix; }

DebianKernelSpec parse_debian_kernel_spec(std::string_view arg) {
    const std::string whole(arg);
    auto bad = [&](const std::string& why) {
        return Error("", "bad kernel spec '" + whole + "': " + why +
                             " (the form is debian:SUITE[/FLAVOUR][@ABI], e.g. debian:trixie, "
                             "debian:bookworm/rt-amd64, debian:trixie@6.12.57+deb13)");
    };
    if (!is_debian_kernel_spec(arg)) throw bad("it does not start with debian:");
    std::string_view rest = arg.substr(kPrefix.size());
    DebianKernelSpec spec;
    if (std::size_t at = rest.find('@'); at != std::string_view::npos) {
        spec.abi = std::string(rest.substr(at + 1));
        rest = rest.substr(0, at);
        if (!is_abi(spec.abi)) throw bad("'" + spec.abi + "' is not an ABI like 6.1.0-57 or 6.12.57+deb13");
    }
    if (std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
        spec.flavour = std::string(rest.substr(slash + 1));
        rest = rest.substr(0, slash);
        if (!is_name(spec.flavour)) throw bad("'" + spec.flavour + "' is not a flavour name");
    }
    spec.suite = std::string(rest);
    if (!is_name(spec.suite)) throw bad(spec.suite.empty() ? "no suite" : "'" + spec.suite + "' is not a suite name");
    return spec;
}

std::optional<std::string> debian_flavour_architecture(std::string_view flavour) {
    for (const auto& [name, arch] : kFlavours)
        if (name == flavour) return std::string(arch);
    return std::nullopt;
}

std::vector<std::string> known_debian_flavours() {
    std::vector<std::string> names;
    for (const auto& f : kFlavours) names.emplace_back(f.first);
    return names;
}

std::optional<std::string> debian_generic_flavour(std::string_view arch) {
    for (const auto& [a, flavour] : kGeneric)
        if (a == arch) return std::string(flavour);
    return std::nullopt;
}

std::string host_debian_architecture() {
#if defined(__x86_64__)
    return "amd64";
#elif defined(__aarch64__)
    return "arm64";
#elif defined(__i386__)
    return "i386";
#elif defined(__arm__)
    return "armhf";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return "ppc64el";
#elif defined(__s390x__)
    return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
    return "riscv64";
#elif defined(__loongarch64)
    return "loong64";
#elif defined(__mips64) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return "mips64el";
#else
    return "";
#endif
}

}  // namespace modlink
