// SPDX-License-Identifier: MIT
// Debian kernel specs and version order. The order's oracle is dpkg
// itself: every pair of versions below is compared by
// `dpkg --compare-versions` and must come out the same here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "modlink/debian_kernel_spec.h"
#include "modlink/debian_version.h"
#include "modlink/error.h"
#include "modlink/subprocess.h"

namespace {

// dpkg's answer: -1, 0 or 1.
int dpkg_order(const std::string& a, const std::string& b) {
    if (modlink::run_captured({"dpkg", "--compare-versions", a, "lt", b}, {}).status == 0) return -1;
    if (modlink::run_captured({"dpkg", "--compare-versions", a, "eq", b}, {}).status == 0) return 0;
    return 1;
}

int sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

}  // namespace

TEST_CASE("Debian versions order as dpkg orders them") {
    if (!modlink::program_runnable("dpkg")) {
        MESSAGE("dpkg not found: the oracle is missing, skipped");
        return;
    }
    // Kernel ABIs and package versions of bookworm to sid, and the corners
    // of the algorithm: epochs, '~', leading zeros, letters against digits.
    const std::vector<std::string> versions = {
        "6.1.0-9",     "6.1.0-41",        "6.1.0-10",      "6.12.57+deb13", "6.12.9+deb13", "6.12.57+deb13~bpo12",
        "7.2.13+deb14", "7.3.4+deb13",    "6.1.158-1",     "6.1.158-1~deb11u1", "1:6.1.0-1",  "6.1",
        "6.1.0",        "6.01.0",         "6.1.0a",        "6.1.0+b1",      "6.1.0~rc3",    "6.1.0-1.1",
        "2.0-1",        "2.0-1ubuntu1",   "1.0~~a",        "1.0~",          "1.0",          "0:1.0",
    };
    for (const std::string& a : versions)
        for (const std::string& b : versions) {
            CAPTURE(a);
            CAPTURE(b);
            CHECK(sign(modlink::compare_debian_versions(a, b)) == dpkg_order(a, b));
        }
}

TEST_CASE("kernel specs parse into suite, flavour and ABI") {
    using modlink::parse_debian_kernel_spec;
    auto s = parse_debian_kernel_spec("debian:trixie");
    CHECK(s.suite == "trixie");
    CHECK(s.flavour.empty());
    CHECK(s.abi.empty());
    s = parse_debian_kernel_spec("debian:bookworm/rt-amd64");
    CHECK(s.suite == "bookworm");
    CHECK(s.flavour == "rt-amd64");
    s = parse_debian_kernel_spec("debian:trixie@6.12.57+deb13");
    CHECK(s.abi == "6.12.57+deb13");
    CHECK(s.text() == "debian:trixie@6.12.57+deb13");
    s = parse_debian_kernel_spec("debian:trixie-backports/arm64@7.3.4+deb13");
    CHECK(s.suite == "trixie-backports");
    CHECK(s.flavour == "arm64");
    CHECK(s.abi == "7.3.4+deb13");
    CHECK(s.text() == "debian:trixie-backports/arm64@7.3.4+deb13");

    CHECK(modlink::is_debian_kernel_spec("debian:sid"));
    CHECK_FALSE(modlink::is_debian_kernel_spec("/lib/modules/6.1.0-41-amd64/build"));
    for (const char* bad : {"debian:", "debian:/amd64", "debian:Trixie", "debian:trixie/", "debian:trixie@",
                            "debian:trixie@abc", "debian:trixie/../x", "debian:-sid", "debian:trixie@6.1 0"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_debian_kernel_spec(bad), modlink::Error);
    }
}

TEST_CASE("flavours map to the architecture whose archive holds them") {
    CHECK(modlink::debian_flavour_architecture("rt-amd64") == "amd64");
    CHECK(modlink::debian_flavour_architecture("686-pae") == "i386");
    CHECK(modlink::debian_flavour_architecture("armmp") == "armhf");
    CHECK(modlink::debian_flavour_architecture("powerpc64le") == "ppc64el");
    CHECK_FALSE(modlink::debian_flavour_architecture("nosuch").has_value());
    CHECK(modlink::debian_generic_flavour("i386") == "686-pae");
    CHECK(modlink::debian_generic_flavour("amd64") == "amd64");
    // Every architecture's generic flavour is a flavour of that architecture.
    for (const char* arch : {"amd64", "arm64", "i386", "armhf", "armel", "ppc64el", "s390x", "mips64el", "mipsel",
                             "riscv64", "loong64"}) {
        CAPTURE(arch);
        auto f = modlink::debian_generic_flavour(arch);
        REQUIRE(f.has_value());
        CHECK(modlink::debian_flavour_architecture(*f) == arch);
    }
    // The host's architecture as dpkg names it.
    CHECK(modlink::host_debian_architecture() + "\n" == modlink::output_of({"dpkg", "--print-architecture"}));
}
