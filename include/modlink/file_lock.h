// SPDX-License-Identifier: MIT
// An flock(2) on a lock file, held for the object's life: exclusive for a
// writer (a fetch into the kernel cache, apt changing a toolchain root),
// shared for readers that must not see a writer's half-done work (builds
// in a toolchain root). The lock goes with the process however it ends.
#pragma once

#include <string>

namespace modlink {

class FileLock {
public:
    enum class Mode { Shared, Exclusive };
    // Opens (creating) `path` and waits for the lock. `waiting_note`, when
    // not empty, is printed on stderr once if another holder makes it wait.
    // Throws Error naming the file when it cannot be opened or locked.
    FileLock(const std::string& path, Mode mode, const std::string& waiting_note = "");
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace modlink
