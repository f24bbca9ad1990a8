// SPDX-License-Identifier: MIT
// A small command-line reader shared by the front ends: long options as
// `--name VALUE` or `--name=VALUE`, short ones as `-j 4` or `-j4`, `--` ends
// options. Usage errors are modlink::Error with no file name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modlink::cli {

class Args {
public:
    Args(int argc, char** argv, int first);

    bool done() const { return pos_ >= args_.size(); }
    // Consumes the current argument if it is the option and returns its value.
    std::optional<std::string> value(std::string_view long_name, std::string_view short_name = {});
    // Consumes the current argument if it is the flag.
    bool flag(std::string_view long_name, std::string_view short_name = {});
    // Consumes a positional argument; an unknown option is a usage error.
    std::string positional();

private:
    std::vector<std::string> args_;
    std::size_t pos_ = 0;
    bool only_positional_ = false;
};

int parse_jobs(const std::string& v);

// -v/--verbose: spdlog's debug messages go to stderr as "modlink: ...".
void enable_verbose_log();

}  // namespace modlink::cli
