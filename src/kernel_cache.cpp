// SPDX-License-Identifier: MIT
#include "modlink/kernel_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "modlink/atomic_write.h"
#include "modlink/error.h"
#include "modlink/json.h"

namespace fs = std::filesystem;

namespace modlink {

namespace {

constexpr const char* kManifest = "kernel.json";
constexpr const char* kStagingPrefix = ".staging-";

// The headers tree of a release's directory: what --kernel is given.
std::string headers_of(const fs::path& dir, const std::string& release) {
    return (dir / "root/usr/src" / ("linux-headers-" + release)).string();
}

Json manifest_json(const CachedKernel& k) {
    Json j;
    j["release"] = k.release;
    j["suites"] = k.suites;
    j["default_in"] = k.default_in;
    j["flavour"] = k.flavour;
    j["architecture"] = k.architecture;
    j["abi"] = k.abi;
    j["packages"] = k.packages;
    return j;
}

// The manifest of the tree in `dir`; nothing when it has none or it does
// not parse (a tree modlink did not finish is not trusted).
std::optional<CachedKernel> read_manifest(const fs::path& dir) {
    std::ifstream in(dir / kManifest);
    if (!in) return std::nullopt;
    Json j = Json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    try {
        CachedKernel k;
        k.release = j.at("release").get<std::string>();
        k.suites = j.at("suites").get<std::vector<std::string>>();
        k.default_in = j.at("default_in").get<std::vector<std::string>>();
        k.flavour = j.at("flavour").get<std::string>();
        k.architecture = j.at("architecture").get<std::string>();
        k.abi = j.at("abi").get<std::string>();
        k.packages = j.at("packages").get<std::vector<std::string>>();
        k.directory = dir.string();
        k.headers = headers_of(dir, k.release);
        if (k.release != dir.filename().string()) return std::nullopt;
        return k;
    } catch (const Json::exception&) {
        return std::nullopt;
    }
}

}  // namespace

std::string kernel_cache_directory() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/') return std::string(xdg) + "/modlink/kernels";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw Error("", "neither XDG_CACHE_HOME nor HOME is set: no place for the kernel cache");
    return std::string(home) + "/.cache/modlink/kernels";
}

KernelCache::KernelCache(std::string root) : root_(std::move(root)) {}

std::string KernelCache::directory_of(const std::string& release) const { return root_ + "/" + release; }

std::vector<CachedKernel> KernelCache::list() const {
    std::vector<CachedKernel> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_, ec)) {
        std::string name = e.path().filename().string();
        if (name.empty() || name.front() == '.' || name == "apt" || !e.is_directory(ec)) continue;
        if (auto k = read_manifest(e.path())) out.push_back(std::move(*k));
    }
    std::sort(out.begin(), out.end(), [](const CachedKernel& a, const CachedKernel& b) { return a.release < b.release; });
    return out;
}

std::optional<CachedKernel> KernelCache::find(const std::string& release) const {
    return read_manifest(directory_of(release));
}

std::string KernelCache::new_staging() const {
    std::error_code ec;
    fs::create_directories(root_, ec);
    std::string templ = root_ + "/" + kStagingPrefix + "XXXXXX";
    if (!::mkdtemp(templ.data()))
        throw Error(root_, std::string("cannot create a staging directory: ") + std::strerror(errno));
    return templ;
}

void KernelCache::remove_leftovers() const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_, ec)) {
        std::string name = e.path().filename().string();
        if (name.rfind(kStagingPrefix, 0) == 0) fs::remove_all(e.path(), ec);
    }
}

CachedKernel KernelCache::install(const std::string& staging, CachedKernel k) const {
    write_file_atomically(fs::path(staging) / kManifest, json_text(manifest_json(k)));
    std::string dest = directory_of(k.release);
    std::error_code ec;
    // A tree without a readable manifest is not one (list() skips it);
    // make room for the whole one.
    if (fs::exists(dest, ec)) {
        std::string old = new_staging();
        fs::rename(dest, old + "/old", ec);
        fs::remove_all(old, ec);
    }
    fs::rename(staging, dest, ec);
    if (ec) throw Error(dest, "cannot move the fetched tree into place: " + ec.message());
    k.directory = dest;
    k.headers = headers_of(dest, k.release);
    return k;
}

void KernelCache::update_manifest(const CachedKernel& k) const {
    write_file_atomically(fs::path(k.directory) / kManifest, json_text(manifest_json(k)));
}

void KernelCache::remove(const CachedKernel& k) const {
    // Out of sight first (one rename), then deleted: a reader never sees
    // half a tree under the release's name.
    std::string trash = new_staging();
    std::error_code ec;
    fs::rename(k.directory, trash + "/tree", ec);
    if (ec) throw Error(k.directory, "cannot remove: " + ec.message());
    fs::remove_all(trash, ec);
}

std::string KernelCacheLock::lock_file(const std::string& root) {
    std::error_code ec;
    fs::create_directories(root, ec);
    return root + "/.lock";
}

KernelCacheLock::KernelCacheLock(const std::string& root) : FileLock(lock_file(root), Mode::Exclusive) {}

}  // namespace modlink
