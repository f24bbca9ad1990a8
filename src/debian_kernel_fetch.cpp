// SPDX-License-Identifier: MIT
#include "modlink/debian_kernel_fetch.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "modlink/atomic_write.h"
#include "modlink/debian_version.h"
#include "modlink/error.h"
#include "modlink/subprocess.h"

namespace fs = std::filesystem;

namespace modlink {

namespace {

// An ABI in a headers package's name: 6.1.0-41, 6.12.57+deb13,
// 6.12.12+bpo, 7.2.13+deb14 (no '-' after a '+', so that the flavour
// "rt-amd64" is not read as ABI "…-rt" of flavour "amd64"). A version
// with neither part (linux-headers-6.12-amd64) is a metapackage.
const std::regex& abi_pattern() {
    static const std::regex re(R"(([0-9]+\.[0-9]+(\.[0-9]+)?(-[0-9]+|\+[0-9a-z.~]+)))");
    return re;
}

// linux-headers-ABI-FLAVOUR -> (ABI, FLAVOUR); nothing for the -common
// packages and the metapackages (linux-headers-amd64).
std::optional<std::pair<std::string, std::string>> split_headers_package(const std::string& name) {
    static const std::string prefix = "linux-headers-";
    if (name.rfind(prefix, 0) != 0) return std::nullopt;
    std::string rest = name.substr(prefix.size());
    std::smatch m;
    if (!std::regex_search(rest, m, abi_pattern(), std::regex_constants::match_continuous)) return std::nullopt;
    std::string abi = m.str(1);
    if (rest.size() <= abi.size() + 1 || rest[abi.size()] != '-') return std::nullopt;
    std::string flavour = rest.substr(abi.size() + 1);
    if (flavour == "common" || flavour.rfind("common-", 0) == 0) return std::nullopt;
    return std::make_pair(abi, flavour);
}

std::string joined(const std::vector<std::string>& words) {
    std::string s;
    for (const std::string& w : words) s += (s.empty() ? "" : ", ") + w;
    return s;
}

// A Depends entry modlink fetches along with the headers: the ABI's
// -common headers, the kbuild programs and (7.x) the flavour's
// linux-base-RELEASE with modules.order and modules.builtin. The compiler
// and the generic linux-base are the system's business.
struct Dependency {
    std::string name;
    std::string pinned;  // the version after "(= ", "" when not pinned
};

std::vector<Dependency> kernel_dependencies(const std::string& depends) {
    std::vector<Dependency> out;
    std::istringstream entries(depends);
    for (std::string entry; std::getline(entries, entry, ',');) {
        entry = entry.substr(0, entry.find('|'));  // the first alternative
        std::istringstream words(entry);
        std::string name, op, version;
        words >> name >> op >> version;
        bool wanted = name.rfind("linux-headers-", 0) == 0 || name.rfind("linux-kbuild-", 0) == 0 ||
                      (name.rfind("linux-base-", 0) == 0 && name.size() > 11);
        if (!wanted) continue;
        Dependency d{name, ""};
        if (op == "(=" && !version.empty() && version.back() == ')') d.pinned = version.substr(0, version.size() - 1);
        out.push_back(d);
    }
    return out;
}

// Removes a staging directory unless the tree in it was installed.
class StagingGuard {
public:
    explicit StagingGuard(std::string dir) : dir_(std::move(dir)) {}
    ~StagingGuard() {
        if (dir_.empty()) return;
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void release() { dir_.clear(); }

private:
    std::string dir_;
};

// "12.3 MB" for progress lines.
std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

// The flavour Makefile names its -common tree (and 7.x its own output
// directory) by absolute path under /usr/src. Point those into `root`, so
// `make -C HEADERS M=...` works on the unpacked tree as on an installed one.
void point_makefile_into(const std::string& makefile, const std::string& root) {
    std::ifstream in(makefile);
    if (!in) throw Error(makefile, "the headers package has no Makefile");
    static const std::regex include_line(R"(^(include[ \t]+)/usr/src/)");
    static const std::regex output_line(R"(^KBUILD_OUTPUT=/usr/src/)");
    std::string text;
    for (std::string line; std::getline(in, line);) {
        line = std::regex_replace(line, include_line, "$1" + root + "/usr/src/", std::regex_constants::format_first_only);
        line = std::regex_replace(line, output_line, "KBUILD_OUTPUT=" + root + "/usr/src/",
                                  std::regex_constants::format_first_only);
        text += line + "\n";
    }
    write_file_atomically(makefile, text);
}

// One fetch: the apt states it needs and where the packages go.
class Fetcher {
public:
    Fetcher(const DebianKernelSpec& spec, const KernelFetchOptions& options, const KernelCache& cache)
        : spec_(spec), options_(options), cache_(cache),
          arch_(*debian_flavour_architecture(spec.flavour)),
          apt_(state_dir(spec.suite, arch_), spec.suite, arch_, options.archive) {}

    CachedKernel run() {
        apt_.update();
        std::string abi = choose_abi();
        std::string release = abi + "-" + spec_.flavour;
        auto add = [](std::vector<std::string>& v, const std::string& s) {
            if (std::find(v.begin(), v.end(), s) != v.end()) return false;
            v.push_back(s);
            return true;
        };
        if (std::optional<CachedKernel> k = cache_.find(release)) {
            // The same tree, reached through another suite (trixie's
            // kernel is trixie-backports' base too) or now the default.
            bool changed = add(k->suites, spec_.suite);
            if (spec_.abi.empty()) changed |= add(k->default_in, spec_.suite);
            if (changed) cache_.update_manifest(*k);
            return *k;
        }
        std::vector<AptPackage> own, host;
        collect_packages("linux-headers-" + release, own, host);

        std::string staging = cache_.new_staging();
        StagingGuard guard(staging);
        std::string debs = staging + "/debs", root = staging + "/root";
        fs::create_directories(debs);
        fs::create_directories(root);
        std::optional<AptPrivateState> host_apt;
        if (!host.empty()) {
            std::string h = host_debian_architecture();
            host_apt.emplace(state_dir(spec_.suite, h), spec_.suite, h, options_.archive);
            host_apt->update();
        }
        CachedKernel k;
        k.release = release;
        k.suites = {spec_.suite};
        if (spec_.abi.empty()) k.default_in = {spec_.suite};
        k.flavour = spec_.flavour;
        k.architecture = arch_;
        k.abi = abi;
        for (const AptPackage& p : own) unpack(apt_, p, debs, root, k);
        for (const AptPackage& p : host) unpack(*host_apt, p, debs, root, k);
        fs::remove_all(debs);

        std::string headers = root + "/usr/src/linux-headers-" + release;
        for (const char* f : {"/Module.symvers", "/.config"})
            if (!fs::exists(headers + f))
                throw Error(spec_.text(), "the fetched headers lack " + std::string(f + 1) + " (" + headers + ")");
        point_makefile_into(headers + "/Makefile", cache_.directory_of(release) + "/root");
        CachedKernel installed = cache_.install(staging, k);
        guard.release();
        return installed;
    }

private:
    std::string state_dir(const std::string& suite, const std::string& arch) const {
        return options_.cache_root + "/apt/" + suite + "-" + arch;
    }

    // The ABI asked for, or the suite's newest of the flavour.
    std::string choose_abi() {
        std::vector<std::string> names = apt_.package_names("linux-headers-");
        std::vector<std::string> abis;
        std::set<std::string> flavours;
        for (const std::string& n : names)
            if (auto split = split_headers_package(n)) {
                flavours.insert(split->second);
                if (split->second == spec_.flavour) abis.push_back(split->first);
            }
        if (abis.empty()) {
            if (flavours.empty())
                throw Error(spec_.text(), "the archive has no kernel headers in " + spec_.suite + " for " + arch_);
            throw Error(spec_.text(), spec_.suite + " has no " + spec_.flavour + " kernel; its " + arch_ +
                                          " flavours are " + joined({flavours.begin(), flavours.end()}));
        }
        std::sort(abis.begin(), abis.end(),
                  [](const std::string& a, const std::string& b) { return compare_debian_versions(a, b) > 0; });
        if (spec_.abi.empty()) {
            // The suite's own kernel: the one its metapackage
            // (linux-headers-FLAVOUR, newest version over the suite's
            // pockets) depends on. bookworm-security also carries a 6.12
            // line, newer than bookworm's 6.1, that no bookworm machine
            // runs unless asked for (debian:bookworm@6.12.118+deb12).
            if (std::optional<AptPackage> meta = apt_.package("linux-headers-" + spec_.flavour))
                for (const Dependency& d : kernel_dependencies(meta->depends))
                    if (auto split = split_headers_package(d.name); split && split->second == spec_.flavour &&
                                                                    std::find(abis.begin(), abis.end(), split->first) != abis.end())
                        return split->first;
            return abis.front();
        }
        if (std::find(abis.begin(), abis.end(), spec_.abi) == abis.end())
            throw Error(spec_.text(), "the archive no longer has ABI " + spec_.abi + " in " + spec_.suite +
                                          "; it has " + joined(abis));
        return spec_.abi;
    }

    // The headers package and, transitively, the kernel packages it needs.
    // A foreign flavour's kbuild programs would not run here; like a
    // Debian cross build, they come from the host architecture (`host`).
    void collect_packages(const std::string& headers, std::vector<AptPackage>& own, std::vector<AptPackage>& host) {
        std::string host_arch = host_debian_architecture();
        bool foreign = !host_arch.empty() && host_arch != arch_;
        std::vector<Dependency> todo = {{headers, ""}};
        std::set<std::string> seen;
        while (!todo.empty()) {
            Dependency d = todo.back();
            todo.pop_back();
            if (!seen.insert(d.name).second) continue;
            std::string query = d.pinned.empty() ? d.name : d.name + "=" + d.pinned;
            std::optional<AptPackage> p = apt_.package(query);
            if (!p) throw Error(spec_.text(), "the archive's indices for " + spec_.suite + " lack " + query);
            p->name = d.name;
            if (foreign && d.name.rfind("linux-kbuild-", 0) == 0) {
                host.push_back(*p);
                continue;
            }
            own.push_back(*p);
            for (const Dependency& next : kernel_dependencies(p->depends)) todo.push_back(next);
        }
        auto by_name = [](const AptPackage& a, const AptPackage& b) { return a.name < b.name; };
        std::sort(own.begin(), own.end(), by_name);
        std::sort(host.begin(), host.end(), by_name);
    }

    void unpack(const AptPrivateState& apt, AptPackage p, const std::string& debs, const std::string& root,
                CachedKernel& k) {
        if (&apt != &apt_) {
            // The host architecture's build of the same kbuild version.
            std::optional<AptPackage> same = apt.package(p.name + "=" + p.version);
            if (!same) throw Error(spec_.text(), "the archive has no " + apt.architecture() + " build of " + p.name + " " + p.version);
            p = *same;
        }
        std::string dir = debs + "/" + p.name;
        fs::create_directories(dir);
        bool shown = false;
        auto progress = [&](std::uint64_t bytes) {
            if (!options_.progress) return;
            shown = true;
            std::fprintf(stderr, "\r%s: %s %s of %s ", spec_.text().c_str(), p.name.c_str(), megabytes(bytes).c_str(),
                         megabytes(p.size).c_str());
            std::fflush(stderr);
        };
        std::string deb;
        try {
            deb = apt.download(p, dir, progress);
        } catch (const Error&) {
            // The error line starts on a line of its own, not after the
            // progress line.
            if (shown) std::fputc('\n', stderr);
            throw;
        }
        if (shown) std::fputc('\n', stderr);
        CapturedRun x = run_captured({"dpkg-deb", "-x", deb, root}, {});
        if (x.status != 0) {
            std::string why = x.output.substr(0, x.output.find('\n'));
            throw Error(spec_.text(), "cannot unpack " + p.name + " " + p.version + " into " + root + ": " +
                                          (why.empty() ? "dpkg-deb failed" : why));
        }
        fs::remove(deb);
        k.packages.push_back(p.name + "=" + p.version);
    }

    const DebianKernelSpec& spec_;
    const KernelFetchOptions& options_;
    const KernelCache& cache_;
    std::string arch_;
    AptPrivateState apt_;
};

}  // namespace

DebianKernelSpec with_defaults(const DebianKernelSpec& spec) {
    DebianKernelSpec s = spec;
    if (s.flavour.empty()) {
        std::string arch = host_debian_architecture();
        std::optional<std::string> generic = debian_generic_flavour(arch);
        if (!generic)
            throw Error(s.text(), "this machine's architecture has no default Debian flavour; name one "
                                  "(debian:" + s.suite + "/FLAVOUR)");
        s.flavour = *generic;
    }
    if (!debian_flavour_architecture(s.flavour))
        throw Error(s.text(), "unknown flavour '" + s.flavour + "'; Debian's are " + joined(known_debian_flavours()));
    return s;
}

std::vector<CachedKernel> cached_debian_kernels(const DebianKernelSpec& spec, const KernelCache& cache) {
    DebianKernelSpec s = with_defaults(spec);
    std::vector<CachedKernel> out;
    for (CachedKernel& k : cache.list()) {
        const std::vector<std::string>& suites = s.abi.empty() ? k.default_in : k.suites;
        bool suite = std::find(suites.begin(), suites.end(), s.suite) != suites.end();
        if (suite && k.flavour == s.flavour && (s.abi.empty() || k.abi == s.abi)) out.push_back(std::move(k));
    }
    std::sort(out.begin(), out.end(),
              [](const CachedKernel& a, const CachedKernel& b) { return compare_debian_versions(a.abi, b.abi) > 0; });
    return out;
}

CachedKernel fetch_debian_kernel(const DebianKernelSpec& given, const KernelFetchOptions& options) {
    DebianKernelSpec spec = with_defaults(given);
    KernelCache cache(options.cache_root);
    if (!options.refresh)
        if (std::vector<CachedKernel> cached = cached_debian_kernels(spec, cache); !cached.empty()) return cached.front();
    // One fetch at a time: a second fetch of the same spec waits here and
    // then finds the first one's tree.
    KernelCacheLock lock(options.cache_root);
    if (!options.refresh)
        if (std::vector<CachedKernel> cached = cached_debian_kernels(spec, cache); !cached.empty()) return cached.front();
    cache.remove_leftovers();
    Fetcher fetcher(spec, options, cache);
    return fetcher.run();
}

}  // namespace modlink
