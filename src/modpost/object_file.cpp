// SPDX-License-Identifier: MIT
#include "modpost/object_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "modlink/elf_raw_headers.h"
#include "modpost/section_table_walk.h"

namespace modlink::modpost {

namespace {

// Upstream maps the file and ignores anything shorter than a 64-bit ELF
// header or without the ELF magic.
bool worth_reading(const unsigned char* head, std::size_t size) {
    return size >= sizeof(Elf64_Ehdr) && std::memcmp(head, ELFMAG, SELFMAG) == 0;
}

// With e_shnum 0 the section count is section 0's sh_size, which upstream
// keeps in an unsigned int and libelf reads whole. When the two differ, the
// file is read into memory (its real size) with the count cut as upstream
// cuts it, so that libelf sees the sections upstream sees.
std::optional<std::string> with_count_cut_to_32_bits(int fd, const RawElfHeader& header, std::size_t size) {
    if (!header.layout.is64 || header.shnum != 0) return std::nullopt;
    if (header.shoff > size || size - header.shoff < sizeof(Elf64_Shdr)) return std::nullopt;
    unsigned char count[sizeof(Elf64_Shdr::sh_size)];
    const off_t at = static_cast<off_t>(header.shoff + offsetof(Elf64_Shdr, sh_size));
    if (pread(fd, count, sizeof count, at) != static_cast<ssize_t>(sizeof count)) return std::nullopt;
    const std::uint64_t claimed = header.layout.load(count, sizeof count);
    if (claimed >> 32 == 0) return std::nullopt;
    std::string copy(size, '\0');
    if (pread(fd, copy.data(), size, 0) != static_cast<ssize_t>(size)) return std::nullopt;
    store_uint(reinterpret_cast<unsigned char*>(copy.data()) + at, sizeof count, header.layout.big_endian,
               claimed & 0xffffffffu);
    return copy;
}

}  // namespace

ObjectFile::~ObjectFile() {
    elf_.reset();  // before the descriptor it reads from is closed
    if (fd_ >= 0) ::close(fd_);
}

bool ObjectFile::open(Session& session, const std::string& path) {
    Diagnostics& diag = session.diag();
    path_ = path;
    if (!path.ends_with(".o")) {
        diag.error("%s: filename must be suffixed with .o\n", path.c_str());
        return false;
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd_ < 0 || fstat(fd_, &st) != 0) {
        int err = errno;
        if (session.options().ignore_missing_files) {
            std::fprintf(stderr, "%s: %s (ignored)\n", path.c_str(), std::strerror(err));
            return false;
        }
        diag.perror_exit(path, err);
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (!S_ISREG(st.st_mode) || size_ < sizeof(Elf64_Ehdr)) return false;
    unsigned char head[sizeof(Elf64_Ehdr)];
    if (pread(fd_, head, sizeof head, 0) != static_cast<ssize_t>(sizeof head) || !worth_reading(head, size_))
        return false;
    const RawElfHeader header = decode_elf_header(head);

    // Every era looks at the type before anything else in the header
    // (black-box: an ET_EXEC with its section table past the end of the
    // file, or without a symbol table, is "not relocatable").
    if (header.type != ET_REL) diag.fatal("%s: not relocatable object.", path.c_str());
    walk_section_table(diag, fd_, header, size_, path);
    if (std::optional<std::string> copy = with_count_cut_to_32_bits(fd_, header, size_))
        with_upstream_count_ = std::move(*copy);
    return true;
}

const ElfFile& ObjectFile::elf() {
    if (elf_) return *elf_;
    if (!with_upstream_count_.empty())
        elf_.emplace(path_, with_upstream_count_.data(), with_upstream_count_.size(), kReadingAsUpstream);
    else
        // Sections are read on demand with pread: only what the checks need.
        elf_.emplace(path_, fd_, size_, kReadingAsUpstream);
    return *elf_;
}

}  // namespace modlink::modpost
