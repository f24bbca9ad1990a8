// SPDX-License-Identifier: MIT
#include "modlink/apt_private_state.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modlink/atomic_write.h"
#include "modlink/error.h"
#include "modlink/subprocess.h"

namespace fs = std::filesystem;

namespace modlink {

namespace {

constexpr const char* kDefaultMirror = "http://deb.debian.org/debian";
constexpr const char* kDefaultSecurityMirror = "http://deb.debian.org/debian-security";

std::string trimmed(std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
}

// The URIs this machine's apt reads Debian from: each deb822 stanza's
// URIs (with its Suites, to tell the security archive apart) and each
// one-line "deb URI SUITE..." entry.
struct ConfiguredUri {
    std::string uri;
    bool security = false;
};

void read_deb822(const fs::path& file, std::vector<ConfiguredUri>& out) {
    std::ifstream in(file);
    std::string line, uris, suites;
    auto flush = [&] {
        std::istringstream words(uris);
        for (std::string u; words >> u;) out.push_back({u, suites.find("-security") != std::string::npos});
        uris.clear();
        suites.clear();
    };
    while (std::getline(in, line)) {
        if (trimmed(line).empty()) flush();
        else if (line.starts_with("URIs:")) uris = line.substr(5);
        else if (line.starts_with("Suites:")) suites = line.substr(7);
    }
    flush();
}

void read_one_line_sources(const fs::path& file, std::vector<ConfiguredUri>& out) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string type, word;
        if (!(words >> type) || type != "deb") continue;
        while (words >> word && word.front() == '[')  // [options]
            while (word.back() != ']' && words >> word) {
            }
        std::string suite;
        words >> suite;
        if (!word.empty()) out.push_back({word, suite.find("-security") != std::string::npos});
    }
}

// apt's "E:" lines (errors and, with --error-on=any, warnings made errors).
std::vector<std::string> error_lines(const std::string& output) {
    std::vector<std::string> lines;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("E: ") || line.starts_with("W: ")) lines.push_back(trimmed(line.substr(3)));
    return lines;
}

// The text between `open` and `close` in `line`, "" when absent.
std::string between(const std::string& line, std::string_view open, std::string_view close) {
    std::size_t a = line.find(open);
    if (a == std::string::npos) return "";
    a += open.size();
    std::size_t b = line.find(close, a);
    return b == std::string::npos ? line.substr(a) : line.substr(a, b - a);
}

}  // namespace

// One line for the first thing apt could not do, saying what to do about
// it: the failures a user meets (no network, a suite that is not there, a
// dated mirror's expired sid) each get their own wording.
std::string explain_apt_failure(const std::string& output, const std::string& what) {
    std::vector<std::string> lines = error_lines(output);
    for (const std::string& l : lines)
        if (l.find("is expired") != std::string::npos) {
            std::string url = between(l, "Release file for ", " is expired");
            std::string since = between(l, "(invalid since ", ")");
            return "the Release file " + url + " is past its Valid-Until (invalid since " + since +
                   "; a dated mirror serves it so); pass --allow-expired-release to accept it";
        }
    for (const std::string& l : lines)
        if (l.find("does not have a Release file") != std::string::npos) {
            std::string repo = between(l, "'", " Release'");
            std::string suite = repo.substr(repo.rfind(' ') + 1);
            return "the archive has no suite '" + suite + "' (" + repo +
                   "); Debian's suites are bookworm, trixie, forky, sid and experimental, each stable "
                   "one also as SUITE-backports";
        }
    for (const std::string& l : lines)
        if (l.find("NO_PUBKEY") != std::string::npos || l.find("is not signed") != std::string::npos ||
            l.find("signatures were invalid") != std::string::npos || l.find("GPG error") != std::string::npos)
            return "a Release file is not signed by the Debian archive keyring (" + l + ")";
    for (const std::string& l : lines)
        if (l.starts_with("Failed to fetch ")) {
            std::string rest = l.substr(16);
            std::size_t gap = rest.find("  ");
            std::string url = rest.substr(0, gap);
            std::string why = gap == std::string::npos ? "" : trimmed(rest.substr(gap));
            if (why.find("404") != std::string::npos) return "the mirror has no " + url + " (404 Not Found)";
            if (why.find("Hash Sum mismatch") != std::string::npos)
                return url + " does not match the hash the signed index gives (Hash Sum mismatch)";
            return "cannot download " + url + ": " + why + " (no network, or the mirror is unreachable)";
        }
    if (!lines.empty()) return what + ": " + lines.front();
    std::string last = trimmed(output.substr(output.rfind('\n', output.size() - 2) + 1));
    return what + " failed" + (last.empty() ? "" : ": " + last);
}


AptArchive configured_debian_archive() {
    std::vector<ConfiguredUri> uris;
    std::error_code ec;
    std::vector<fs::path> parts;
    for (const auto& e : fs::directory_iterator("/etc/apt/sources.list.d", ec)) parts.push_back(e.path());
    std::sort(parts.begin(), parts.end());
    if (fs::exists("/etc/apt/sources.list", ec)) read_one_line_sources("/etc/apt/sources.list", uris);
    for (const fs::path& p : parts) {
        if (p.extension() == ".sources") read_deb822(p, uris);
        else if (p.extension() == ".list") read_one_line_sources(p, uris);
    }
    AptArchive a;
    for (const ConfiguredUri& u : uris) {
        // Only Debian's own archives: a third-party repository (nodesource,
        // a cloud SDK) holds no kernels.
        bool debian = u.uri.find("/debian") != std::string::npos;
        if (!debian) continue;
        if (u.security && a.security_mirror.empty()) a.security_mirror = u.uri;
        if (!u.security && a.mirror.empty()) a.mirror = u.uri;
    }
    if (a.mirror.empty()) a.mirror = kDefaultMirror;
    if (a.security_mirror.empty()) a.security_mirror = kDefaultSecurityMirror;
    if (const char* m = std::getenv("MODLINK_MIRROR"); m && *m) a.mirror = m;
    return a;
}

std::vector<AptSource> debian_suite_sources(const std::string& suite, const AptArchive& archive) {
    std::vector<AptSource> out = {{archive.mirror, suite}};
    if (suite == "sid" || suite == "unstable" || suite == "experimental") {
        // experimental carries only what it changes; the rest is sid's.
        if (suite == "experimental") out.push_back({archive.mirror, "sid"});
    } else if (suite.size() > 10 && suite.ends_with("-backports")) {
        // A backported kernel needs packages of the release itself.
        out.push_back({archive.mirror, suite.substr(0, suite.size() - 10)});
    } else {
        // A stable release's newest kernels are in its -security pocket.
        out.push_back({archive.mirror, suite + "-updates"});
        out.push_back({archive.security_mirror, suite + "-security"});
    }
    return out;
}

std::string debian_default_release(const std::string& suite) {
    // A backports suite's Release says NotAutomatic: apt would prefer the
    // release's own versions; the backports are what is asked for.
    return suite.ends_with("-backports") ? suite : "";
}

AptPrivateState::AptPrivateState(std::string dir, std::string suite, std::string arch, AptArchive archive)
    : dir_(std::move(dir)), suite_(std::move(suite)), arch_(std::move(arch)), archive_(std::move(archive)) {}

std::vector<std::string> AptPrivateState::apt_command(const std::string& program, std::vector<std::string> words) const {
    std::vector<std::string> o = {
        program,
        "-o", "Dir::Etc::sourcelist=" + dir_ + "/sources.list",
        "-o", "Dir::Etc::sourceparts=-",
        "-o", "Dir::Etc::preferences=" + dir_ + "/preferences",
        "-o", "Dir::Etc::preferencesparts=" + dir_ + "/preferences.d",
        "-o", "Dir::State::Lists=" + dir_ + "/lists",
        "-o", "Dir::Cache=" + dir_ + "/cache",
        "-o", "Dir::State::status=" + dir_ + "/status",
        "-o", "APT::Architecture=" + arch_,
        "-o", "APT::Architectures=" + arch_,
        "-o", "Acquire::Languages=none",
        // Only the Packages indices are needed (a host with apt-file asks
        // for Contents too, large and often caught mid-sync).
        "-o", "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false",
        "-o", "Acquire::IndexTargets::deb::Contents-udeb::DefaultEnabled=false",
        // Set both ways explicitly: the system's apt.conf.d may turn the
        // date checks off (cloud images built from snapshots do), and that
        // must not decide what modlink trusts.
        "-o", std::string("Acquire::Check-Valid-Until=") + (archive_.allow_expired_release ? "false" : "true"),
        "-o", "Acquire::Check-Date=true",
        "-o", "APT::Get::AllowUnauthenticated=false",
        "-o", "Acquire::AllowInsecureRepositories=false",
        "-o", "Acquire::AllowDowngradeToInsecureRepositories=false",
    };
    if (std::string release = debian_default_release(suite_); !release.empty()) {
        o.push_back("-o");
        o.push_back("APT::Default-Release=" + release);
    }
    // apt downloads as _apt when run as root, and _apt cannot write into
    // a cache under /root.
    if (::geteuid() == 0) {
        o.push_back("-o");
        o.push_back("APT::Sandbox::User=root");
    }
    o.insert(o.end(), words.begin(), words.end());
    return o;
}

void AptPrivateState::write_sources() const {
    std::error_code ec;
    for (const char* d : {"/lists/partial", "/cache/archives/partial", "/preferences.d"})
        fs::create_directories(dir_ + d, ec);
    if (ec) throw Error(dir_, "cannot create the apt state: " + ec.message());
    if (::access(kDebianArchiveKeyring, R_OK) != 0)
        throw Error(kDebianArchiveKeyring, "the Debian archive keyring is missing (apt install debian-archive-keyring)");
    std::ofstream(dir_ + "/status", std::ios::trunc);  // no installed packages
    std::string signed_by = " [signed-by=" + std::string(kDebianArchiveKeyring) + "] ";
    std::ostringstream s;
    for (const AptSource& src : debian_suite_sources(suite_, archive_)) s << "deb" << signed_by << src.uri << ' ' << src.suite << " main\n";
    write_file_atomically(dir_ + "/sources.list", s.str());
}

void AptPrivateState::update() {
    write_sources();
    std::vector<std::string> argv = apt_command("apt-get", {"-q", "--error-on=any", "update"});
    if (!program_runnable("apt-get")) throw Error("", "apt-get not found (fetching Debian kernels needs apt)");
    CapturedRun run = run_captured(argv, {});
    std::string log = dir_ + "/update.log";
    std::ofstream(log, std::ios::trunc) << run.output;
    if (run.status != 0)
        throw Error("debian:" + suite_, explain_apt_failure(run.output, "apt-get update for " + suite_ + " (" + arch_ + ")"));
}

std::vector<std::string> AptPrivateState::package_names(const std::string& prefix) const {
    CapturedRun run = run_captured(apt_command("apt-cache", {"pkgnames", prefix}), {});
    std::vector<std::string> names;
    std::istringstream in(run.output);
    for (std::string n; std::getline(in, n);)
        if (n.starts_with(prefix)) names.push_back(n);
    std::sort(names.begin(), names.end());
    return names;
}

std::optional<AptPackage> AptPrivateState::package(const std::string& name) const {
    CapturedRun run = run_captured(apt_command("apt-cache", {"show", "--no-all-versions", name}), {});
    if (run.status != 0) return std::nullopt;
    AptPackage p;
    std::istringstream in(run.output);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) break;  // the first record is the candidate
        std::size_t colon = line.find(": ");
        if (colon == std::string::npos || line.front() == ' ') continue;
        std::string field = line.substr(0, colon), value = line.substr(colon + 2);
        if (field == "Package") p.name = value;
        else if (field == "Version") p.version = value;
        else if (field == "Architecture") p.architecture = value;
        else if (field == "Depends") p.depends = value;
        else if (field == "Size") p.size = std::strtoull(value.c_str(), nullptr, 10);
    }
    if (p.name != name.substr(0, name.find('=')) || p.version.empty()) return std::nullopt;
    return p;
}

std::string AptPrivateState::download(const AptPackage& p, const std::string& dir,
                                      const std::function<void(std::uint64_t)>& progress) const {
    std::vector<std::string> argv = apt_command("apt-get", {"-q", "download", p.name + "=" + p.version});
    // The bytes so far: apt fetches into its partial directory (or into
    // `dir` itself) and moves the whole file into `dir`.
    std::string partial = dir_ + "/cache/archives/partial";
    auto tick = [&] {
        if (!progress) return;
        std::uint64_t bytes = 0;
        std::error_code ec;
        for (const std::string& d : {dir, partial})
            for (const auto& e : fs::recursive_directory_iterator(d, ec))
                if (e.is_regular_file(ec)) bytes += e.file_size(ec);
        progress(bytes);
    };
    CapturedRun run = run_captured(argv, {}, dir, tick);
    if (run.status != 0)
        throw Error("debian:" + suite_, explain_apt_failure(run.output, "downloading " + p.name + " " + p.version));
    // apt-get download's file name: the version's ':' (an epoch) as %3a.
    std::string version = p.version;
    for (std::size_t i; (i = version.find(':')) != std::string::npos;) version.replace(i, 1, "%3a");
    std::string deb = dir + "/" + p.name + "_" + version + "_" + p.architecture + ".deb";
    if (::access(deb.c_str(), R_OK) != 0)
        throw Error(deb, "apt-get download of " + p.name + " " + p.version + " did not produce this file");
    tick();
    return deb;
}

}  // namespace modlink
