// SPDX-License-Identifier: MIT
// Debian's linux-kbuild packages do not ship modpost itself as
// scripts/mod/modpost: they ship a small wrapper that opens the first input
// object, picks modpost.real-{lsb,msb}-{32,64} by its ELF class and byte
// order, and runs that. Kbuild's M= builds against Debian's headers go
// through the wrapper, so a drop-in standing in its place must also stop
// where it stops and print what it prints (black-box runs of the 6.1
// wrapper):
//   no input object at all          exit 0, nothing run, nothing written
//   first input cannot be opened    `Can't open "NAME"`, exit 1
//   fewer than 16 bytes readable    `Error: input truncated`, exit 1
//   no ELF magic                    `Error: not ELF`, exit 1
//   ELF class or data byte unknown  exit 1, silently
// The first input is the first positional argument, else the first line
// of the -T list (`Can't open "LIST"` when the list cannot be opened).
#pragma once

#include <optional>
#include <string>

namespace modlink::modpost {

// True when the working directory is a Debian kbuild tree (Kbuild runs
// modpost from the headers tree, whose scripts/ holds the wrapper's
// modpost.real-* programs), i.e. when modlink stands in for the wrapper.
bool running_in_place_of_debian_wrapper();

// What the wrapper would do with this first input (nullopt: no input at
// all). Returns the exit status if the wrapper would stop there, after
// printing its message; nullopt if it would run the real modpost.
std::optional<int> debian_wrapper_verdict(const std::optional<std::string>& first_input);

}  // namespace modlink::modpost
