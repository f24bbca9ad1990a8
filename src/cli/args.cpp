// SPDX-License-Identifier: MIT
#include "args.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "modlink/error.h"

namespace modlink::cli {

Args::Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) args_.emplace_back(argv[i]);
}

std::optional<std::string> Args::value(std::string_view long_name, std::string_view short_name) {
    if (done() || only_positional_) return std::nullopt;
    const std::string& a = args_[pos_];
    if (a == long_name || (!short_name.empty() && a == short_name)) {
        if (pos_ + 1 >= args_.size()) throw Error("", "option " + a + " needs a value");
        pos_ += 2;
        return args_[pos_ - 1];
    }
    if (a.size() > long_name.size() && a.compare(0, long_name.size(), long_name) == 0 && a[long_name.size()] == '=') {
        ++pos_;
        return a.substr(long_name.size() + 1);
    }
    if (!short_name.empty() && a.size() > short_name.size() && a.compare(0, short_name.size(), short_name) == 0) {
        ++pos_;
        return a.substr(short_name.size());
    }
    return std::nullopt;
}

bool Args::flag(std::string_view long_name, std::string_view short_name) {
    if (done() || only_positional_) return false;
    const std::string& a = args_[pos_];
    if (a == long_name || (!short_name.empty() && a == short_name)) {
        ++pos_;
        return true;
    }
    return false;
}

std::string Args::positional() {
    if (!only_positional_ && args_[pos_] == "--") {
        only_positional_ = true;
        ++pos_;
        if (done()) return {};
    }
    const std::string& a = args_[pos_];
    if (!only_positional_ && a.size() > 1 && a[0] == '-') throw Error("", "unknown option " + a + " (see --help)");
    ++pos_;
    return a;
}

int parse_jobs(const std::string& v) {
    int n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || end != v.data() + v.size() || n < 1 || n > 1024)
        throw Error("", "bad job count '" + v + "' (expected 1 to 1024)");
    return n;
}

}  // namespace modlink::cli

namespace modlink::cli {

void enable_verbose_log() {
    auto logger = spdlog::stderr_logger_mt("modlink");
    logger->set_pattern("modlink: %v");
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
}

}  // namespace modlink::cli
