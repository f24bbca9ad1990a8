// SPDX-License-Identifier: MIT
#include "modlink/elf.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "modlink/elf_raw_headers.h"
#include "modlink/error.h"
#include "modlink/input_file.h"

namespace modlink {

namespace {

void init_libelf() {
    static std::once_flag once;
    std::call_once(once, [] { elf_version(EV_CURRENT); });
}

bool host_big_endian() {
    const std::uint16_t probe = 1;
    unsigned char first;
    std::memcpy(&first, &probe, 1);
    return first == 0;
}

}  // namespace

void ElfFile::fail(const std::string& what) const { throw Error(path_, what); }

// Read strictly, a name is missing where its offset lies outside its table;
// read past their tables, only where that runs past the end of the file.
void ElfFile::fail_unreadable_name(const std::string& whose) const {
    fail(whose + (policy_.names_read_past_their_table ? "'s name lies outside the file" : " has an invalid name offset"));
}

// Checks the identification bytes and where the section header table sits,
// before libelf sees the file, so the message says what is wrong rather than
// "invalid ELF". `head` holds the first bytes of the file.
void ElfFile::check_header(const char* head, std::size_t head_len, std::size_t size) {
    if (size < EI_NIDENT || head_len < EI_NIDENT || std::memcmp(head, ELFMAG, SELFMAG) != 0) fail("not an ELF file");
    const auto* ident = reinterpret_cast<const unsigned char*>(head);
    unsigned char cls = ident[EI_CLASS];
    unsigned char enc = ident[EI_DATA];
    if (cls != ELFCLASS32 && cls != ELFCLASS64) fail("unknown ELF class " + std::to_string(cls));
    if (enc != ELFDATA2LSB && enc != ELFDATA2MSB) fail("unknown ELF byte order " + std::to_string(enc));
    const ElfLayout layout = ElfLayout::of(ident);
    is64_ = layout.is64;
    big_endian_ = layout.big_endian;
    swap_ = big_endian_ != host_big_endian();
    if (size < layout.header_size() || head_len < layout.header_size()) fail("truncated ELF header");
    const RawElfHeader header = decode_elf_header(ident);
    section_entry_size_ = policy_.section_entries_of_class_size ? layout.section_header_size() : header.shentsize;
    std::uint64_t need = (header.shnum ? header.shnum : 1) * std::uint64_t{section_entry_size_};
    if (header.shoff != 0 && (header.shoff >= size || size - header.shoff < need))
        fail("section header table (offset " + std::to_string(header.shoff) + ", " + std::to_string(header.shnum) +
             " entries) lies outside the file of " + std::to_string(size) + " bytes");
}

ElfFile::ElfFile(std::string path, char* data, std::size_t size, ElfReadingPolicy policy)
    : path_(std::move(path)), size_(size), data_(data), policy_(policy) {
    init_libelf();
    check_header(data, size, size);
    elf_ = elf_memory(data, size);
    elf_owner_.reset(elf_);
    load();
}

ElfFile::ElfFile(std::string path, int fd, std::size_t size, ElfReadingPolicy policy)
    : path_(std::move(path)), size_(size), fd_(fd), policy_(policy) {
    init_libelf();
    char head[sizeof(Elf64_Ehdr)] = {};
    ssize_t got = pread(fd, head, sizeof head, 0);
    check_header(head, got < 0 ? 0 : static_cast<std::size_t>(got), size);
    // ELF_C_READ: libelf reads the headers and then each section only when
    // asked, with pread, instead of faulting in pages of a mapping.
    elf_ = elf_begin(fd, ELF_C_READ, nullptr);
    elf_owner_.reset(elf_);
    load();
}

void ElfFile::load() {
    check_libelf_header();
    std::size_t shnum = 0;
    if (elf_getshdrnum(elf_, &shnum) != 0) fail(std::string("invalid section count: ") + elf_errmsg(-1));
    const std::size_t names_index = section_names_index(shnum);
    sections_.reserve(shnum);
    for (std::size_t i = 0; i < shnum; ++i) sections_.push_back(read_section(i, names_index));
    if (const ElfSection* symtab = choose_symbol_table()) {
        load_symbol_table(*symtab);
        load_extended_section_indexes(*symtab);
    }
}

void ElfFile::check_libelf_header() {
    if (!elf_ || elf_kind(elf_) != ELF_K_ELF) fail(std::string("invalid ELF: ") + elf_errmsg(-1));
    if (!gelf_getehdr(elf_, &ehdr_)) fail(std::string("invalid ELF header: ") + elf_errmsg(-1));
}

// The index of the section that holds the section names (0 when there are
// no sections), once the table is known to lie inside the file.
std::size_t ElfFile::section_names_index(std::size_t shnum) {
    if (shnum == 0) return 0;
    const std::size_t shdr_size = is64_ ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    if (section_entry_size_ != shdr_size) fail("unexpected section header size " + std::to_string(ehdr_.e_shentsize));
    if (ehdr_.e_shoff >= size_ || (size_ - ehdr_.e_shoff) / shdr_size < shnum)
        fail("section header table (offset " + std::to_string(ehdr_.e_shoff) + ", " + std::to_string(shnum) +
             " entries) lies outside the file of " + std::to_string(size_) + " bytes");
    std::size_t shstrndx = 0;
    if (elf_getshdrstrndx(elf_, &shstrndx) != 0)
        fail(std::string("invalid section name table index: ") + elf_errmsg(-1));
    if (shstrndx >= shnum) fail("section name table index out of range");
    return shstrndx;
}

ElfSection ElfFile::read_section(std::size_t i, std::size_t names_index) const {
    ElfSection s;
    s.index = i;
    s.scn = elf_getscn(elf_, i);
    if (!s.scn || !gelf_getshdr(s.scn, &s.hdr))
        fail("cannot read section header " + std::to_string(i) + ": " + elf_errmsg(-1));
    if (s.hdr.sh_type != SHT_NOBITS && s.hdr.sh_type != SHT_NULL &&
        (s.hdr.sh_offset > size_ || size_ - s.hdr.sh_offset < s.hdr.sh_size))
        fail("section " + std::to_string(i) + " lies outside the file");
    if (i == 0) return s;  // the null section has no name
    const char* n = elf_strptr(elf_, names_index, s.hdr.sh_name);
    if (!n) {
        // The names table's header, for a name read past its end.
        std::optional<std::uint64_t> names_at;
        GElf_Shdr names_hdr;
        if (Elf_Scn* t = elf_getscn(elf_, names_index); t && gelf_getshdr(t, &names_hdr))
            names_at = names_hdr.sh_offset;
        n = name_past_table(names_at, s.hdr.sh_name);
    }
    if (!n) fail_unreadable_name("section " + std::to_string(i));
    s.name = n;
    return s;
}

// A file has one symbol table; read leniently, the last of several counts
// (upstream keeps the last it meets, black-box, every era).
const ElfSection* ElfFile::choose_symbol_table() const {
    const ElfSection* last = nullptr;
    for (const ElfSection& s : sections_) {
        if (s.hdr.sh_type != SHT_SYMTAB) continue;
        if (last && !policy_.last_of_several_symbol_tables) fail("more than one symbol table");
        last = &s;
    }
    return last;
}

void ElfFile::load_symbol_table(const ElfSection& s) {
    const std::uint64_t strings_at = symbol_strings_offset(s);
    symtab_ = symbol_table_data(s);
    symtab_offset_ = s.hdr.sh_offset;
    // Section 0 when the link is past the table: libelf has no strings
    // there, so every name is read from the file.
    symtab_strndx_ = s.hdr.sh_link < sections_.size() ? s.hdr.sh_link : 0;
    strtab_offset_ = strings_at;
    symbol_count_ = symtab_->d_size / (is64_ ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym));
    // Make libelf validate (and NUL-check) the string table once, up front.
    if (!policy_.symbol_strings_from_any_link && !elf_strptr(elf_, symtab_strndx_, 0) &&
        sections_[symtab_strndx_].hdr.sh_size > 0)
        fail(std::string("invalid symbol string table: ") + elf_errmsg(-1));
}

// The file offset of the symbol names: that of the section the symbol
// table links to. Read leniently, any section will do, past the section
// table too: there the bytes are read where that entry's sh_offset would be
// (names are then read from the file there, as for any name libelf will
// not give).
std::uint64_t ElfFile::symbol_strings_offset(const ElfSection& s) const {
    const std::size_t link = s.hdr.sh_link;
    if (!policy_.symbol_strings_from_any_link) {
        if (link >= sections_.size() || sections_[link].hdr.sh_type != SHT_STRTAB)
            fail("symbol table has a bad string table link");
        return sections_[link].hdr.sh_offset;
    }
    if (link < sections_.size()) return sections_[link].hdr.sh_offset;
    const std::size_t shdr_size = is64_ ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    const std::uint64_t field = ehdr_.e_shoff + std::uint64_t{link} * shdr_size +
                                (is64_ ? offsetof(Elf64_Shdr, sh_offset) : offsetof(Elf32_Shdr, sh_offset));
    char raw[8];
    if (!read_at(field, raw, pointer_size()))
        fail("symbol table's string table link " + std::to_string(link) + " lies outside the file");
    return *read_word(std::span<const char>(raw, pointer_size()), 0);
}

// The symbol table's entries through libelf, or, as the policy allows, read
// as stored (compressed) or on past a last partial entry.
Elf_Data* ElfFile::symbol_table_data(const ElfSection& s) const {
    const bool as_stored = policy_.compressed_sections_as_stored && (s.hdr.sh_flags & SHF_COMPRESSED);
    Elf_Data* d = as_stored ? nullptr : elf_getdata(s.scn, nullptr);
    if (as_stored || (!d && policy_.partial_entries_read_on)) {
        // libelf refuses a table that is not whole entries; stepping through
        // it while an entry starts inside reads the last one on into the
        // bytes that follow.
        const std::size_t entsize = is64_ ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
        const std::uint64_t whole = (s.hdr.sh_size + entsize - 1) / entsize * entsize;
        if (s.hdr.sh_offset > size_ || size_ - s.hdr.sh_offset < whole) fail("symbol table runs past the end of the file");
        d = elf_getdata_rawchunk(elf_, static_cast<int64_t>(s.hdr.sh_offset), whole, ELF_T_SYM);
    }
    if (!d) fail(std::string("cannot read symbol table: ") + elf_errmsg(-1));
    return d;
}

// The SHT_SYMTAB_SHNDX section that belongs to the symbol table, if any.
void ElfFile::load_extended_section_indexes(const ElfSection& symtab) {
    for (const ElfSection& s : sections_) {
        if (s.hdr.sh_type == SHT_SYMTAB_SHNDX && s.hdr.sh_link == symtab.index) {
            symtab_shndx_ = elf_getdata(s.scn, nullptr);
            if (!symtab_shndx_) fail("cannot read SYMTAB_SHNDX section");
        }
    }
}

ElfFile::~ElfFile() = default;

const ElfSection* ElfFile::find_section(std::string_view name) const {
    for (const ElfSection& s : sections_)
        if (s.name == name) return &s;
    return nullptr;
}

const ElfSection* ElfFile::section(std::size_t index) const {
    return index < sections_.size() ? &sections_[index] : nullptr;
}

std::string_view ElfFile::section_name(std::size_t index) const {
    return index < sections_.size() ? sections_[index].name : std::string_view{};
}

std::span<const char> ElfFile::section_bytes(const ElfSection& s) const {
    if (s.hdr.sh_type == SHT_NOBITS || s.hdr.sh_type == SHT_NULL) return {};
    if ((s.hdr.sh_flags & SHF_COMPRESSED) && !policy_.compressed_sections_as_stored) {
        // libelf inflates in place and remembers it; the header then describes
        // the uncompressed section.
        if (elf_compress(s.scn, 0, 0) < 0)
            fail("cannot decompress section " + std::string(s.name) + ": " + elf_errmsg(-1));
        Elf_Data* d = elf_rawdata(s.scn, nullptr);
        if (!d) fail("cannot read section " + std::string(s.name));
        return {static_cast<const char*>(d->d_buf), d->d_size};
    }
    Elf_Data* d = elf_rawdata(s.scn, nullptr);
    if (!d && s.hdr.sh_size > 0) fail("cannot read section " + std::string(s.name) + ": " + elf_errmsg(-1));
    if (!d) return {};
    return {static_cast<const char*>(d->d_buf), d->d_size};
}

std::vector<ElfRelocation> ElfFile::relocations_for(const ElfSection& target) const {
    std::vector<ElfRelocation> out;
    for (const ElfSection& s : sections_) {
        if ((s.hdr.sh_type != SHT_RELA && s.hdr.sh_type != SHT_REL) || s.hdr.sh_info != target.index) continue;
        std::vector<ElfRelocation> some = relocations_in(s);
        if (out.empty()) out = std::move(some);
        else out.insert(out.end(), some.begin(), some.end());
    }
    return out;
}

// MIPS64 does not pack r_info as ELF64_R_INFO(sym, type): its eight bytes
// are, in file order, a 32-bit symbol index, then ssym, type3, type2 and
// type (one byte each). libelf (0.188) reads them as one 64-bit word in the
// file's byte order, so the fields are taken back out of that word here.
void ElfFile::decode_info(std::uint64_t info, ElfRelocation& r) const {
    if (ehdr_.e_machine == EM_MIPS && is64_) {
        if (big_endian_) {
            r.symbol = info >> 32;
            r.type = static_cast<std::uint32_t>(info & 0xff);
        } else {
            r.symbol = info & 0xffffffffu;
            r.type = static_cast<std::uint32_t>(info >> 56);
        }
        return;
    }
    r.type = static_cast<std::uint32_t>(GELF_R_TYPE(info));
    r.symbol = GELF_R_SYM(info);
}

std::vector<ElfRelocation> ElfFile::relocations_in(const ElfSection& s) const {
    if (s.hdr.sh_type != SHT_RELA && s.hdr.sh_type != SHT_REL) return {};
    if (!policy_.relocations_whatever_link &&
        (s.hdr.sh_link >= sections_.size() || sections_[s.hdr.sh_link].hdr.sh_type != SHT_SYMTAB))
        fail("relocation section " + std::string(s.name) + " does not link to the symbol table");
    // A section with no name (a hostile object's) is named by its index.
    const std::string where = s.name.empty() ? "section " + std::to_string(s.index) : std::string(s.name);
    Elf_Data* d = elf_getdata(s.scn, nullptr);
    if (!d && policy_.partial_entries_read_on) return relocations_read_on(s, where);
    if (!d) fail("cannot read relocation section " + where + ": " + elf_errmsg(-1));
    return relocations_through_libelf(s, d, where);
}

void ElfFile::check_relocation_symbol(const ElfRelocation& r, std::size_t i, const std::string& where) const {
    if (r.symbol >= symbol_count_)
        fail("relocation " + std::to_string(i) + " of " + where + " names symbol " + std::to_string(r.symbol) + " of " +
             std::to_string(symbol_count_));
}

std::vector<ElfRelocation> ElfFile::relocations_through_libelf(const ElfSection& s, Elf_Data* d,
                                                               const std::string& where) const {
    const bool rela = s.hdr.sh_type == SHT_RELA;
    const std::size_t n = d->d_size / relocation_entry_size(s);
    std::vector<ElfRelocation> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        ElfRelocation r;
        r.rela = rela;
        if (rela) {
            GElf_Rela x;
            if (!gelf_getrela(d, static_cast<int>(i), &x)) fail("cannot read relocation " + std::to_string(i) + " of " + where);
            r.offset = x.r_offset;
            decode_info(x.r_info, r);
            r.addend = x.r_addend;
        } else {
            GElf_Rel x;
            if (!gelf_getrel(d, static_cast<int>(i), &x)) fail("cannot read relocation " + std::to_string(i) + " of " + where);
            r.offset = x.r_offset;
            decode_info(x.r_info, r);
        }
        check_relocation_symbol(r, i, where);
        out.push_back(r);
    }
    return out;
}

// A section libelf refuses (not whole entries), stepped through in the file
// by entry size while an entry starts inside it.
std::vector<ElfRelocation> ElfFile::relocations_read_on(const ElfSection& s, const std::string& where) const {
    const bool rela = s.hdr.sh_type == SHT_RELA;
    const std::size_t entsize = relocation_entry_size(s);
    const std::size_t n = (s.hdr.sh_size + entsize - 1) / entsize;
    std::string buf(entsize, '\0');
    std::span<const char> entry(buf.data(), buf.size());
    const std::size_t word = pointer_size();
    std::vector<ElfRelocation> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (!read_at(s.hdr.sh_offset + i * entsize, buf.data(), entsize))
            fail("relocation " + std::to_string(i) + " of " + where + " lies outside the file");
        // r_offset, r_info[, r_addend]: words of the class.
        ElfRelocation r;
        r.rela = rela;
        r.offset = *read_word(entry, 0);
        std::uint64_t info = *read_word(entry, word);
        decode_info(is64_ ? info : ELF64_R_INFO(ELF32_R_SYM(info), ELF32_R_TYPE(info)), r);
        if (rela) {
            std::uint64_t a = *read_word(entry, 2 * word);
            r.addend = is64_ ? static_cast<std::int64_t>(a) : static_cast<std::int32_t>(a);
        }
        check_relocation_symbol(r, i, where);
        out.push_back(r);
    }
    return out;
}

bool ElfFile::read_at(std::uint64_t off, char* out, std::size_t n) const {
    if (off > size_ || size_ - off < n) return false;
    if (data_) {
        std::memcpy(out, data_ + off, n);
        return true;
    }
    std::size_t done = 0;
    while (done < n) {
        ssize_t got = pread(fd_, out + done, n - done, static_cast<off_t>(off + done));
        if (got <= 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

const char* ElfFile::name_past_table(std::optional<std::uint64_t> table_offset, std::uint64_t name_offset) const {
    if (!policy_.names_read_past_their_table || !table_offset) return nullptr;
    if (*table_offset + name_offset < *table_offset) return nullptr;
    std::optional<std::string> name = file_cstr(*table_offset + name_offset);
    if (!name) return nullptr;
    std::lock_guard<std::mutex> hold(raw_names_lock_);
    return raw_names_.emplace_back(std::move(*name)).c_str();
}

std::optional<std::string> ElfFile::file_cstr(std::uint64_t off) const {
    if (off >= size_) return std::nullopt;
    std::string out;
    char chunk[256];
    while (off < size_) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof chunk, size_ - off));
        if (!read_at(off, chunk, n)) return std::nullopt;
        std::string_view got(chunk, n);
        std::size_t nul = got.find('\0');
        out.append(got.substr(0, nul));
        if (nul != std::string_view::npos) break;
        off += n;
    }
    return out;
}

std::optional<std::string> ElfFile::file_bytes(std::uint64_t off, std::uint64_t size) const {
    if (off > size_ || size_ - off < size) return std::nullopt;
    std::string out(static_cast<std::size_t>(size), '\0');
    if (!read_at(off, out.data(), out.size())) return std::nullopt;
    return out;
}

std::size_t ElfFile::relocation_entry_size(const ElfSection& s) const {
    if (s.hdr.sh_type == SHT_RELA) return is64_ ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela);
    return is64_ ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel);
}

bool ElfFile::whole_entries_in_file(const ElfSection& s, std::size_t entsize) const {
    const std::uint64_t off = s.hdr.sh_offset, size = s.hdr.sh_size;
    return (s.hdr.sh_type == SHT_RELA || s.hdr.sh_type == SHT_REL) && off <= size_ && size_ - off >= size &&
           size % entsize == 0;
}

std::optional<std::span<const char>> ElfFile::raw_chunk(const ElfSection& s, std::uint64_t from,
                                                        std::size_t entsize) const {
    const std::uint64_t left = s.hdr.sh_size - from;
    if (data_) return std::span<const char>(data_ + s.hdr.sh_offset + from, left);
    // 128 KiB of whole entries (every entry size divides 48): one buffer per
    // thread for the whole run, so nothing is allocated or faulted in per
    // section, and the peak memory does not grow with the largest section.
    constexpr std::size_t kChunk = 48 * 2730;
    static thread_local std::unique_ptr<char[]> buffer(new char[kChunk]);
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunk / entsize * entsize));
    if (!read_at(s.hdr.sh_offset + from, buffer.get(), n)) return std::nullopt;
    return std::span<const char>(buffer.get(), n);
}

bool ElfFile::symbol_in_file(std::size_t i) const {
    const std::uint64_t entsize = is64_ ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
    const std::uint64_t size = size_;
    return i < (size - std::min<std::uint64_t>(symtab_offset_, size)) / entsize;
}

ElfSymbol ElfFile::symbol(std::size_t i) const {
    GElf_Sym sym;
    Elf32_Word xndx = 0;
    if (!gelf_getsymshndx(symtab_, symtab_shndx_, static_cast<int>(i), &sym, &xndx))
        fail("cannot read symbol " + std::to_string(i));
    ElfSymbol out;
    // Name 0 is the string table's first string, normally "" (modpost reads
    // it like any other); an empty table has none.
    const char* n = elf_strptr(elf_, symtab_strndx_, sym.st_name);
    if (!n) n = name_past_table(strtab_offset_, sym.st_name);
    if (!n && sym.st_name == 0) n = "";
    if (!n) fail_unreadable_name("symbol " + std::to_string(i));
    out.name = n;
    out.value = sym.st_value;
    out.size = sym.st_size;
    out.raw_shndx = sym.st_shndx;
    out.shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
    out.bind = GELF_ST_BIND(sym.st_info);
    out.type = GELF_ST_TYPE(sym.st_info);
    return out;
}

std::optional<std::uint32_t> ElfFile::read_u32(std::span<const char> b, std::uint64_t off) const {
    if (off > b.size() || b.size() - off < 4) return std::nullopt;
    std::uint32_t v;
    std::memcpy(&v, b.data() + off, 4);
    if (big_endian_ != host_big_endian()) v = __builtin_bswap32(v);
    return v;
}

std::optional<std::uint64_t> ElfFile::read_u64(std::span<const char> b, std::uint64_t off) const {
    if (off > b.size() || b.size() - off < 8) return std::nullopt;
    std::uint64_t v;
    std::memcpy(&v, b.data() + off, 8);
    if (big_endian_ != host_big_endian()) v = __builtin_bswap64(v);
    return v;
}

std::optional<std::string_view> ElfFile::read_cstr(std::span<const char> b, std::uint64_t off) {
    if (off >= b.size()) return std::nullopt;
    const char* start = b.data() + off;
    const void* nul = std::memchr(start, '\0', b.size() - off);
    if (!nul) return std::nullopt;
    return std::string_view(start, static_cast<const char*>(nul) - start);
}

const char* machine_name(std::uint16_t m) {
    switch (m) {
        case EM_386: return "i386";
        case EM_X86_64: return "x86_64";
        case EM_AARCH64: return "arm64";
        case EM_ARM: return "arm";
        case EM_S390: return "s390";
        case EM_PPC: return "ppc";
        case EM_PPC64: return "ppc64";
        case EM_MIPS: return "mips";
        case EM_RISCV: return "riscv";
        case EM_LOONGARCH: return "loongarch";
        case EM_SPARCV9: return "sparc64";
        case EM_SPARC: return "sparc";
        case EM_PARISC: return "parisc";
        default: return "unknown";
    }
}

std::unique_ptr<ElfFile> open_elf_file(const std::string& path, Input& in, ElfReadingPolicy policy) {
    return in.in_memory() ? std::make_unique<ElfFile>(path, in.data(), in.size(), policy)
                          : std::make_unique<ElfFile>(path, in.fd(), in.size(), policy);
}

}  // namespace modlink
