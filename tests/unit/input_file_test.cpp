// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "fixtures.h"
#include "modlink/error.h"
#include "modlink/input_file.h"

using namespace modlink;

namespace {

std::vector<char> zstd_compress(const std::vector<char>& in) {
    std::vector<char> out(ZSTD_compressBound(in.size()));
    out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
    return out;
}

std::vector<char> xz_compress(const std::vector<char>& in) {
    std::vector<char> out(lzma_stream_buffer_bound(in.size()));
    size_t pos = 0;
    REQUIRE(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t*>(in.data()),
                                    in.size(), reinterpret_cast<uint8_t*>(out.data()), &pos, out.size()) == LZMA_OK);
    out.resize(pos);
    return out;
}

std::vector<char> gzip_compress(const std::vector<char>& in) {
    z_stream s{};
    REQUIRE(deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);  // +16: gzip header
    std::vector<char> out(deflateBound(&s, in.size()) + 32);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    s.avail_in = in.size();
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = out.size();
    REQUIRE(deflate(&s, Z_FINISH) == Z_STREAM_END);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

std::vector<char> with_signature(std::vector<char> elf) {
    std::vector<char> sig(300, '\x5a');
    elf.insert(elf.end(), sig.begin(), sig.end());
    unsigned char info[12] = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 44};  // sig_len = 300, big-endian
    elf.insert(elf.end(), info, info + 12);
    std::string marker = "~Module signature appended~\n";
    elf.insert(elf.end(), marker.begin(), marker.end());
    return elf;
}

}  // namespace

TEST_CASE("compressed modules are recognised by magic and decompressed") {
    std::string obj = fixtures::object("final_ko_61");
    std::vector<char> plain = fixtures::read_file(obj);
    struct Case {
        const char* name;
        std::vector<char> bytes;
        Compression expect;
    } cases[] = {
        // Deliberately misleading names: the magic decides, not the suffix.
        {"a.ko", zstd_compress(plain), Compression::Zstd},
        {"b.ko.gz", xz_compress(plain), Compression::Xz},
        {"c.ko.zst", gzip_compress(plain), Compression::Gzip},
        {"d.ko.xz", plain, Compression::None},
    };
    for (auto& c : cases) {
        CAPTURE(c.name);
        std::string path = fixtures::scratch_dir() + "/" + c.name;
        fixtures::write_file(path, c.bytes);
        Input in = Input::open(path);
        CHECK(in.compression() == c.expect);
        REQUIRE(in.size() == plain.size());
        CHECK(std::equal(plain.begin(), plain.end(), in.data()));
    }
}

TEST_CASE("an appended module signature is cut off") {
    std::vector<char> plain = fixtures::read_file(fixtures::object("final_ko_61"));
    std::string path = fixtures::scratch_dir() + "/signed.ko";
    fixtures::write_file(path, with_signature(plain));
    Input in = Input::open(path);
    CHECK(in.had_signature());
    CHECK(in.size() == plain.size());

    // Signed, then compressed, as distributions ship them.
    std::string zpath = fixtures::scratch_dir() + "/signed.ko.zst";
    fixtures::write_file(zpath, zstd_compress(with_signature(plain)));
    Input zin = Input::open(zpath);
    CHECK(zin.had_signature());
    CHECK(zin.size() == plain.size());
}

TEST_CASE("corrupt or truncated compressed data is an error naming the file") {
    std::vector<char> plain = fixtures::read_file(fixtures::object("final_ko_61"));
    for (auto bytes : {zstd_compress(plain), xz_compress(plain), gzip_compress(plain)}) {
        std::vector<char> truncated(bytes.begin(), bytes.begin() + bytes.size() / 2);
        std::string path = fixtures::scratch_dir() + "/truncated.ko";
        fixtures::write_file(path, truncated);
        CHECK_THROWS_AS(Input::open(path), Error);
        std::vector<char> garbled = bytes;
        for (std::size_t i = 8; i < garbled.size(); i += 7) garbled[i] = static_cast<char>(garbled[i] ^ 0x5a);
        fixtures::write_file(path, garbled);
        try {
            Input::open(path);
            FAIL("garbled data decompressed");
        } catch (const Error& e) {
            CHECK(e.file() == path);
        }
    }
}

TEST_CASE("a missing file or a directory is an error naming it") {
    try {
        Input::open("/nonexistent/x.ko");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.describe() == "/nonexistent/x.ko: No such file or directory");
    }
    CHECK_THROWS_AS(Input::open(fixtures::scratch_dir()), Error);
}

TEST_CASE("a compressed module whose first bytes are not ELF stops at once") {
    // 32 MiB of zeros squeezed into a few KB: a module reader must stop at
    // the first megabyte, not inflate it all (the 2 GiB case is in
    // tests/integration/decompression-bomb.sh, measured under limits).
    std::vector<char> zeros(std::size_t{32} << 20, 0);
    for (auto bytes : {zstd_compress(zeros), xz_compress(zeros), gzip_compress(zeros)}) {
        std::string path = fixtures::scratch_dir() + "/bomb.ko.zst";
        fixtures::write_file(path, bytes);
        try {
            Input::open(path, Input::Access::Read, Input::Content::Elf);
            FAIL("zeros were taken for a module");
        } catch (const Error& e) {
            CHECK(e.file() == path);
            CHECK(std::string(e.what()).starts_with("not an ELF file: its "));
        }
        // Read as anything (a symbol dump), the same stream is whole.
        CHECK(Input::open(path).size() == zeros.size());
    }
    // A real module decompresses under the ELF expectation.
    std::vector<char> plain = fixtures::read_file(fixtures::object("final_ko_61"));
    std::string path = fixtures::scratch_dir() + "/real.ko.xz";
    fixtures::write_file(path, xz_compress(plain));
    CHECK(Input::open(path, Input::Access::Read, Input::Content::Elf).size() == plain.size());
}
