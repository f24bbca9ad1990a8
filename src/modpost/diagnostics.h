// SPDX-License-Identifier: MIT
// modpost's three message levels, in its exact words: "WARNING: modpost: ",
// "ERROR: modpost: " and "FATAL: modpost: " (6.12 prints a fatal as an
// error) before a printf-formatted
// message that supplies its own newline (or, in a few upstream messages,
// none). An error makes the run exit 1 and stops every later file write;
// a fatal ends the run at once with exit status 1.
#pragma once

#include <cstdarg>
#include <string>
#include <unordered_set>
#include <vector>

namespace modlink::modpost {

// Thrown by fatal() and by I/O failures that upstream answers with
// perror + exit(1); the driver turns it into exit status 1.
struct FatalExit {};

class Diagnostics {
public:
    // `fatal_prefix`: "FATAL: " (6.1) or "ERROR: " (6.12's one logger).
    explicit Diagnostics(const char* fatal_prefix = "FATAL: ") : fatal_prefix_(fatal_prefix) {}

    [[gnu::format(printf, 2, 3)]] void warn(const char* fmt, ...);
    [[gnu::format(printf, 2, 3)]] void error(const char* fmt, ...);
    [[gnu::format(printf, 2, 3)]] [[noreturn]] void fatal(const char* fmt, ...);
    // Upstream's perror(what) followed by exit(1): "what: strerror(errno)".
    [[noreturn]] void perror_exit(const std::string& what, int errnum);
    // perror without exiting (the "-n" case prints its own variant).
    void perror_line(const std::string& what, int errnum);

    // "  note: TEXT", after the message it explains (MODLINK_EXPLAIN only).
    void note(const std::string& text);

    bool error_occurred() const { return error_occurred_; }

    // Keep-going runs (MODLINK_KEEP_GOING) record each message for the
    // module being read or checked when it was printed, for the verdicts.
    struct Recorded {
        std::string module;  // "" for the run as a whole
        bool error = false;  // an error or a fatal
        std::string text;    // the line as printed
        // False for a line upstream would print in a run of this module
        // alone but not here (past the run's cap of unresolved reports).
        bool printed = true;
    };
    void record_messages() { recording_ = true; }
    void attribute_to(std::string module) { current_module_ = std::move(module); }
    const std::vector<Recorded>& recorded() const { return recorded_; }
    // Whether an error was recorded for `module` (keep-going verdicts).
    bool recorded_error_for(const std::string& module) const { return modules_with_errors_.count(module) != 0; }
    // Records a line for the current module without printing it.
    void record_unprinted(bool error, std::string text) {
        if (!recording_) return;
        if (error) modules_with_errors_.insert(current_module_);
        recorded_.push_back({current_module_, error, std::move(text), false});
    }

private:
    void emit(const char* level, const char* fmt, va_list ap);
    const char* fatal_prefix_;
    bool error_occurred_ = false;
    bool recording_ = false;
    std::string current_module_;
    std::vector<Recorded> recorded_;
    std::unordered_set<std::string> modules_with_errors_;
};

}  // namespace modlink::modpost
