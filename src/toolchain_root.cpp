// SPDX-License-Identifier: MIT
#include "modlink/toolchain_root.h"

#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modlink/atomic_write.h"
#include "modlink/audit_source_root.h"
#include "modlink/debian_kernel_fetch.h"
#include "modlink/error.h"
#include "modlink/file_lock.h"
#include "modlink/subprocess.h"

namespace fs = std::filesystem;

namespace modlink {

namespace {

constexpr const char* kDebootstrapped = ".modlink-debootstrapped";

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// debootstrap where root's PATH has it (plain `su` leaves /usr/sbin out).
std::string debootstrap_program() {
    if (program_runnable("debootstrap")) return "debootstrap";
    if (program_runnable("/usr/sbin/debootstrap")) return "/usr/sbin/debootstrap";
    return "";
}

// What killed runs left: staging directories of debootstraps that never
// finished (the caller holds the toolchains lock).
void remove_leftovers(const std::string& cache) {
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(cache, ec)) {
        if (!e.path().filename().string().starts_with(".staging-")) continue;
        detach_mounts_below(e.path().string());
        fs::remove_all(e.path(), ec);
        if (ec) throw Error(e.path().string(), "cannot remove what a killed run left: " + ec.message());
    }
}

// debootstrap in a private mount namespace where one can be had, so that
// the /proc and /sys it mounts in the new root go with it however it ends.
// The Release file is checked against the archive keyring, never skipped.
std::vector<std::string> debootstrap_command(const std::string& suite, const std::string& target,
                                             const std::string& mirror) {
    std::vector<std::string> argv;
    static const bool private_mounts = run_captured({"unshare", "--mount", "--propagation", "private", "true"}, {}).status == 0;
    if (private_mounts) argv = {"unshare", "--mount", "--propagation", "private", "--"};
    std::vector<std::string> words = {debootstrap_program(), "--variant=minbase",
                                      std::string("--keyring=") + kDebianArchiveKeyring, suite, target, mirror};
    // A suite newer than this machine's debootstrap has no script of its
    // own; every Debian suite since buster uses sid's.
    if (!fs::exists("/usr/share/debootstrap/scripts/" + suite)) words.push_back("sid");
    argv.insert(argv.end(), words.begin(), words.end());
    return argv;
}

// A minimal root of `suite`, made in a staging directory and renamed into
// place whole (the caller holds the toolchains lock). A failed debootstrap
// leaves its log, not its half-made root.
void make_root(const std::string& suite, const std::string& dir, const ToolchainOptions& o, const std::string& log) {
    if (o.progress)
        std::fprintf(stderr, "modlink: making a minimal %s root for its compiler, once (debootstrap; log: %s)\n",
                     suite.c_str(), log.c_str());
    std::string staging = o.cache_root + "/.staging-XXXXXX";
    if (!::mkdtemp(staging.data())) throw Error(o.cache_root, std::string("cannot make a directory: ") + std::strerror(errno));
    int rc = run_logged(debootstrap_command(suite, staging, o.archive.mirror), {}, log);
    if (rc != 0) {
        // debootstrap's own detailed log is inside the root it was making.
        std::string detail = read_file(staging + "/debootstrap/debootstrap.log");
        std::ofstream(log, std::ios::app) << "\n--- " << staging << "/debootstrap/debootstrap.log\n" << detail;
        std::string output = read_file(log);
        detach_mounts_below(staging);
        std::error_code ec;
        fs::remove_all(staging, ec);
        throw Error(dir, explain_apt_failure(output, "debootstrap " + suite) + " (see " + log + ")");
    }
    std::ofstream(staging + "/" + kDebootstrapped).close();
    std::error_code ec;
    if (fs::exists(dir)) {  // a root without its mark: never whole
        detach_mounts_below(dir);
        fs::remove_all(dir, ec);
    }
    fs::rename(staging, dir, ec);
    if (ec) throw Error(dir, "cannot rename the new root into place: " + ec.message());
}

// "name=version" of the kernel's headers package, as it was fetched.
std::string headers_package(const CachedKernel& k) {
    std::string prefix = "linux-headers-" + k.release + "=";
    for (const std::string& p : k.packages)
        if (p.starts_with(prefix)) return p;
    throw Error(k.directory, "its manifest names no " + prefix.substr(0, prefix.size() - 1) + " package");
}

// Whether dpkg in the root has the headers package (name=version) and make
// installed whole. A run killed between the two leaves one of them not.
bool installed(const std::string& root, const std::string& package) {
    std::string name = package.substr(0, package.find('=')), version = package.substr(package.find('=') + 1);
    std::vector<std::string> argv = command_in_root(root);
    for (const char* w : {"dpkg-query", "-W", "-f=${Package} ${Status} ${Version}\n"}) argv.push_back(w);
    argv.push_back(name);
    argv.push_back("make");
    CapturedRun r = run_captured(argv, {});
    if (r.status != 0) return false;
    bool headers = false, make = false;
    std::istringstream lines(r.output);
    for (std::string line; std::getline(lines, line);) {
        if (line == name + " install ok installed " + version) headers = true;
        if (line.starts_with("make install ok installed ")) make = true;
    }
    return headers && make;
}

// What a run says on a terminal when another modlink holds the root.
std::string waiting_note(const std::string& root, bool progress) {
    return progress ? "modlink: waiting for another modlink that uses " + root : "";
}

// Installs the headers package (and make) with the root's apt, from the
// spec's suite and the pockets it needs, in one run with one log.
void install_headers(const std::string& root, const DebianKernelSpec& spec, const std::string& package,
                     const ToolchainOptions& o, const std::string& log) {
    if (o.progress) std::fprintf(stderr, "modlink: installing %s in %s (log: %s)\n", package.c_str(), root.c_str(), log.c_str());
    std::string sources;
    for (const AptSource& s : debian_suite_sources(spec.suite, o.archive)) sources += "deb " + s.uri + " " + s.suite + " main\n";
    write_file_atomically(root + "/etc/apt/sources.list", sources);
    std::string valid_until = root + "/etc/apt/apt.conf.d/99modlink-valid-until";
    std::error_code ec;
    if (o.archive.allow_expired_release) write_file_atomically(valid_until, "Acquire::Check-Valid-Until \"false\";\n");
    else fs::remove(valid_until, ec);
    fs::copy_file("/etc/resolv.conf", root + "/etc/resolv.conf", fs::copy_options::overwrite_existing, ec);

    // A run killed while dpkg unpacked leaves it half done, and apt refuses
    // to go on until that is finished: dpkg --configure -a first.
    std::vector<std::string> argv = command_in_root(root, {"DEBIAN_FRONTEND=noninteractive"});
    for (const char* w : {"sh", "-c",
                          "set -e; dpkg --configure -a; apt-get -q update; "
                          "apt-get -q -y --no-install-recommends install \"$@\"; apt-get clean",
                          "sh"})
        argv.push_back(w);
    if (std::string release = debian_default_release(spec.suite); !release.empty()) {
        argv.push_back("-t");
        argv.push_back(release);
    }
    argv.push_back(package);
    argv.push_back("make");
    int rc;
    {
        RootMounts mounts({root});
        rc = run_logged(argv, {}, log);
    }
    if (rc == 0) return;
    if (rc < 0) throw Error(root, "cannot run " + argv[0] + " to install " + package);
    std::string output = read_file(log);
    std::string reason = explain_apt_failure(output, "apt-get install " + package);
    if (output.find("was not found") != std::string::npos || output.find("Unable to locate package") != std::string::npos)
        reason += "; the archive has moved on since this kernel was fetched (--refresh fetches the suite's current one)";
    throw Error(root, reason + " (see " + log + ")");
}

}  // namespace

std::string toolchain_cache_directory() {
    return (fs::path(kernel_cache_directory()).parent_path() / "toolchains").string();
}

std::string toolchain_base_suite(const std::string& suite) {
    if (suite == "unstable" || suite == "experimental") return "sid";
    for (const char* pocket : {"-backports", "-security", "-updates"})
        if (suite.size() > std::strlen(pocket) && suite.ends_with(pocket))
            return suite.substr(0, suite.size() - std::strlen(pocket));
    return suite;
}

void require_toolchain_prerequisites() {
    if (::geteuid() != 0)
        throw Error("", "--toolchain makes a root with debootstrap and builds in it with chroot, which need root: run "
                        "modlink as root (sudo), or give --root DIR for a chroot of your own");
    if (debootstrap_program().empty())
        throw Error("", "--toolchain makes its roots with debootstrap, which is not installed (apt-get install debootstrap)");
    if (::access(kDebianArchiveKeyring, R_OK) != 0)
        throw Error(kDebianArchiveKeyring, "the Debian archive keyring is missing (apt install debian-archive-keyring)");
}

void require_toolchain_architecture(const DebianKernelSpec& given) {
    DebianKernelSpec spec = with_defaults(given);
    std::string host = host_debian_architecture();
    std::string arch = debian_flavour_architecture(spec.flavour).value_or(host);
    if (arch != host)
        throw Error(spec.text(), fmt::format("--toolchain builds on this machine's architecture ({}), not {}: give --cc "
                                             "with a cross compiler and --make-arg ARCH=... instead",
                                             host, arch));
}

ToolchainKernel toolchain_for(const DebianKernelSpec& spec, const CachedKernel& kernel, const ToolchainOptions& o) {
    require_toolchain_prerequisites();
    require_toolchain_architecture(spec);
    std::string base = toolchain_base_suite(spec.suite);
    std::string name = base + "-" + kernel.architecture;
    std::string dir = o.cache_root + "/" + name;
    ToolchainKernel t{dir, "/usr/src/linux-headers-" + kernel.release};
    std::string package = headers_package(kernel);

    {
        // Roots are made one at a time, under the lock of all of them.
        KernelCacheLock lock(o.cache_root);
        remove_leftovers(o.cache_root);
        if (!fs::exists(dir + "/" + kDebootstrapped)) make_root(base, dir, o, o.cache_root + "/" + name + ".debootstrap.log");
    }
    // apt changes the root only while no other modlink builds in it.
    FileLock exclusive(dir + ".lock", FileLock::Mode::Exclusive, waiting_note(dir, o.progress));
    if (!installed(dir, package) || !fs::exists(dir + t.headers + "/Makefile")) {
        install_headers(dir, spec, package, o, o.cache_root + "/" + name + ".apt.log");
        if (!installed(dir, package)) throw Error(dir, package + " is not installed after apt-get installed it");
    }
    return t;
}

std::shared_ptr<void> use_toolchain_root(const std::string& root, bool progress) {
    return std::make_shared<FileLock>(root + ".lock", FileLock::Mode::Shared, waiting_note(root, progress));
}

}  // namespace modlink
