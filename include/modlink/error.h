// SPDX-License-Identifier: MIT
// One error type for every failure of the tool itself (unreadable or malformed
// input, bad usage). It always names the file, so the front end can print the
// single line `modlink: error: FILE: what is wrong`.
#pragma once

#include <stdexcept>
#include <string>

namespace modlink {

class Error : public std::runtime_error {
public:
    Error(std::string file, const std::string& what)
        : std::runtime_error(what), file_(std::move(file)) {}

    const std::string& file() const { return file_; }
    // "FILE: what", or just "what" when no file is involved (usage errors).
    std::string describe() const;

private:
    std::string file_;
};

}  // namespace modlink
