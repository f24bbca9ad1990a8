// SPDX-License-Identifier: MIT
#include "modlink/toolchain_root.h"

#include <sys/mount.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modlink/atomic_write.h"
#include "modlink/audit_source_root.h"
#include "modlink/error.h"
#include "modlink/subprocess.h"

namespace fs = std::filesystem;

namespace modlink {

namespace {

constexpr const char* kDebootstrapped = ".modlink-debootstrapped";

bool ends_with_pocket(const std::string& suite, const std::string& pocket) {
    return suite.size() > pocket.size() && suite.ends_with(pocket);
}

// The words that run a program in `root` with a clean environment: the
// host's need not fit the root, and apt must not ask questions.
std::vector<std::string> in_root(const std::string& root, std::vector<std::string> words) {
    std::vector<std::string> argv = {"chroot", root, "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                                     "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"};
    argv.insert(argv.end(), words.begin(), words.end());
    return argv;
}

// The line of a failed run's log a person needs: apt's and debootstrap's
// own "E: " line (the last, which is the cause), else the last line.
std::string error_line(const std::string& log) {
    std::ifstream in(log);
    std::string line, error, last;
    while (std::getline(in, line)) {
        if (line.starts_with("E: ")) error = line.substr(3);
        if (!line.empty()) last = line;
    }
    return error.empty() ? last : error;
}

// Runs argv with its output in `log`; throws an Error naming what failed,
// apt's reason and the log when it fails.
void run_step(const std::vector<std::string>& argv, const std::string& what, const std::string& root,
              const std::string& log) {
    int rc = run_logged(argv, {}, log);
    if (rc == 0) return;
    std::string reason = rc < 0 ? "cannot run " + argv[0] : error_line(log);
    // A dated mirror serves sid's Release past its Valid-Until.
    if (reason.find("is expired") != std::string::npos || reason.find("is not valid yet") != std::string::npos)
        reason += "; --allow-expired-release accepts it";
    throw Error(root, fmt::format("{} failed: {} (see {})", what, reason, log));
}

// Mounts left below `dir` by a run that was killed (debootstrap mounts the
// root's /proc and /sys; a build's RootMounts its /proc and /dev) are
// detached before the directory is removed, so that removing it can never
// reach into the host's /dev.
void detach_mounts_below(const std::string& dir) {
    std::ifstream in("/proc/self/mountinfo");
    std::vector<std::string> below;
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string id, parent, dev, source_root, point;
        fields >> id >> parent >> dev >> source_root >> point;
        // mountinfo escapes space, tab, newline and backslash as \ooo.
        std::string unescaped;
        for (std::size_t i = 0; i < point.size(); ++i) {
            if (point[i] == '\\' && i + 3 < point.size()) {
                unescaped += static_cast<char>(std::strtol(point.substr(i + 1, 3).c_str(), nullptr, 8));
                i += 3;
            } else {
                unescaped += point[i];
            }
        }
        if (unescaped.starts_with(dir + "/")) below.push_back(unescaped);
    }
    // Deepest first.
    std::sort(below.begin(), below.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& m : below)
        if (::umount2(m.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
            throw Error(m, std::string("cannot unmount what a killed run left mounted: ") + std::strerror(errno));
}

void remove_tree(const std::string& dir) {
    detach_mounts_below(dir);
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec) throw Error(dir, "cannot remove: " + ec.message());
}

// What killed runs left: staging directories of debootstraps that never
// finished (the caller holds the lock).
void remove_leftovers(const std::string& cache) {
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(cache, ec))
        if (e.path().filename().string().starts_with(".staging-")) remove_tree(e.path().string());
}

// debootstrap in a private mount namespace where one can be had, so that
// the /proc and /sys it mounts in the new root go with it however it ends.
std::vector<std::string> debootstrap_command(const std::string& suite, const std::string& target,
                                             const std::string& mirror) {
    std::vector<std::string> argv;
    static const bool private_mounts = run_captured({"unshare", "--mount", "--propagation", "private", "true"}, {}).status == 0;
    if (private_mounts) argv = {"unshare", "--mount", "--propagation", "private", "--"};
    std::vector<std::string> words = {"debootstrap", "--variant=minbase", suite, target, mirror};
    // A suite newer than this machine's debootstrap has no script of its
    // own; every Debian suite since buster uses sid's.
    if (!fs::exists("/usr/share/debootstrap/scripts/" + suite)) words.push_back("sid");
    argv.insert(argv.end(), words.begin(), words.end());
    return argv;
}

// A minimal root of `suite`, made in a staging directory and renamed into
// place whole (the caller holds the lock).
void make_root(const std::string& suite, const std::string& dir, const ToolchainOptions& o, const std::string& log) {
    if (o.progress)
        std::fprintf(stderr, "modlink: making a minimal %s root for its compiler, once (debootstrap; log: %s)\n",
                     suite.c_str(), log.c_str());
    std::string staging = o.cache_root + "/.staging-XXXXXX";
    if (!::mkdtemp(staging.data())) throw Error(o.cache_root, std::string("cannot make a directory: ") + std::strerror(errno));
    run_step(debootstrap_command(suite, staging, o.archive.mirror), "debootstrap " + suite, dir, log);
    std::ofstream(staging + "/" + kDebootstrapped).close();
    if (fs::exists(dir)) remove_tree(dir);  // a root without its mark: never whole
    std::error_code ec;
    fs::rename(staging, dir, ec);
    if (ec) throw Error(dir, "cannot rename the new root into place: " + ec.message());
}

// The root's apt sources: the suite's own pockets, and backports when the
// kernel came from there (its Release is NotAutomatic, so nothing else is
// taken from it unless asked).
std::string root_sources(const std::string& base, const std::string& suite, const AptArchive& a) {
    if (base == "sid") return fmt::format("deb {} sid main\n", a.mirror);
    std::string s = fmt::format("deb {0} {1} main\ndeb {0} {1}-updates main\ndeb {2} {1}-security main\n", a.mirror, base,
                                a.security_mirror);
    if (ends_with_pocket(suite, "-backports")) s += fmt::format("deb {} {}-backports main\n", a.mirror, base);
    return s;
}

// "name=version" of the kernel's headers package, as it was fetched.
std::string headers_package(const CachedKernel& k) {
    std::string prefix = "linux-headers-" + k.release + "=";
    for (const std::string& p : k.packages)
        if (p.starts_with(prefix)) return p;
    throw Error(k.directory, "its manifest names no " + prefix.substr(0, prefix.size() - 1) + " package");
}

// Whether dpkg in the root has `package` (name=version) installed whole.
bool installed(const std::string& root, const std::string& package) {
    std::string name = package.substr(0, package.find('=')), version = package.substr(package.find('=') + 1);
    CapturedRun r = run_captured(in_root(root, {"dpkg-query", "-W", "-f=${Status} ${Version}", name}), {});
    return r.status == 0 && r.output == "install ok installed " + version;
}

// Installs the headers package (and make) with the root's apt.
void install_headers(const std::string& root, const std::string& base, const std::string& suite,
                     const std::string& package, const ToolchainOptions& o, const std::string& log) {
    if (o.progress)
        std::fprintf(stderr, "modlink: installing %s in the %s root (log: %s)\n", package.c_str(), base.c_str(), log.c_str());
    write_file_atomically(root + "/etc/apt/sources.list", root_sources(base, suite, o.archive));
    std::string valid_until = root + "/etc/apt/apt.conf.d/99modlink-valid-until";
    if (o.archive.allow_expired_release) write_file_atomically(valid_until, "Acquire::Check-Valid-Until \"false\";\n");
    std::error_code ec;
    if (!o.archive.allow_expired_release) fs::remove(valid_until, ec);
    fs::copy_file("/etc/resolv.conf", root + "/etc/resolv.conf", fs::copy_options::overwrite_existing, ec);
    RootMounts mounts({root});
    // A run killed while dpkg unpacked leaves it half done; apt refuses
    // to go on until that is finished.
    run_step(in_root(root, {"dpkg", "--configure", "-a"}), "dpkg --configure -a", root, log);
    run_step(in_root(root, {"apt-get", "-q", "update"}), "apt-get update", root, log);
    run_step(in_root(root, {"apt-get", "-q", "-y", "--no-install-recommends", "install", package, "make"}),
             "apt-get install " + package, root, log);
    run_step(in_root(root, {"apt-get", "clean"}), "apt-get clean", root, log);
}

}  // namespace

std::string toolchain_cache_directory() {
    return (fs::path(kernel_cache_directory()).parent_path() / "toolchains").string();
}

std::string toolchain_base_suite(const std::string& suite) {
    if (suite == "unstable") return "sid";
    for (const char* pocket : {"-backports", "-security", "-updates", "-proposed-updates"})
        if (ends_with_pocket(suite, pocket)) return suite.substr(0, suite.size() - std::strlen(pocket));
    return suite;
}

void require_toolchain_prerequisites() {
    if (::geteuid() != 0)
        throw Error("", "--toolchain makes a root with debootstrap and builds in it with chroot, which need root: run "
                                   "modlink as root (sudo), or give --root DIR for a chroot of your own");
    if (!program_runnable("debootstrap"))
        throw Error("", "--toolchain makes its roots with debootstrap, which is not installed (apt-get install debootstrap)");
}

ToolchainKernel toolchain_for(const DebianKernelSpec& spec, const CachedKernel& kernel, const ToolchainOptions& o) {
    require_toolchain_prerequisites();
    std::string host = host_debian_architecture();
    if (kernel.architecture != host)
        throw Error(spec.text(), fmt::format("--toolchain builds on this machine's architecture ({}), not {}: give --cc "
                                             "with a cross compiler and --make-arg ARCH=... instead",
                                             host, kernel.architecture));
    std::string base = toolchain_base_suite(spec.suite);
    std::string name = base + "-" + host;
    std::string dir = o.cache_root + "/" + name;
    ToolchainKernel t{dir, "/usr/src/linux-headers-" + kernel.release};
    std::string package = headers_package(kernel);

    KernelCacheLock lock(o.cache_root);
    remove_leftovers(o.cache_root);
    if (!fs::exists(dir + "/" + kDebootstrapped)) make_root(base, dir, o, o.cache_root + "/" + name + ".debootstrap.log");
    if (!installed(dir, package) || !fs::exists(dir + t.headers + "/Makefile"))
        install_headers(dir, base, spec.suite, package, o, o.cache_root + "/" + name + ".apt.log");
    if (!installed(dir, package)) throw Error(dir, package + " is not installed after apt-get installed it");
    return t;
}

}  // namespace modlink
