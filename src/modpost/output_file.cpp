// SPDX-License-Identifier: MIT
#include "modpost/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

int read_text_file(const std::string& path, std::string& out) {
    int err = read_whole_file(path, out);
    if (err == 0) out.resize(std::min(out.size(), out.find('\0')));
    return err;
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

// Links the unnamed file `fd` at `name`; 0 or an errno value.
int link_unnamed(int fd, const std::string& name) {
    char proc_path[64];
    std::snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
    return ::linkat(AT_FDCWD, proc_path, AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
}

// Writes through a named temporary beside the target and renames it into
// place: for file systems without O_TMPFILE.
int write_through_named_temporary(const std::string& path, std::string_view content) {
    // The temporary sits beside the target so rename() stays on one file system.
    std::string tmp = path + ".modlink-tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return errno;
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

}  // namespace

// The content is written into an unnamed file (O_TMPFILE) first, so a full
// disk or a killed process leaves nothing behind: a new file is then linked
// into place whole; an existing one is replaced by a rename from a name the
// file holds only between two system calls (a process killed while writing
// leaves no temporary).
int write_file_atomically(const std::string& path, std::string_view content, bool may_be_new) {
    int fd = ::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) return write_through_named_temporary(path, content);
        return errno;
    }
    if (int err = write_all(fd, content)) {
        ::close(fd);
        return err;
    }
    int err = may_be_new ? link_unnamed(fd, path) : EEXIST;
    if (err == EEXIST) {
        std::string tmp = path + ".modlink-tmp." + std::to_string(::getpid());
        ::unlink(tmp.c_str());  // a stale one of a killed process with this pid
        err = link_unnamed(fd, tmp);
        if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
            err = errno;
            ::unlink(tmp.c_str());
        }
    }
    ::close(fd);
    // No /proc to link through: the named temporary instead.
    if (err == ENOENT && ::access("/proc/self/fd", F_OK) != 0) return write_through_named_temporary(path, content);
    return err;
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
