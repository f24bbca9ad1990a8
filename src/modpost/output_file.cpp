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
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        return e;
    }
    out.clear();
    if (S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
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
        struct stat st {};
        bool same = false;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) == content.size()) {
            std::string old;
            old.resize(content.size());
            std::size_t got = 0;
            while (got < old.size()) {
                ssize_t n = ::read(fd, old.data() + got, old.size() - got);
                if (n <= 0) break;
                got += static_cast<std::size_t>(n);
            }
            same = got == old.size() && old == content;
        }
        ::close(fd);
        if (same) return 0;
    }
    return write_file_atomically(path, content);
}

}  // namespace modlink::modpost
