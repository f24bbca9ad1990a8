// SPDX-License-Identifier: MIT
#include "fixtures.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>

namespace fixtures {

namespace fs = std::filesystem;

std::string testdata(const std::string& rel) {
    const char* root = std::getenv("MODLINK_TESTDATA");
    if (!root) throw std::runtime_error("MODLINK_TESTDATA is not set");
    return std::string(root) + "/" + rel;
}

std::string scratch_dir() {
    static std::string dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "modlink-unit-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        return tmpl;
    }();
    return dir;
}

std::string object(const std::string& name, Target target) {
    static std::mutex mutex;
    static std::map<std::string, std::string> cache;
    std::lock_guard lock(mutex);
    const char* suffix = target == Target::X86_64 ? "x86_64" : target == Target::I386 ? "i386" : "s390x";
    std::string key = name + "." + suffix;
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    std::string out = scratch_dir() + "/" + key + ".o";
    std::string src = testdata("elf/" + name + ".S");
    std::string cmd;
    switch (target) {
        case Target::X86_64: cmd = "as --64 --defsym BITS64=1"; break;
        case Target::I386: cmd = "as --32 --defsym BITS64=0"; break;
        case Target::S390X: cmd = "s390x-linux-gnu-as --defsym BITS64=1"; break;
    }
    cmd += " --compress-debug-sections=zlib-gabi -o '" + out + "' '" + src + "'";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("assembler failed: " + cmd);
    cache[key] = out;
    return out;
}

std::string compile_c(const std::string& source, const std::string& flags, const std::string& out_name) {
    std::string out = scratch_dir() + "/" + out_name;
    std::string cmd = "gcc " + flags + " -c '" + source + "' -o '" + out + "'";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("compiler failed: " + cmd);
    return out;
}

std::vector<char> read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void write_file(const std::string& path, const std::string& text) {
    write_file(path, std::vector<char>(text.begin(), text.end()));
}

}  // namespace fixtures
