// SPDX-License-Identifier: MIT
// How the drop-in touches the file system: whole-file reads, and writes
// that appear whole or not at all, so a reader (or a crash) never sees half
// a file: a new file is written unnamed (O_TMPFILE) and linked into place,
// an existing one replaced by renaming a temporary over it.
#pragma once

#include <string>
#include <string_view>

namespace modlink::modpost {

// Reads a whole file into `out`. Returns 0 or the errno of the failure.
int read_whole_file(const std::string& path, std::string& out);

// Reads a text file the way upstream's read_text_file() hands it on: as one
// C string, so a NUL byte ends it. For Module.symvers, .mod, .cmd and the
// -u list; sources hashed for srcversion are read whole.
int read_text_file(const std::string& path, std::string& out);

// Writes `content` to `path` atomically. `may_be_new`: try the one-step
// write of a file that does not exist yet first. Returns 0 or the errno.
int write_file_atomically(const std::string& path, std::string_view content, bool may_be_new = true);

// Leaves `path` untouched (timestamps included) when it already holds
// exactly `content`; otherwise writes it atomically. Returns 0 or errno.
int write_file_if_changed(const std::string& path, std::string_view content);

}  // namespace modlink::modpost

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace modlink::modpost {

// The drop-in's writes, spread over the cores: on most file systems
// creating thousands of small files costs more than everything else a
// first build does. Writes are queued in upstream's order and written in
// parallel when the queued bytes pass a bound (so memory stays bounded)
// and at flush(); each still appears whole or not at all. The failure
// reported is the first in queue order, whatever the threads did.
class OutputBatch {
public:
    struct Failure {
        std::string path;
        int error;
    };

    explicit OutputBatch(std::size_t max_bytes = std::size_t{2} << 20) : max_bytes_(max_bytes) {}

    // Queues a write (write_file_if_changed when `only_if_changed`, else
    // write_file_atomically). Returns a failure of the queue written now.
    std::optional<Failure> add(std::string path, std::string text, bool only_if_changed);
    // Writes everything queued.
    std::optional<Failure> flush();

private:
    struct Pending {
        std::string path;
        std::string text;
        bool only_if_changed;
    };
    std::vector<Pending> pending_;
    std::size_t bytes_ = 0;
    std::size_t max_bytes_;
};

}  // namespace modlink::modpost
