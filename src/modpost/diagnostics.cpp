// SPDX-License-Identifier: MIT
#include "modpost/diagnostics.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace modlink::modpost {

void Diagnostics::note(const std::string& text) {
    std::string line = "  note: " + text + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void Diagnostics::emit(const char* level, const char* fmt, va_list ap) {
    // One write per message, so lines stay whole when stderr is shared.
    std::string line = level;
    line += "modpost: ";
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        std::string body(static_cast<std::size_t>(n) + 1, '\0');
        std::vsnprintf(body.data(), body.size(), fmt, ap);
        body.resize(static_cast<std::size_t>(n));
        line += body;
    }
    std::fwrite(line.data(), 1, line.size(), stderr);
    if (recording_) {
        bool error = std::strcmp(level, "WARNING: ") != 0;
        if (error) modules_with_errors_.insert(current_module_);
        recorded_.push_back({current_module_, error, line});
    }
}

void Diagnostics::warn(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emit("WARNING: ", fmt, ap);
    va_end(ap);
}

void Diagnostics::error(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emit("ERROR: ", fmt, ap);
    va_end(ap);
    error_occurred_ = true;
}

void Diagnostics::fatal(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emit(fatal_prefix_, fmt, ap);
    va_end(ap);
    throw FatalExit{};
}

void Diagnostics::perror_line(const std::string& what, int errnum) {
    std::string line = what + ": " + std::strerror(errnum) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    if (recording_) {
        modules_with_errors_.insert(current_module_);
        recorded_.push_back({current_module_, true, line});
    }
}

void Diagnostics::perror_exit(const std::string& what, int errnum) {
    perror_line(what, errnum);
    throw FatalExit{};
}

}  // namespace modlink::modpost
