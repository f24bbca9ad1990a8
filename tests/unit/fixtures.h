// SPDX-License-Identifier: MIT
// Tiny ELF fixtures, assembled at test time from testdata/elf/*.S with the
// system assembler (and Debian's cross binutils for big-endian targets), so
// no binary is ever committed.
#pragma once

#include <string>
#include <vector>

namespace fixtures {

enum class Target { X86_64, I386, S390X };

// Assembles testdata/elf/<name>.S for the target (cached per test run) and
// returns the object's path. Fails the test run if the assembler fails.
std::string object(const std::string& name, Target target = Target::X86_64);

// A scratch directory for this test run.
std::string scratch_dir();

// Compiles a C file with the system gcc (`gcc FLAGS -c SOURCE -o OUT`, OUT
// in the scratch directory) and returns OUT's path. Fails the test run if
// the compiler fails.
std::string compile_c(const std::string& source, const std::string& flags, const std::string& out_name);

std::string testdata(const std::string& rel);
std::vector<char> read_file(const std::string& path);
void write_file(const std::string& path, const std::vector<char>& bytes);
void write_file(const std::string& path, const std::string& text);

}  // namespace fixtures
