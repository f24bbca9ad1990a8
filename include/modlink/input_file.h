// SPDX-License-Identifier: MIT
// An input file mapped once and viewed in place. Compressed modules
// (.ko.zst, .ko.xz, .ko.gz) are recognised by their magic bytes, not their
// names, and decompressed into one private buffer. A module signature
// appended by sign-file is cut off, so the bytes are exactly the ELF image.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace modlink {

enum class Compression { None, Zstd, Xz, Gzip };

class Input {
public:
    // Map: the whole file is mapped (or decompressed) into memory.
    // Read: an uncompressed file is only opened; readers fetch the parts they
    // need through fd() (ELF files read this way touch only the sections a
    // job needs). Compressed files are decompressed into memory either way.
    enum class Access { Map, Read };
    // What the file must hold once decompressed. Elf: a compressed stream
    // is refused as soon as its first bytes are not ELF's magic, and may
    // grow to kMaxDecompressedModule at most.
    enum class Content { Any, Elf };

    // Throws modlink::Error naming the file when it cannot be read or
    // decompressed.
    static Input open(const std::string& path, Access access = Access::Map, Content content = Content::Any);
    // Wrap bytes that are already in memory (tests, nested inputs).
    static Input from_bytes(std::string path, std::vector<char> bytes, Content content = Content::Any);

    Input(Input&&) noexcept;
    Input& operator=(Input&&) noexcept;
    Input(const Input&) = delete;
    Input& operator=(const Input&) = delete;
    ~Input();

    const std::string& path() const { return path_; }
    Compression compression() const { return compression_; }
    bool had_signature() const { return had_signature_; }

    // False for a file opened with Access::Read and left on disk; then use
    // fd() and size() (the file's size).
    bool in_memory() const { return fd_ < 0; }
    int fd() const { return fd_; }

    // Writable private view: libelf may convert headers in place. Writes
    // never reach the file (MAP_PRIVATE) or are to our own buffer.
    char* data() { return data_; }
    const char* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::span<const char> bytes() const { return {data_, size_}; }

    // Drop the mapping early so mapped pages stop counting in RSS.
    void release();

private:
    Input() = default;
    void strip_signature();

    std::string path_;
    Compression compression_ = Compression::None;
    bool had_signature_ = false;
    char* data_ = nullptr;
    std::size_t size_ = 0;
    void* map_ = nullptr;  // non-null when data_ is an mmap
    std::size_t map_size_ = 0;
    std::vector<char> buffer_;  // owns decompressed bytes
    int fd_ = -1;               // open file in Access::Read mode
};

// Detects the compression format from the first bytes of a file.
Compression sniff_compression(std::span<const char> head);

// The most a compressed input of any kind may expand to (a 32-bit ELF
// cannot describe more than 4 GiB anyway; a symbol dump is a few MB).
inline constexpr std::size_t kMaxDecompressedSize = std::size_t{2} << 30;
// The most a compressed module or vmlinux may expand to: about twice the
// largest real module we found, amdgpu.ko with full DWARF in sid's
// linux-image-7.2.13+deb14-amd64-dbg (799,008,736 bytes; bookworm's 6.1.0-57
// is 355,579,456), so kernels may keep growing for a few years.
inline constexpr std::size_t kMaxDecompressedModule = std::size_t{3} << 29;  // 1.5 GiB

struct DecompressLimits {
    std::size_t max_size = kMaxDecompressedSize;
    bool expect_elf = false;  // refuse a stream whose first bytes are not ELF's magic
    const char* max_size_reason = "modlink's limit";
    // Stop after the first max_size bytes and return them, without error
    // (to recognise what a file holds).
    bool head_only = false;
};
DecompressLimits limits_for(Input::Content content);

// Decompress a whole buffer (zstd, xz or gzip), streaming: memory grows with
// what the stream holds. Throws Error(path, ...) on corrupt data, when the
// output would exceed `limits.max_size` bytes (for zstd also the size the
// frames declare), or, with `expect_elf`, as soon as the first bytes are not
// an ELF header.
std::vector<char> decompress(const std::string& path, Compression c, std::span<const char> in,
                             const DecompressLimits& limits = {});

}  // namespace modlink
