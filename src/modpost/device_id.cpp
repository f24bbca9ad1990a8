// SPDX-License-Identifier: MIT
#include "modpost/device_id.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace modlink::modpost {

namespace {

unsigned element_size(FieldKind k, unsigned word) {
    switch (k) {
        case FieldKind::U8: return 1;
        case FieldKind::Chars: return 1;
        case FieldKind::U16: return 2;
        case FieldKind::U32: return 4;
        case FieldKind::U64: return 8;
        case FieldKind::Word: return word;
        case FieldKind::WordBitmap: return word;
    }
    return 1;
}

}  // namespace

TargetAbi TargetAbi::of(const ElfFile& elf) {
    TargetAbi abi;
    abi.word = static_cast<unsigned>(elf.pointer_size());
    abi.u64_align = abi.word == 4 && elf.machine() == EM_386 ? 4 : 8;
    return abi;
}

DeviceIdLayout::DeviceIdLayout(std::initializer_list<FieldSpec> specs, const TargetAbi& abi) : word_size_(abi.word) {
    std::size_t offset = 0, max_align = 1;
    for (const FieldSpec& s : specs) {
        unsigned esize = element_size(s.kind, abi.word);
        unsigned count = s.kind == FieldKind::WordBitmap ? s.count / (abi.word * 8) + 1 : s.count;
        std::size_t align = esize == 8 ? abi.u64_align : esize;
        offset = (offset + align - 1) / align * align;
        fields_.push_back({s.name, s.kind, esize, count, offset});
        offset += static_cast<std::size_t>(esize) * count;
        max_align = std::max(max_align, align);
    }
    size_ = (offset + max_align - 1) / max_align * max_align;
}

const DeviceIdLayout::Field& DeviceIdLayout::field(std::string_view name) const {
    for (const Field& f : fields_)
        if (f.name == name) return f;
    throw std::logic_error("device id layout has no field " + std::string(name));
}

std::uint64_t DeviceId::u(std::string_view name, unsigned index) const {
    const auto& f = layout_.field(name);
    std::size_t off = f.offset + static_cast<std::size_t>(index) * f.element_size;
    if (index >= f.count || off + f.element_size > bytes_.size()) return 0;
    switch (f.element_size) {
        case 1: return static_cast<unsigned char>(bytes_[off]);
        case 2: {
            auto b = reinterpret_cast<const unsigned char*>(bytes_.data() + off);
            return elf_.big_endian() ? (b[0] << 8 | b[1]) : (b[1] << 8 | b[0]);
        }
        case 4: return elf_.read_u32(bytes_, off).value_or(0);
        default: return elf_.read_u64(bytes_, off).value_or(0);
    }
}

std::string DeviceId::str(std::string_view name, std::size_t skip) const {
    std::size_t off = layout_.field(name).offset + skip;
    if (off >= tail_.size()) return {};
    auto r = tail_.subspan(off);
    const char* nul = static_cast<const char*>(std::memchr(r.data(), '\0', r.size()));
    return std::string(r.data(), nul ? static_cast<std::size_t>(nul - r.data()) : r.size());
}

std::span<const char> DeviceId::raw(std::string_view name) const {
    const auto& f = layout_.field(name);
    std::size_t len = static_cast<std::size_t>(f.element_size) * f.count;
    if (f.offset + len > bytes_.size()) return {};
    return bytes_.subspan(f.offset, len);
}

}  // namespace modlink::modpost
