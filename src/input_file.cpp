// SPDX-License-Identifier: MIT
#include "modlink/input_file.h"

#include <fcntl.h>
#include <lzma.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "modlink/error.h"

namespace modlink {

namespace {

bool starts_with(std::span<const char> b, std::initializer_list<unsigned char> magic) {
    if (b.size() < magic.size()) return false;
    std::size_t i = 0;
    for (unsigned char m : magic)
        if (static_cast<unsigned char>(b[i++]) != m) return false;
    return true;
}

// The output of a streaming decoder. It grows geometrically, so memory
// follows what the stream really holds, never what a header claims; and
// when the caller expects an ELF file, the first bytes are checked as soon
// as they exist, so a stream of anything else (a decompression bomb of
// zeros, say) stops after its first megabyte.
class DecoderOutput {
public:
    DecoderOutput(const std::string& path, const char* format, const DecompressLimits& limits, std::size_t limit)
        : path_(path), format_(format), limits_(limits), limit_(limit) {}

    // With limits.head_only: the first max_size bytes are all the caller
    // wants, and they are there.
    bool have_head() const { return limits_.head_only && produced_ >= limit_; }

    // Free room after what was produced, grown when full.
    char* room() {
        if (produced_ == buffer_.size()) grow();
        return buffer_.data() + produced_;
    }
    std::size_t room_size() const { return buffer_.size() - produced_; }

    void advance(std::size_t n) {
        produced_ += n;
        if (!head_checked_ && produced_ >= 4) check_head();
    }

    std::vector<char> take() {
        if (!head_checked_) check_head();
        buffer_.resize(produced_);
        return std::move(buffer_);
    }

private:
    void grow() {
        if (buffer_.size() >= limit_ && !limits_.head_only)
            throw Error(path_, "decompressed data exceeds " + std::to_string(limit_ >> 20) + " MiB (" +
                                   (limit_ == limits_.max_size ? limits_.max_size_reason : "the size its frame declares") +
                                   ")");
        std::size_t next = buffer_.empty() ? (1u << 20) : buffer_.size() * 2;
        buffer_.resize(std::min(next, limit_));
    }

    void check_head() {
        head_checked_ = true;
        if (!limits_.expect_elf) return;
        static constexpr char kElfMagic[4] = {0x7f, 'E', 'L', 'F'};
        if (produced_ < 4 || std::memcmp(buffer_.data(), kElfMagic, 4) != 0)
            throw Error(path_, std::string("not an ELF file: its ") + format_ + " data decompresses to something else");
    }

    const std::string& path_;
    const char* format_;
    const DecompressLimits& limits_;
    std::size_t limit_;
    std::vector<char> buffer_;
    std::size_t produced_ = 0;
    bool head_checked_ = false;
};

// The sum of the content sizes the frames declare, when every frame declares
// one (the stable API has no call for all frames at once).
std::optional<std::size_t> zstd_declared_size(std::span<const char> in, std::size_t max) {
    unsigned long long total = 0;
    std::size_t offset = 0;
    while (offset < in.size()) {
        unsigned long long c = ZSTD_getFrameContentSize(in.data() + offset, in.size() - offset);
        std::size_t frame = ZSTD_findFrameCompressedSize(in.data() + offset, in.size() - offset);
        if (c == ZSTD_CONTENTSIZE_UNKNOWN || c == ZSTD_CONTENTSIZE_ERROR || ZSTD_isError(frame) || frame == 0)
            return std::nullopt;
        total += c;
        if (total > max) return total;
        offset += frame;
    }
    return total;
}

std::vector<char> unzstd(const std::string& path, std::span<const char> in, const DecompressLimits& limits) {
    // The frames' content sizes are a claim: their sum caps the output (a
    // stream that runs past it is corrupt) but sizes no buffer. A 19-byte
    // frame may declare 4 GB.
    std::size_t limit = limits.max_size;
    if (std::optional<std::size_t> declared = zstd_declared_size(in, limit); declared && *declared < limit)
        limit = std::max<std::size_t>(*declared, 1);
    DecoderOutput out(path, "zstd", limits, limit);
    std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> ds(ZSTD_createDStream(), ZSTD_freeDStream);
    if (!ds) throw Error(path, "out of memory");
    ZSTD_initDStream(ds.get());
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    while (!out.have_head()) {
        ZSTD_outBuffer ob{out.room(), out.room_size(), 0};
        std::size_t ret = ZSTD_decompressStream(ds.get(), &ob, &ib);
        out.advance(ob.pos);
        if (ZSTD_isError(ret)) throw Error(path, std::string("corrupt zstd data: ") + ZSTD_getErrorName(ret));
        if (ret == 0 && ib.pos == ib.size) break;
        if (ib.pos == ib.size && ob.pos < ob.size) throw Error(path, "truncated zstd data");
    }
    return out.take();
}

std::vector<char> unxz(const std::string& path, std::span<const char> in, const DecompressLimits& limits) {
    lzma_stream s = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
        throw Error(path, "cannot start xz decoder");
    std::unique_ptr<lzma_stream, decltype(&lzma_end)> owner(&s, lzma_end);
    DecoderOutput out(path, "xz", limits, limits.max_size);
    s.next_in = reinterpret_cast<const uint8_t*>(in.data());
    s.avail_in = in.size();
    while (!out.have_head()) {
        s.next_out = reinterpret_cast<uint8_t*>(out.room());
        s.avail_out = out.room_size();
        std::size_t before = s.avail_out;
        lzma_ret r = lzma_code(&s, LZMA_FINISH);
        out.advance(before - s.avail_out);
        if (r == LZMA_STREAM_END) break;
        if (r != LZMA_OK && r != LZMA_BUF_ERROR)
            throw Error(path, "corrupt xz data (liblzma error " + std::to_string(r) + ")");
        if (r == LZMA_BUF_ERROR && s.avail_in == 0) throw Error(path, "truncated xz data");
    }
    return out.take();
}

std::vector<char> ungzip(const std::string& path, std::span<const char> in, const DecompressLimits& limits) {
    z_stream s{};
    // 15 + 32: a zlib or gzip header, detected automatically.
    if (inflateInit2(&s, 15 + 32) != Z_OK) throw Error(path, "cannot start gzip decoder");
    std::unique_ptr<z_stream, decltype(&inflateEnd)> owner(&s, inflateEnd);
    DecoderOutput out(path, "gzip", limits, limits.max_size);
    std::size_t consumed = 0;
    while (!out.have_head()) {
        // zlib counts in uInt; feed at most 1 GiB at a time.
        char* room = out.room();
        std::size_t in_chunk = std::min<std::size_t>(in.size() - consumed, 1u << 30);
        s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + consumed));
        s.avail_in = static_cast<uInt>(in_chunk);
        std::size_t out_chunk = std::min<std::size_t>(out.room_size(), 1u << 30);
        s.next_out = reinterpret_cast<Bytef*>(room);
        s.avail_out = static_cast<uInt>(out_chunk);
        int r = inflate(&s, Z_NO_FLUSH);
        consumed += in_chunk - s.avail_in;
        out.advance(out_chunk - s.avail_out);
        if (r == Z_STREAM_END) {
            // gzip members may be concatenated (like `cat a.gz b.gz`).
            if (consumed < in.size() && in.size() - consumed >= 2 &&
                static_cast<unsigned char>(in[consumed]) == 0x1f) {
                inflateReset(&s);
                continue;
            }
            break;
        }
        if (r != Z_OK && r != Z_BUF_ERROR)
            throw Error(path, std::string("corrupt gzip data: ") + (s.msg ? s.msg : "inflate failed"));
        if (consumed == in.size() && s.avail_out != 0) throw Error(path, "truncated gzip data");
    }
    return out.take();
}

}  // namespace

DecompressLimits limits_for(Input::Content content) {
    if (content == Input::Content::Elf) return {kMaxDecompressedModule, true, "modlink's limit for a module"};
    return {};
}

Compression sniff_compression(std::span<const char> head) {
    if (starts_with(head, {0x28, 0xb5, 0x2f, 0xfd})) return Compression::Zstd;
    if (starts_with(head, {0xfd, '7', 'z', 'X', 'Z', 0x00})) return Compression::Xz;
    if (starts_with(head, {0x1f, 0x8b})) return Compression::Gzip;
    return Compression::None;
}

std::vector<char> decompress(const std::string& path, Compression c, std::span<const char> in,
                             const DecompressLimits& limits) {
    switch (c) {
        case Compression::Zstd: return unzstd(path, in, limits);
        case Compression::Xz: return unxz(path, in, limits);
        case Compression::Gzip: return ungzip(path, in, limits);
        case Compression::None: break;
    }
    return {in.begin(), in.end()};
}

Input Input::open(const std::string& path, Access access, Content content) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(path, std::strerror(errno));
    Input in;
    in.path_ = path;
    in.fd_ = fd;  // closed by release() on every path out of here
    struct stat st {};
    if (fstat(fd, &st) != 0) throw Error(path, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(path, "is a directory");
    if (st.st_size == 0) {
        in.release();
        return in;  // an empty input; callers decide whether that is an error
    }
    if (access == Access::Read) {
        char head[6] = {};
        ssize_t got = pread(fd, head, sizeof head, 0);
        if (got < 0) throw Error(path, std::strerror(errno));
        if (sniff_compression({head, static_cast<std::size_t>(got)}) == Compression::None) {
            in.size_ = st.st_size;
            return in;
        }
    }
    // MAP_PRIVATE + PROT_WRITE: libelf may fix up bytes in place; copy-on-write
    // keeps the file itself untouched.
    void* m = mmap(nullptr, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) throw Error(path, std::string("cannot map: ") + std::strerror(errno));
    ::close(in.fd_);
    in.fd_ = -1;
    in.map_ = m;
    in.map_size_ = st.st_size;
    in.data_ = static_cast<char*>(m);
    in.size_ = st.st_size;

    in.compression_ = sniff_compression(in.bytes());
    if (in.compression_ != Compression::None) {
        in.buffer_ = decompress(path, in.compression_, in.bytes(), limits_for(content));
        munmap(in.map_, in.map_size_);
        in.map_ = nullptr;
        in.map_size_ = 0;
        in.data_ = in.buffer_.data();
        in.size_ = in.buffer_.size();
    }
    in.strip_signature();
    return in;
}

Input Input::from_bytes(std::string path, std::vector<char> bytes, Content content) {
    Input in;
    in.path_ = std::move(path);
    in.compression_ = sniff_compression(bytes);
    in.buffer_ = in.compression_ == Compression::None
                     ? std::move(bytes)
                     : decompress(in.path_, in.compression_, bytes, limits_for(content));
    in.data_ = in.buffer_.data();
    in.size_ = in.buffer_.size();
    in.strip_signature();
    return in;
}

// sign-file appends: signature bytes, a 12-byte struct module_signature whose
// last 4 bytes are the big-endian signature length, then the marker text.
void Input::strip_signature() {
    static constexpr char marker[] = "~Module signature appended~\n";
    constexpr std::size_t marker_len = sizeof(marker) - 1;
    constexpr std::size_t info_len = 12;
    if (size_ < marker_len + info_len) return;
    if (std::memcmp(data_ + size_ - marker_len, marker, marker_len) != 0) return;
    const auto* info = reinterpret_cast<const unsigned char*>(data_ + size_ - marker_len - info_len);
    std::size_t sig_len = (std::size_t{info[8]} << 24) | (std::size_t{info[9]} << 16) |
                          (std::size_t{info[10]} << 8) | info[11];
    std::size_t trailer = marker_len + info_len + sig_len;
    if (trailer > size_) return;  // not a real signature; leave the bytes alone
    size_ -= trailer;
    had_signature_ = true;
}

void Input::release() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (map_) munmap(map_, map_size_);
    map_ = nullptr;
    map_size_ = 0;
    buffer_ = {};
    data_ = nullptr;
    size_ = 0;
}

Input::Input(Input&& o) noexcept { *this = std::move(o); }

Input& Input::operator=(Input&& o) noexcept {
    if (this != &o) {
        release();
        path_ = std::move(o.path_);
        compression_ = o.compression_;
        had_signature_ = o.had_signature_;
        map_ = o.map_;
        map_size_ = o.map_size_;
        fd_ = o.fd_;
        o.fd_ = -1;
        buffer_ = std::move(o.buffer_);
        size_ = o.size_;
        data_ = map_ ? static_cast<char*>(map_) : (buffer_.empty() ? nullptr : buffer_.data());
        o.map_ = nullptr;
        o.map_size_ = 0;
        o.data_ = nullptr;
        o.size_ = 0;
    }
    return *this;
}

Input::~Input() { release(); }

}  // namespace modlink
