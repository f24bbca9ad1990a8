// SPDX-License-Identifier: MIT
// A Debian kernel named by where the archive keeps it rather than by a path:
// `debian:SUITE[/FLAVOUR][@ABI]`, e.g. debian:trixie, debian:bookworm/rt-amd64,
// debian:trixie@6.12.57+deb13. Wherever modlink takes --kernel PATH it also
// takes such a spec (debian_kernel_fetch.h turns it into a cached tree).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modlink {

struct DebianKernelSpec {
    std::string suite;    // bookworm, trixie-backports, sid...
    std::string flavour;  // amd64, rt-amd64, arm64...; "" until defaulted
    std::string abi;      // 6.1.0-57, 6.12.57+deb13...; "" = the suite's own, newest

    // The spec as a user writes it (flavour and ABI only when set).
    std::string text() const;
};

// Whether a --kernel argument is a spec (starts with "debian:") rather than a path.
bool is_debian_kernel_spec(std::string_view arg);

// Parses "debian:SUITE[/FLAVOUR][@ABI]". Throws Error (naming the spec)
// when it is malformed: an empty or odd suite, flavour or ABI.
DebianKernelSpec parse_debian_kernel_spec(std::string_view arg);

// The Debian architecture whose archive holds a flavour's packages
// (rt-amd64 -> amd64, 686-pae -> i386, armmp -> armhf...); nothing for a
// flavour modlink does not know.
std::optional<std::string> debian_flavour_architecture(std::string_view flavour);

// Every flavour debian_flavour_architecture knows, for error messages.
std::vector<std::string> known_debian_flavours();

// The generic flavour of a Debian architecture (amd64 -> amd64, i386 ->
// 686-pae, armhf -> armmp, ppc64el -> powerpc64le...), nothing when unknown.
std::optional<std::string> debian_generic_flavour(std::string_view arch);

// This machine's Debian architecture, as dpkg names it (amd64, arm64...),
// from the compiler's target (so no dpkg is needed to ask).
std::string host_debian_architecture();

}  // namespace modlink
