// SPDX-License-Identifier: MIT
// The kernels modlink fetched, kept under $XDG_CACHE_HOME/modlink/kernels:
//   <release>/kernel.json   what the tree is (suites, flavour, ABI, packages)
//   <release>/root/         the packages unpacked, paths rewritten
//   apt/<suite>-<arch>/     the private apt states (apt_private_state.h)
//   .lock                   held while a fetch or a removal changes the cache
//   .staging-*              a tree being built; never read
// A tree is built in a staging directory, its kernel.json written last, and
// renamed into place: a reader sees a whole tree or none, and a fetch that
// was killed leaves only a staging directory, which the next fetch removes
// (under the lock, so never one still in use).
#pragma once

#include "modlink/file_lock.h"

#include <optional>
#include <string>
#include <vector>

namespace modlink {

struct CachedKernel {
    std::string release;              // 6.1.0-41-amd64
    std::vector<std::string> suites;  // the suites it was fetched for
    // The suites whose own kernel it was when fetched (debian:SUITE with no
    // @ABI reads only these; an older or other line fetched by @ABI is not
    // the suite's kernel).
    std::vector<std::string> default_in;
    std::string flavour;              // amd64
    std::string architecture;         // amd64
    std::string abi;                  // 6.1.0-41
    std::vector<std::string> packages;  // name=version, as fetched
    std::string directory;            // <cache>/kernels/<release>
    std::string headers;              // the headers tree, as --kernel takes it
};

class KernelCache {
public:
    // `root` is the kernels directory (kernel_cache_directory()).
    explicit KernelCache(std::string root);

    const std::string& root() const { return root_; }

    // Every whole tree, by release.
    std::vector<CachedKernel> list() const;
    // The tree of `release`, when it is whole.
    std::optional<CachedKernel> find(const std::string& release) const;

    // A new, empty staging directory (the caller holds the lock).
    std::string new_staging() const;
    // Removes what killed fetches left (the caller holds the lock).
    void remove_leftovers() const;
    // Writes `k`'s kernel.json into `staging` and renames it to the
    // release's directory (the caller holds the lock).
    CachedKernel install(const std::string& staging, CachedKernel k) const;
    // Rewrites the manifest of an installed tree (a suite added).
    void update_manifest(const CachedKernel& k) const;
    // Removes a tree (the caller holds the lock).
    void remove(const CachedKernel& k) const;

    // The path a release's tree has once installed.
    std::string directory_of(const std::string& release) const;

private:
    std::string root_;
};

// $XDG_CACHE_HOME/modlink/kernels (or ~/.cache/modlink/kernels).
std::string kernel_cache_directory();

// An exclusive lock on the cache, held for the object's life. Waits for
// another holder (a second fetch of the same spec waits for the first,
// then finds its tree).
// `root` is made when missing; the lock file is root/.lock.
class KernelCacheLock : public FileLock {
public:
    explicit KernelCacheLock(const std::string& root);

private:
    static std::string lock_file(const std::string& root);
};

}  // namespace modlink
