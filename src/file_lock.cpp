// SPDX-License-Identifier: MIT
#include "modlink/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "modlink/error.h"

namespace modlink {

FileLock::FileLock(const std::string& path, Mode mode, const std::string& waiting_note) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(path, std::string("cannot open the lock file: ") + std::strerror(errno));
    int op = mode == Mode::Exclusive ? LOCK_EX : LOCK_SH;
    if (::flock(fd_, op | LOCK_NB) == 0) return;
    if (!waiting_note.empty()) std::fprintf(stderr, "%s\n", waiting_note.c_str());
    while (::flock(fd_, op) != 0)
        if (errno != EINTR) {
            int e = errno;
            ::close(fd_);
            throw Error(path, std::string("cannot lock: ") + std::strerror(e));
        }
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace modlink
