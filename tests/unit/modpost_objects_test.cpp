// SPDX-License-Identifier: MIT
// The drop-in on objects assembled at test time: device-table aliases with
// each target's struct layout and byte order (the expected aliases are the
// real 6.1 modpost's for the x86-64, i386, armhf and s390x builds of the
// same source),
// and damaged objects, which must end the run cleanly with no file half
// written.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "modlink/modpost/modpost.h"
#include "modlink/modpost/options.h"

namespace fs = std::filesystem;
using namespace modlink::modpost;

namespace {

std::string testdata(const std::string& rel) {
    const char* root = std::getenv("MODLINK_TESTDATA");
    REQUIRE(root);
    return std::string(root) + "/" + rel;
}

fs::path fresh_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("modlink-modpost-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void assemble(const std::string& source, const std::string& assembler, const fs::path& out) {
    std::string cmd = assembler + " -o '" + out.string() + "' '" + testdata(source) + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::ofstream(out.string().substr(0, out.string().size() - 2) + ".mod");  // empty .mod
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> aliases_in(const fs::path& mod_c) {
    std::vector<std::string> out;
    std::istringstream in(slurp(mod_c));
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("MODULE_ALIAS(")) out.push_back(line);
    return out;
}

int run_on(std::vector<std::string> objects) {
    Options o;
    o.external_module = true;
    o.objects = std::move(objects);
    return run(o, era_6_1());
}

}  // namespace

struct Target {
    const char* name;
    const char* as;
};
const Target kTargets[] = {{"x86_64", "as --64 --defsym BITS64=1"},
                           {"i386", "as --32 --defsym BITS64=0"},
                           {"armhf", "arm-linux-gnueabihf-as --defsym BITS64=0"},
                           {"s390x", "s390x-linux-gnu-as --defsym BITS64=1"}};

TEST_CASE("device tables give the same aliases on x86-64, i386, armhf and big-endian s390x") {
    fs::path d = fresh_dir("devtables");
    const std::vector<std::string> expected = {
        "MODULE_ALIAS(\"pci:v00008086d00001234sv*sd*bc*sc*i*\");",
        "MODULE_ALIAS(\"pci:v*d*sv*sd*bc02sc00i*\");",
        // bcdDevice 0x3000-0x3100 in BCD: one exact value and one prefix.
        "MODULE_ALIAS(\"usb:v0BDAp8153d3100dc*dsc*dp*ic*isc*ip*in*\");",
        "MODULE_ALIAS(\"usb:v0BDAp8153d30*dc*dsc*dp*ic*isc*ip*in*\");",
        "MODULE_ALIAS(\"of:NnodeTserial*Cacme,other_thing\");",
        "MODULE_ALIAS(\"of:NnodeTserial*Cacme,other_thingC*\");",
    };
    for (const Target& t : kTargets) {
        CAPTURE(t.name);
        fs::path obj = d / (std::string(t.name) + ".o");
        assemble("modpost/elf/device_tables.S", t.as, obj);
        CHECK(run_on({obj.string()}) == 0);
        CHECK(aliases_in(d / (std::string(t.name) + ".mod.c")) == expected);
    }
    fs::remove_all(d);
}

// The expected aliases are what 6.1's own builds write for each of these
// targets (amd64's for x86-64 and s390x, i386's, and armhf's under qemu).
TEST_CASE("device-table quirks of 6.1 on every target: id-less acpi entries, C strings, isapnp, dmi slots") {
    fs::path d = fresh_dir("devquirks");
    const std::vector<std::string> expected = {
        "MODULE_ALIAS(\"acpi*:ABCD0001:*\");",
        "MODULE_ALIAS(\"acpi*:??????:*\");",
        // override_only 3: "Unknown PCI driver_override alias", no alias
        "MODULE_ALIAS(\"vfio_pci:v00008086d00001234sv*sd*bc*sc*i*\");",
        "MODULE_ALIAS(\"pnp:dSHN1000*\");",
        "MODULE_ALIAS(\"pnp:d\x7f@@3412*\");",
        "MODULE_ALIAS(\"eisa:s*\");",
        "MODULE_ALIAS(\"eisa:sABC1234*\");",
        "MODULE_ALIAS(\"parisc:t0Ahv0123rev*sv00000042*\");",
        "MODULE_ALIAS(\"dfl:t0001f0025*\");",
        "MODULE_ALIAS(\"fsl-mc:v00001957ddpni.0123456789aAAx\");",
        "MODULE_ALIAS(\"fsl-mc:v00004141dx\");",
        "MODULE_ALIAS(\"pnp:dABC0001xDEF0002*\");",
        "MODULE_ALIAS(\"acpi*:ABC0001X:*\");",
        "MODULE_ALIAS(\"pnp:dDEF0002*\");",
        "MODULE_ALIAS(\"acpi*:DEF0002:*\");",
        "MODULE_ALIAS(\"dmi*:cvr*v1.0*:\");",
    };
    for (const Target& t : kTargets) {
        CAPTURE(t.name);
        fs::path obj = d / (std::string(t.name) + ".o");
        assemble("modpost/elf/device_quirks.S", t.as, obj);
        CHECK(run_on({obj.string()}) == 0);
        CHECK(aliases_in(d / (std::string(t.name) + ".mod.c")) == expected);
    }
    fs::remove_all(d);
}

TEST_CASE("an unterminated device table ends the run and writes nothing") {
    fs::path d = fresh_dir("unterminated");
    fs::path obj = d / "m.o";
    assemble("modpost/elf/unterminated_table.S", "as --64 --defsym BITS64=1", obj);
    CHECK(run_on({obj.string()}) == 1);
    CHECK_FALSE(fs::exists(d / "m.mod.c"));
    fs::remove_all(d);
}

TEST_CASE("damaged objects: exit 0 or 1, never a crash, never a half-written file") {
    fs::path d = fresh_dir("damaged");
    fs::path good = d / "good.o";
    assemble("modpost/elf/device_tables.S", "as --64 --defsym BITS64=1", good);
    const std::string bytes = slurp(good);
    std::mt19937 rng(12345);
    // Hundreds of FATAL lines are expected: keep them out of the test log.
    std::fflush(stderr);
    int saved_stderr = ::dup(2);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    for (int round = 0; round < 200; ++round) {
        std::string damaged = bytes;
        if (round % 4 == 0) {
            damaged.resize(rng() % damaged.size());
        } else {
            int flips = 1 + static_cast<int>(rng() % 16);
            for (int i = 0; i < flips; ++i) {
                // Mostly the headers: the ELF header and the section table at the end.
                std::size_t at = (rng() % 2) ? rng() % 64 : damaged.size() - 1 - rng() % std::min<std::size_t>(damaged.size(), 2048);
                damaged[at] = static_cast<char>(rng());
            }
        }
        fs::path obj = d / "m.o";
        std::ofstream(obj, std::ios::binary | std::ios::trunc) << damaged;
        std::ofstream(d / "m.mod", std::ios::trunc);
        fs::remove(d / "m.mod.c");
        // Surviving the run is the point (run() only returns 0 or 1), and
        // leaving no half-written output: no temporary behind.
        (void)run_on({obj.string()});
        for (const auto& entry : fs::directory_iterator(d))
            CHECK(entry.path().filename().string().find("modlink-tmp") == std::string::npos);
    }
    std::fflush(stderr);
    ::dup2(saved_stderr, 2);
    ::close(saved_stderr);
    ::close(devnull);
    fs::remove_all(d);
}
