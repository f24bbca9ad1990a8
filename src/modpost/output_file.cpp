// SPDX-License-Identifier: MIT
#include "modlink/modpost/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace modlink::modpost {

int read_whole_file(const std::string& path, std::string& out) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    // No fstat: most of these files (.mod, .cmd) are small, and a read
    // loop costs fewer system calls than sizing the buffer first.
    out.clear();
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            return e;
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return 0;
}

int write_file_atomically(const std::string& path, std::string_view content) {
    // The temporary sits beside the target so rename() stays on one file system.
    std::string tmp = path + ".modlink-tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        // Report the target's name the way upstream's fopen(path) would fail.
        int e = errno;
        return e;
    }
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return e;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        int e = errno;
        ::unlink(tmp.c_str());
        return e;
    }
    return 0;
}

int write_file_if_changed(const std::string& path, std::string_view content) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        // Read one byte more than the new content: a longer file differs.
        std::string old(content.size() + 1, '\0');
        std::size_t got = 0;
        while (got < old.size()) {
            ssize_t n = ::read(fd, old.data() + got, old.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        ::close(fd);
        if (got == content.size() && std::string_view(old.data(), got) == content) return 0;
    }
    return write_file_atomically(path, content);
}

}  // namespace modlink::modpost
