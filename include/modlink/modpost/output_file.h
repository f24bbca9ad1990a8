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

// Writes `content` to `path` atomically. `may_be_new`: try the one-step
// write of a file that does not exist yet first. Returns 0 or the errno.
int write_file_atomically(const std::string& path, std::string_view content, bool may_be_new = true);

// Leaves `path` untouched (timestamps included) when it already holds
// exactly `content`; otherwise writes it atomically. Returns 0 or errno.
int write_file_if_changed(const std::string& path, std::string_view content);

}  // namespace modlink::modpost
