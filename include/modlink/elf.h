// SPDX-License-Identifier: MIT
// A bounds-checked view of one ELF image through libelf: 32/64-bit, either
// byte order, extended section numbering, SHF_COMPRESSED sections. Every
// read of section contents goes through section_bytes()/read_*(), which
// check offsets, so a malformed file becomes an Error, never a bad read.
#pragma once

#include <gelf.h>
#include <libelf.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf_reading_policy.h"

namespace modlink {

struct ElfSection {
    std::size_t index = 0;
    std::string_view name;
    GElf_Shdr hdr{};
    Elf_Scn* scn = nullptr;
};

struct ElfSymbol {
    std::string_view name;
    std::uint64_t value = 0;
    std::uint64_t size = 0;
    std::size_t shndx = 0;  // real section index (SHN_XINDEX resolved)
    std::uint16_t raw_shndx = 0;  // as stored (SHN_UNDEF, SHN_ABS, SHN_COMMON...)
    unsigned char bind = 0;
    unsigned char type = 0;

    bool undefined() const { return raw_shndx == SHN_UNDEF; }
};

struct ElfRelocation {
    std::uint64_t offset = 0;  // within the section the relocation applies to
    std::uint32_t type = 0;
    std::size_t symbol = 0;    // index into the symbol table
    std::int64_t addend = 0;   // RELA's addend; 0 for REL (the addend is in place)
    bool rela = false;
};

class ElfFile {
public:
    // `path` is only for messages. `data` must stay valid and writable for the
    // lifetime of the ElfFile. Throws Error on anything that is not a sound
    // ELF header + section table, as `policy` judges soundness
    // (elf_reading_policy.h; the default is strict).
    ElfFile(std::string path, char* data, std::size_t size, ElfReadingPolicy policy = {});
    // Reads from an open file descriptor, section by section, on demand.
    // `fd` must stay open for the lifetime of the ElfFile.
    ElfFile(std::string path, int fd, std::size_t size, ElfReadingPolicy policy = {});
    ~ElfFile();
    ElfFile(const ElfFile&) = delete;
    ElfFile& operator=(const ElfFile&) = delete;

    const std::string& path() const { return path_; }
    bool is64() const { return is64_; }
    bool big_endian() const { return big_endian_; }
    std::uint16_t machine() const { return ehdr_.e_machine; }
    std::uint16_t type() const { return ehdr_.e_type; }
    std::size_t pointer_size() const { return is64_ ? 8 : 4; }

    const std::vector<ElfSection>& sections() const { return sections_; }
    const ElfSection* find_section(std::string_view name) const;
    const ElfSection* section(std::size_t index) const;
    std::string_view section_name(std::size_t index) const;

    // Contents of a section as raw file bytes (decompressed when
    // SHF_COMPRESSED). Empty for SHT_NOBITS. Throws Error when the section
    // lies outside the file.
    std::span<const char> section_bytes(const ElfSection& s) const;

    // Every relocation that applies to `target`, from all SHT_REL and
    // SHT_RELA sections whose sh_info names it, in file order. Throws Error
    // for a relocation section that is malformed or names a bad symbol.
    std::vector<ElfRelocation> relocations_for(const ElfSection& target) const;
    // The relocations of one SHT_REL/SHT_RELA section, in file order
    // (modpost walks relocation sections one by one, in section order).
    std::vector<ElfRelocation> relocations_in(const ElfSection& rel_section) const;

    // The symbol table (SHT_SYMTAB); empty when there is none.
    std::size_t symbol_count() const { return symbol_count_; }
    ElfSymbol symbol(std::size_t i) const;
    bool has_symtab() const { return symtab_ != nullptr; }
    // Whether symbol `i`, counted from the symbol table's start, lies in
    // the file: upstream reads any index a relocation names, and past the
    // file it reads whatever memory follows its mapping, or faults.
    bool symbol_in_file(std::size_t i) const;

    // Calls `pred` with the symbol index of each relocation of a SHT_REL or
    // SHT_RELA section, in file order, until it returns true; returns
    // whether it did. The entries are read raw from the file into a buffer
    // each thread reuses, not through libelf, whose per-section copy made a
    // whole-kernel scan of every relocation section 22% slower (measured).
    // nullopt when the section is not whole entries inside the file: then
    // relocations_in() gives the verdict.
    template <typename Pred>
    std::optional<bool> any_relocation_symbol(const ElfSection& rel_section, Pred&& pred) const {
        const std::size_t entsize = relocation_entry_size(rel_section);
        if (!whole_entries_in_file(rel_section, entsize)) return std::nullopt;
        const std::size_t info_at = is64_ ? offsetof(Elf64_Rel, r_info) : offsetof(Elf32_Rel, r_info);
        for (std::uint64_t done = 0; done < rel_section.hdr.sh_size;) {
            std::optional<std::span<const char>> raw = raw_chunk(rel_section, done, entsize);
            if (!raw) return std::nullopt;
            for (std::size_t off = 0; off < raw->size(); off += entsize)
                if (pred(symbol_of_raw_info(raw->data() + off + info_at))) return true;
            done += raw->size();
        }
        return false;
    }

    // Endian-aware integer reads from a section's bytes. nullopt when the
    // read would run past the end.
    std::optional<std::uint32_t> read_u32(std::span<const char> bytes, std::uint64_t off) const;
    std::optional<std::uint64_t> read_u64(std::span<const char> bytes, std::uint64_t off) const;
    std::optional<std::uint64_t> read_word(std::span<const char> bytes, std::uint64_t off) const {
        if (is64_) return read_u64(bytes, off);
        auto v = read_u32(bytes, off);
        return v ? std::optional<std::uint64_t>(*v) : std::nullopt;
    }
    // A NUL-terminated string at `off`; nullopt if `off` is out of range or
    // the string is not terminated inside the section.
    static std::optional<std::string_view> read_cstr(std::span<const char> bytes, std::uint64_t off);
    // The C string at a file offset, whatever section (if any) holds it, as
    // modpost reads through its pointer into the mapped file: it ends at a
    // NUL or at the end of the file. nullopt when `off` is past the end.
    std::optional<std::string> file_cstr(std::uint64_t off) const;
    // `size` bytes at a file offset, whatever section (if any) holds them;
    // nullopt when they run past the end of the file.
    std::optional<std::string> file_bytes(std::uint64_t off, std::uint64_t size) const;

    // The symbol index of a 64-bit (or GElf-widened) r_info value; MIPS64
    // has its own layout (see decode_info).
    std::size_t relocation_symbol(std::uint64_t info) const {
        ElfRelocation r;
        decode_info(info, r);
        return r.symbol;
    }

    // The section's address bias: symbol values in ET_REL files are section
    // offsets, in linked images they are addresses.
    std::uint64_t value_to_offset(const ElfSection& s, std::uint64_t value) const {
        return ehdr_.e_type == ET_REL ? value : value - s.hdr.sh_addr;
    }

private:
    [[noreturn]] void fail(const std::string& what) const;
    // A section's or symbol's name that could not be read, worded by what
    // the policy makes of names outside their table.
    [[noreturn]] void fail_unreadable_name(const std::string& whose) const;
    void check_header(const char* head, std::size_t head_len, std::size_t size);
    void decode_info(std::uint64_t info, ElfRelocation& r) const;

    // load() and its steps, in order.
    void load();
    void check_libelf_header();
    std::size_t section_names_index(std::size_t shnum);
    ElfSection read_section(std::size_t index, std::size_t names_index) const;
    const ElfSection* choose_symbol_table() const;
    void load_symbol_table(const ElfSection& symtab);
    std::uint64_t symbol_strings_offset(const ElfSection& symtab) const;
    Elf_Data* symbol_table_data(const ElfSection& symtab) const;
    void load_extended_section_indexes(const ElfSection& symtab);

    // relocations_in()'s two ways to read a section's entries.
    std::vector<ElfRelocation> relocations_through_libelf(const ElfSection& rel_section, Elf_Data* entries,
                                                          const std::string& where) const;
    std::vector<ElfRelocation> relocations_read_on(const ElfSection& rel_section, const std::string& where) const;
    void check_relocation_symbol(const ElfRelocation& r, std::size_t i, const std::string& where) const;

    std::string path_;
    std::size_t size_ = 0;
    // The file itself, for the raw reads above: a descriptor read with
    // pread, or the caller's bytes. (Not elf_rawfile(): on a descriptor it
    // makes elf_end() leak the sections libelf read before.)
    int fd_ = -1;
    const char* data_ = nullptr;
    bool read_at(std::uint64_t off, char* out, std::size_t n) const;
    std::size_t relocation_entry_size(const ElfSection& rel_section) const;
    bool whole_entries_in_file(const ElfSection& rel_section, std::size_t entsize) const;
    // Whole entries of a relocation section from byte `from` on, as many as
    // fit a buffer each thread reuses (valid until its next call); nullopt
    // when the read fails.
    std::optional<std::span<const char>> raw_chunk(const ElfSection& rel_section, std::uint64_t from,
                                                   std::size_t entsize) const;
    // The symbol index of the r_info stored (in the file's byte order) at `p`.
    std::size_t symbol_of_raw_info(const char* p) const {
        if (is64_) {
            std::uint64_t info;
            std::memcpy(&info, p, sizeof info);
            if (swap_) info = __builtin_bswap64(info);
            return relocation_symbol(info);  // MIPS64 keeps its own layout
        }
        std::uint32_t info;
        std::memcpy(&info, p, sizeof info);
        if (swap_) info = __builtin_bswap32(info);
        return ELF32_R_SYM(info);
    }
    bool swap_ = false;  // the file's byte order is not the host's
    // A name whose offset lies outside its string table (at file offset
    // `table_offset`, when known), under names_read_past_their_table; null
    // otherwise. Kept here so the views into it stay valid.
    const char* name_past_table(std::optional<std::uint64_t> table_offset, std::uint64_t name_offset) const;
    ElfReadingPolicy policy_;
    // What the section header table is measured by: e_shentsize, or the
    // class's own entry size (section_entries_of_class_size).
    std::size_t section_entry_size_ = 0;
    std::uint64_t strtab_offset_ = 0;
    mutable std::mutex raw_names_lock_;
    mutable std::deque<std::string> raw_names_;
    // Owned from the moment elf_memory succeeds, so a constructor that
    // throws half-way still releases it.
    struct ElfCloser {
        void operator()(Elf* e) const { elf_end(e); }
    };
    std::unique_ptr<Elf, ElfCloser> elf_owner_;
    Elf* elf_ = nullptr;
    GElf_Ehdr ehdr_{};
    bool is64_ = false;
    bool big_endian_ = false;
    std::vector<ElfSection> sections_;
    Elf_Data* symtab_ = nullptr;
    Elf_Data* symtab_shndx_ = nullptr;
    std::size_t symtab_strndx_ = 0;
    std::uint64_t symtab_offset_ = 0;
    std::size_t symbol_count_ = 0;
};

const char* machine_name(std::uint16_t e_machine);

class Input;  // input_file.h

// The ELF file of an open input: over its bytes when it was inflated into
// memory, else read from its descriptor. `in` must outlive the ElfFile.
std::unique_ptr<ElfFile> open_elf_file(const std::string& path, Input& in, ElfReadingPolicy policy = {});

}  // namespace modlink
