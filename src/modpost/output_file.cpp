// SPDX-License-Identifier: MIT
#include "modlink/modpost/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <optional>
#include <string>

#include "modlink/parallel.h"

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

namespace {

int write_all(int fd, std::string_view content) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return 0;
}

std::string directory_of(const std::string& path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// A file that does not exist yet: written unnamed (O_TMPFILE) and linked
// into place whole, one directory operation instead of a create and a
// rename. nullopt when the file system or the kernel cannot, or the name
// appeared meanwhile: then the caller renames a temporary into place.
std::optional<int> write_new_file(const std::string& path, std::string_view content) {
    int fd = ::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return std::nullopt;
    if (int err = write_all(fd, content)) {
        ::close(fd);
        return err;
    }
    char proc_path[64];
    std::snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
    int rc = ::linkat(AT_FDCWD, proc_path, AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW);
    int err = rc == 0 ? 0 : errno;
    ::close(fd);
    if (rc == 0) return 0;
    if (err == ENOENT || err == EEXIST || err == EPERM || err == EXDEV) return std::nullopt;  // no /proc, or a race
    return err;
}

}  // namespace

int write_file_atomically(const std::string& path, std::string_view content, bool may_be_new) {
    if (may_be_new)
        if (std::optional<int> done = write_new_file(path, content)) return *done;
    // The temporary sits beside the target so rename() stays on one file system.
    std::string tmp = path + ".modlink-tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        // Report the target's name the way upstream's fopen(path) would fail.
        int e = errno;
        return e;
    }
    if (int e = write_all(fd, content)) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return e;
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
    if (fd < 0 && errno == ENOENT) return write_file_atomically(path, content, true);
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
    return write_file_atomically(path, content, false);
}

}  // namespace modlink::modpost

namespace modlink::modpost {

std::optional<OutputBatch::Failure> OutputBatch::add(std::string path, std::string text, bool only_if_changed) {
    bytes_ += text.size() + path.size();
    pending_.push_back({std::move(path), std::move(text), only_if_changed});
    if (bytes_ < max_bytes_) return std::nullopt;
    return flush();
}

std::optional<OutputBatch::Failure> OutputBatch::flush() {
    std::vector<int> errors(pending_.size(), 0);
    parallel_for(pending_.size(), 0, [&](std::size_t i) {
        const Pending& p = pending_[i];
        errors[i] = p.only_if_changed ? write_file_if_changed(p.path, p.text)
                                      : write_file_atomically(p.path, p.text, ::access(p.path.c_str(), F_OK) != 0);
    });
    std::optional<Failure> first;
    for (std::size_t i = 0; i < pending_.size() && !first; ++i)
        if (errors[i] != 0) first = Failure{pending_[i].path, errors[i]};
    pending_.clear();
    bytes_ = 0;
    return first;
}

}  // namespace modlink::modpost
