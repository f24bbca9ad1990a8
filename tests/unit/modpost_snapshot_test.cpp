// SPDX-License-Identifier: MIT
// Each era's whole output for one small module object, with no cache or
// network: testdata/modpost/snapshots/module.S assembled as the era's
// compiler would leave it, run through the drop-in's era, must give what
// the era's real modpost wrote for it (scripts/record-modpost-snapshots
// recorded module.mod.c, Module.symvers, stderr and the exit status of
// Debian's 6.1, trixie's 6.12, sid's 7.2 and trixie-backports' 7.3).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fixtures.h"
#include "modlink/modpost/era.h"
#include "modlink/modpost/modpost.h"
#include "modlink/modpost/options.h"

namespace fs = std::filesystem;
using namespace modlink::modpost;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// run() with its stderr in `err`, as the recording's `2>stderr` has it.
int run_capturing_stderr(const Options& o, const Era& era, const fs::path& err) {
    std::fflush(stderr);
    int saved = ::dup(2);
    int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    ::dup2(fd, 2);
    ::close(fd);
    int rc = run(o, era);
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    return rc;
}

}  // namespace

TEST_CASE("every era writes what its real modpost wrote for the snapshot module") {
    std::size_t eras = 0;
    for (const KnownEra& k : known_eras()) {
        const Era& era = k.era();
        std::string name(era.name);
        CAPTURE(name);
        fs::path want = fixtures::testdata("modpost/snapshots/" + name);
        REQUIRE_MESSAGE(fs::exists(want / "status"), "no snapshot of era " << name << " (scripts/record-modpost-snapshots)");
        bool export_records = era.export_markers == ExportMarkers::ExportSymbolSection;
        bool module_first = era.device_tables == DeviceTableNaming::ModuleFirst;
        fs::path dir = fs::path(fixtures::scratch_dir()) / ("snapshot-" + name);
        fs::create_directories(dir);
        std::string cmd = "as --64 --defsym ERA65=" + std::string(export_records ? "1" : "0") +
                          " --defsym ERA72=" + (module_first ? "1" : "0") + " -o '" + (dir / "module.o").string() + "' '" +
                          fixtures::testdata("modpost/snapshots/module.S") + "'";
        REQUIRE(std::system(cmd.c_str()) == 0);
        std::ofstream(dir / "module.mod");
        // The recording's command line, parsed with the era's own options.
        std::vector<std::string> args = {"modpost", "-m", "-e", "-w", "-o", (dir / "Module.symvers").string(),
                                         (dir / "module.o").string()};
        if (name != "6.1") args.insert(args.begin() + 1, "-M");
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        auto o = parse_options(static_cast<int>(argv.size() - 1), argv.data(), era.option_string);
        REQUIRE(o);
        // Messages name the object as the recording's relative path did.
        fs::path cwd = fs::current_path();
        fs::current_path(dir);
        o->objects = {"module.o"};
        o->dump_output = "Module.symvers";
        int rc = run_capturing_stderr(*o, era, dir / "stderr");
        fs::current_path(cwd);
        CHECK(std::to_string(rc) + "\n" == slurp(want / "status"));
        CHECK(slurp(dir / "stderr") == slurp(want / "stderr"));
        CHECK(slurp(dir / "module.mod.c") == slurp(want / "module.mod.c"));
        CHECK(slurp(dir / "Module.symvers") == slurp(want / "Module.symvers"));
        ++eras;
    }
    CHECK(eras == known_eras().size());
}
