// SPDX-License-Identifier: MIT
// apt, pointed at a state of modlink's own: its sources, package lists,
// download cache and an empty dpkg status live in one directory of the
// cache, so fetching a kernel never reads or changes the system's apt setup
// and needs no root. apt does what it does for the system: it checks the
// signed Release files against the Debian archive keyring and each
// download's hash against the signed indices, and refuses anything
// unauthenticated. Its failures come back as one-line Errors that say what
// to do (debian_kernel_fetch.h turns a spec into packages through this).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace modlink {

// Where the Debian archive is and how strictly it is trusted.
struct AptArchive {
    std::string mirror;           // the main archive, e.g. http://deb.debian.org/debian
    std::string security_mirror;  // the security archive (the suites' -security pockets)
    // Accept Release files past their Valid-Until (a dated snapshot mirror
    // serves sid's that way). Their signatures are still checked.
    bool allow_expired_release = false;
};

// The archive this machine's apt uses (the URIs of its deb822 sources or
// sources.list), with MODLINK_MIRROR taking the place of the main archive,
// and deb.debian.org where nothing says otherwise.
AptArchive configured_debian_archive();

// The keyring that signs the Debian archive's Release files.
inline constexpr const char* kDebianArchiveKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg";

// One apt source: the archive's URI and a suite (main component).
struct AptSource {
    std::string uri;
    std::string suite;
};

// The sources that carry `suite`'s kernels and what they need: a stable
// suite with its -updates and -security pockets, a backports suite with its
// release, experimental with sid.
std::vector<AptSource> debian_suite_sources(const std::string& suite, const AptArchive& archive);

// The release apt must prefer for `suite` (APT::Default-Release, apt-get
// -t): a backports suite, whose Release is NotAutomatic; "" for the others.
std::string debian_default_release(const std::string& suite);

// One line for the first thing apt could not do (`output` is apt's), saying
// what to do about it: no network, a suite the archive lacks, an expired or
// badly signed Release file, a 404; else "`what`: apt's first E: line".
std::string explain_apt_failure(const std::string& output, const std::string& what);

// One package's candidate version, as the indices describe it.
struct AptPackage {
    std::string name;
    std::string version;
    std::string architecture;
    std::string depends;  // the Depends field as written
    std::uint64_t size = 0;  // of the .deb
};

class AptPrivateState {
public:
    // The state for `suite` (with the pockets that carry its newest
    // kernels) on `arch`, kept in `dir`.
    AptPrivateState(std::string dir, std::string suite, std::string arch, AptArchive archive);

    // Downloads the package lists. Throws Error (one line, naming the URL)
    // when the archive cannot be reached, has no such suite, serves an
    // expired or badly signed Release file.
    void update();

    // Package names starting with `prefix`, sorted.
    std::vector<std::string> package_names(const std::string& prefix) const;
    // The candidate version of `name` (or the version `name=VERSION`
    // names); nothing when no index lists it.
    std::optional<AptPackage> package(const std::string& name) const;
    // Downloads `p` into `dir` and returns the .deb's path. `progress` is
    // called with the bytes so far while it downloads. Throws Error naming
    // the URL when the mirror does not give it or its hash is wrong.
    std::string download(const AptPackage& p, const std::string& dir,
                         const std::function<void(std::uint64_t)>& progress) const;

    const std::string& suite() const { return suite_; }
    const std::string& architecture() const { return arch_; }

private:
    // `program` (apt-get or apt-cache) with the options that select this
    // state, then `words`.
    std::vector<std::string> apt_command(const std::string& program, std::vector<std::string> words) const;
    void write_sources() const;

    std::string dir_, suite_, arch_;
    AptArchive archive_;
};

}  // namespace modlink
