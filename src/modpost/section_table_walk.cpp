// SPDX-License-Identifier: MIT
#include "modpost/section_table_walk.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace modlink::modpost {

namespace {

// Upstream maps the file; the mapping runs on to the end of the file's
// last page, in zeros, and past that it faults.
constexpr std::uint64_t kPage = 4096;

class SectionTableWalk {
public:
    SectionTableWalk(Diagnostics& diag, int fd, const RawElfHeader& header, std::size_t size, const std::string& path)
        : diag_(diag), fd_(fd), layout_(header.layout), shoff_(header.shoff), shnum_(header.shnum),
          shstrndx_(header.shstrndx), size_(size), path_(path) {}

    void run() {
        check_table_offset();
        if (!read_counts_from_entry_zero()) return;
        if (shnum_ > entries_in_mapping()) table_outside(shnum_);
        if (!read_entries(shnum_)) return;
        const Walked walked = walk();
        if (!walked.truncated_at && walked.symtab != 0) {
            check_extended_index_link(walked);
            return;
        }
        report_nobits_modinfo_before(walked.truncated_at.value_or(entries_.size()));
        if (walked.truncated_at) report_truncated(*walked.truncated_at);
        diag_.fatal("%s has no symtab?\n", path_.c_str());
    }

private:
    // What the walk found: the first section that starts past the end of
    // the file, and the last symbol table and SYMTAB_SHNDX section before
    // it (upstream keeps the last of each).
    struct Walked {
        std::optional<std::uint64_t> truncated_at;
        std::uint64_t symtab = 0;
        std::uint64_t extended_indexes = 0;
    };

    void check_table_offset() const {
        if (shoff_ > size_)
            diag_.fatal("section header offset=%lu in file '%s' is bigger than filesize=%zu\n",
                        static_cast<unsigned long>(shoff_), path_.c_str(), size_);
    }

    std::uint64_t entries_in_mapping() const {
        const std::uint64_t mapped = (size_ + kPage - 1) / kPage * kPage;
        return (mapped - shoff_) / layout_.section_header_size();
    }

    // Upstream first rewrites every entry in place (to host byte order):
    // past the mapping that is whatever memory follows, or a fault.
    [[noreturn]] void table_outside(std::uint64_t count) const {
        diag_.fatal("%s: section header table (offset %lu, %lu entries) lies outside the file of %zu bytes\n",
                    path_.c_str(), static_cast<unsigned long>(shoff_), static_cast<unsigned long>(count), size_);
    }

    // The first `count` entries in one read (a read per entry costs a system
    // call per section, thousands of modules over), no more than the
    // mapping holds, zeros past the end of the file; false when the read
    // fails.
    bool read_entries(std::uint64_t count) {
        const std::size_t entry_size = layout_.section_header_size();
        count = std::min(count, entries_in_mapping());
        std::vector<unsigned char> table(count * entry_size, 0);
        const auto from_file = static_cast<std::size_t>(std::min<std::uint64_t>(table.size(), size_ - shoff_));
        if (pread(fd_, table.data(), from_file, static_cast<off_t>(shoff_)) != static_cast<ssize_t>(from_file))
            return false;
        entries_.clear();
        for (std::uint64_t i = 0; i < count; ++i)
            entries_.push_back(decode_section_header(layout_, table.data() + i * entry_size));
        return true;
    }

    // Entry 0 holds the counts that do not fit the header; false when it
    // cannot be read.
    bool read_counts_from_entry_zero() {
        if (shnum_ != 0 && shstrndx_ != SHN_XINDEX) return true;
        if (entries_in_mapping() == 0) table_outside(1);
        if (!read_entries(1)) return false;
        // Upstream keeps the count in an unsigned int: a 64-bit sh_size is
        // cut to its low 32 bits (every era, black-box).
        if (shnum_ == 0) shnum_ = static_cast<std::uint32_t>(entries_[0].size);
        if (shstrndx_ == SHN_XINDEX) shstrndx_ = entries_[0].link;
        return true;
    }

    // Section 0, the null entry, is not walked. The walk stops at the first
    // truncated section.
    Walked walk() const {
        Walked found;
        for (std::uint64_t i = 1; i < entries_.size(); ++i) {
            const RawSectionHeader& sh = entries_[i];
            if (sh.type != SHT_NOBITS && sh.offset > size_) {
                found.truncated_at = i;
                break;
            }
            if (sh.type == SHT_SYMTAB) found.symtab = i;
            if (sh.type == SHT_SYMTAB_SHNDX) found.extended_indexes = i;
        }
        return found;
    }

    // The extended section indexes must belong to the symbol table.
    void check_extended_index_link(const Walked& walked) const {
        if (walked.extended_indexes == 0) return;
        const std::uint32_t link = entries_[walked.extended_indexes].link;
        if (link != walked.symtab)
            diag_.fatal("%s: SYMTAB_SHNDX has bad sh_link: %u!=%u\n", path_.c_str(), link,
                        static_cast<unsigned>(walked.symtab));
    }

    // A NOBITS .modinfo before a truncated section (read by name, so only on
    // this path) is reported first, as upstream meets it first. Without a
    // truncation the later checks of the object passes see a NOBITS .modinfo.
    void report_nobits_modinfo_before(std::uint64_t end) const {
        for (std::uint64_t i = 1; i < end; ++i)
            if (entries_[i].type == SHT_NOBITS && name_is(entries_[i], ".modinfo"))
                diag_.fatal("%s has NOBITS .modinfo\n", path_.c_str());
    }

    [[noreturn]] void report_truncated(std::uint64_t index) const {
        diag_.fatal("%s is truncated. sechdrs[i].sh_offset=%lu > sizeof(*hrd)=%zu\n", path_.c_str(),
                    static_cast<unsigned long>(entries_[index].offset), layout_.header_size());
    }

    // Whether a section's name, as upstream finds it through the name table
    // unchecked, is `want`; false when that lies outside the file.
    bool name_is(const RawSectionHeader& sh, std::string_view want) const {
        if (shstrndx_ >= entries_.size()) return false;
        const std::uint64_t names_at = entries_[shstrndx_].offset;
        const std::uint64_t at = names_at + sh.name;
        if (at < names_at || at >= size_) return false;
        char buf[16] = {};
        ssize_t got = pread(fd_, buf, std::min<std::size_t>(sizeof buf - 1, size_ - at), static_cast<off_t>(at));
        return got > 0 && std::string_view(buf) == want;
    }

    Diagnostics& diag_;
    const int fd_;
    const ElfLayout layout_;
    const std::uint64_t shoff_;
    std::uint64_t shnum_;
    std::uint64_t shstrndx_;
    const std::size_t size_;
    const std::string& path_;
    std::vector<RawSectionHeader> entries_;  // as far as read
};

}  // namespace

void walk_section_table(Diagnostics& diag, int fd, const RawElfHeader& header, std::size_t size,
                        const std::string& path) {
    SectionTableWalk(diag, fd, header, size, path).run();
}

}  // namespace modlink::modpost
