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

    // Throws modlink::Error naming the file when it cannot be read or
    // decompressed.
    static Input open(const std::string& path, Access access = Access::Map);
    // Wrap bytes that are already in memory (tests, nested inputs).
    static Input from_bytes(std::string path, std::vector<char> bytes);

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

// The most a compressed input may expand to (the largest real module is tens
// of MB; a 32-bit ELF cannot describe more than 4 GiB anyway).
inline constexpr std::size_t kMaxDecompressedSize = std::size_t{2} << 30;

// Decompress a whole buffer (zstd, xz or gzip), streaming: memory grows with
// what the stream holds. Throws Error(path, ...) on corrupt data or when the
// output would exceed `limit` bytes (for zstd also the size the frames
// declare).
std::vector<char> decompress(const std::string& path, Compression c, std::span<const char> in,
                             std::size_t limit = kMaxDecompressedSize);

}  // namespace modlink
