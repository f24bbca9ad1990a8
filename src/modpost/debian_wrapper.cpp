// SPDX-License-Identifier: MIT
#include "modpost/debian_wrapper.h"

#include <elf.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace modlink::modpost {

bool running_in_place_of_debian_wrapper() {
    for (const char* real : {"scripts/mod/modpost.real-lsb-64", "scripts/mod/modpost.real-lsb-32",
                             "scripts/mod/modpost.real-msb-64", "scripts/mod/modpost.real-msb-32"})
        if (access(real, F_OK) == 0) return true;
    return false;
}

std::optional<int> debian_wrapper_verdict(const std::optional<std::string>& first_input) {
    if (!first_input) return 0;
    std::FILE* in = std::fopen(first_input->c_str(), "rb");
    if (!in) {
        std::fprintf(stderr, "Can't open \"%s\"\n", first_input->c_str());
        return 1;
    }
    unsigned char ident[EI_NIDENT];
    std::size_t got = std::fread(ident, 1, sizeof ident, in);
    std::fclose(in);
    if (got < sizeof ident) {
        std::fputs("Error: input truncated\n", stderr);
        return 1;
    }
    if (std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
        std::fputs("Error: not ELF\n", stderr);
        return 1;
    }
    bool known_class = ident[EI_CLASS] == ELFCLASS32 || ident[EI_CLASS] == ELFCLASS64;
    bool known_data = ident[EI_DATA] == ELFDATA2LSB || ident[EI_DATA] == ELFDATA2MSB;
    if (!known_class || !known_data) return 1;
    return std::nullopt;
}

}  // namespace modlink::modpost
