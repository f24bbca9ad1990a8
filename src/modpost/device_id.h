// SPDX-License-Identifier: MIT
// The structs of <linux/mod_devicetable.h> as the target lays them out.
// A struct is described by its fields in order (u8/u16/u32/u64, a
// kernel_ulong_t or pointer of the target's word size, char arrays, and
// kernel_ulong_t bitmaps sized in bits); offsets and the size follow the
// target ABI's alignment rules (TargetAbi). Entries are then read field by
// field in the target's byte order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf.h"

namespace modlink::modpost {

enum class FieldKind { U8, U16, U32, U64, Word, Chars, WordBitmap };

struct FieldSpec {
    const char* name;
    FieldKind kind;
    unsigned count = 1;  // array length; for Chars the byte count; for WordBitmap the highest bit
};

// What a struct layout depends on, from the object's ELF header: the word
// size (kernel_ulong_t, pointers) from its class, and the alignment of
// 64-bit members, natural everywhere but on i386, whose psABI aligns them
// at 4 (32-bit ARM, MIPS and PowerPC align them at 8).
struct TargetAbi {
    unsigned word = 8;
    unsigned u64_align = 8;
    static TargetAbi of(const ElfFile& elf);
};

class DeviceIdLayout {
public:
    DeviceIdLayout(std::initializer_list<FieldSpec> fields, const TargetAbi& abi);

    struct Field {
        std::string_view name;
        FieldKind kind;
        unsigned element_size;
        unsigned count;
        std::size_t offset;
    };
    const Field& field(std::string_view name) const;
    std::size_t size() const { return size_; }
    unsigned word_size() const { return word_size_; }

private:
    std::vector<Field> fields_;
    std::size_t size_ = 0;
    unsigned word_size_;
};

// One entry of a device table. `from_entry` runs from the entry to the
// end of its table: modpost reads char arrays as C strings, so one without
// a NUL runs on into the following fields and entries (the all-zero last
// entry always ends it).
class DeviceId {
public:
    DeviceId(const ElfFile& elf, const DeviceIdLayout& layout, std::span<const char> from_entry)
        : elf_(elf), layout_(layout), bytes_(from_entry.first(std::min(layout.size(), from_entry.size()))),
          tail_(from_entry) {}

    // Element `index` of an integer field (or a word of a bitmap).
    std::uint64_t u(std::string_view field, unsigned index = 0) const;
    // Size in bytes of one element of the field: ADD()'s width is twice this.
    unsigned width(std::string_view field) const { return layout_.field(field).element_size; }
    // A char array as a C string starting `skip` bytes into the field: up
    // to the first NUL, wherever that is.
    std::string str(std::string_view field, std::size_t skip = 0) const;
    // The raw bytes of a field (GUIDs, UUIDs).
    std::span<const char> raw(std::string_view field) const;
    bool big_endian() const { return elf_.big_endian(); }
    unsigned word_bits() const { return layout_.word_size() * 8; }

private:
    const ElfFile& elf_;
    const DeviceIdLayout& layout_;
    std::span<const char> bytes_;
    std::span<const char> tail_;
};

}  // namespace modlink::modpost
