// SPDX-License-Identifier: MIT
#include "modpost/srcversion.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "modpost/cmd_crcs.h"
#include "modpost/output_file.h"

namespace modlink::modpost {

namespace {

std::uint32_t rotl(std::uint32_t v, int s) { return (v << s) | (v >> (32 - s)); }
std::uint32_t load_be32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

SrcversionHash::SrcversionHash() : state_{0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u} {}

// RFC 1320's three rounds over sixteen message words.
void SrcversionHash::transform() {
    std::uint32_t x[16];
    for (int i = 0; i < 16; ++i) x[i] = load_be32(block_ + 4 * i);
    auto [a, b, c, d] = state_;
    auto f = [](std::uint32_t p, std::uint32_t q, std::uint32_t r) { return (p & q) | (~p & r); };
    auto g = [](std::uint32_t p, std::uint32_t q, std::uint32_t r) { return (p & q) | (p & r) | (q & r); };
    auto h = [](std::uint32_t p, std::uint32_t q, std::uint32_t r) { return p ^ q ^ r; };
    static constexpr int r1s[4] = {3, 7, 11, 19};
    for (int i = 0; i < 16; ++i) {
        std::uint32_t t = rotl(a + f(b, c, d) + x[i], r1s[i % 4]);
        a = d, d = c, c = b, b = t;
    }
    static constexpr int r2k[16] = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
    static constexpr int r2s[4] = {3, 5, 9, 13};
    for (int i = 0; i < 16; ++i) {
        std::uint32_t t = rotl(a + g(b, c, d) + x[r2k[i]] + 0x5a827999u, r2s[i % 4]);
        a = d, d = c, c = b, b = t;
    }
    static constexpr int r3k[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
    static constexpr int r3s[4] = {3, 9, 11, 15};
    for (int i = 0; i < 16; ++i) {
        std::uint32_t t = rotl(a + h(b, c, d) + x[r3k[i]] + 0x6ed9eba1u, r3s[i % 4]);
        a = d, d = c, c = b, b = t;
    }
    state_[0] += a, state_[1] += b, state_[2] += c, state_[3] += d;
}

void SrcversionHash::update(const void* data, std::size_t len) {
    const auto* p = static_cast<const unsigned char*>(data);
    while (len > 0) {
        std::size_t used = byte_count_ & 63;
        std::size_t take = std::min<std::size_t>(64 - used, len);
        std::memcpy(block_ + used, p, take);
        byte_count_ += take;
        p += take;
        len -= take;
        if ((byte_count_ & 63) == 0) transform();
    }
}

std::string SrcversionHash::final_hex() {
    std::uint64_t bits = byte_count_ << 3;
    std::size_t used = byte_count_ & 63;
    block_[used++] = 0x80;
    if (used > 56) {
        std::memset(block_ + used, 0, 64 - used);
        transform();
        used = 0;
    }
    std::memset(block_ + used, 0, 56 - used);
    // The length words are stored as numbers, so they survive the
    // big-endian word loads of transform() unswapped: store them so.
    auto store_be32 = [](unsigned char* p, std::uint32_t v) {
        p[0] = static_cast<unsigned char>(v >> 24), p[1] = static_cast<unsigned char>(v >> 16);
        p[2] = static_cast<unsigned char>(v >> 8), p[3] = static_cast<unsigned char>(v);
    };
    store_be32(block_ + 56, static_cast<std::uint32_t>(bits));
    store_be32(block_ + 60, static_cast<std::uint32_t>(bits >> 32));
    transform();
    char out[33];
    std::snprintf(out, sizeof out, "%08X%08X%08X%08X", __builtin_bswap32(state_[0]), __builtin_bswap32(state_[1]),
                  __builtin_bswap32(state_[2]), __builtin_bswap32(state_[3]));
    return std::string(out, 23);
}

void hash_source_text(SrcversionHash& h, std::string_view t) {
    std::size_t i = 0, n = t.size();
    while (i < n) {
        char c = t[i];
        if (c == '\\' && i + 1 < n && t[i + 1] == '\n') {
            i += 2;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (c == '"') {
            // The literal up to the first quote not preceded by a backslash,
            // as upstream scans it: the quote of "\\" counts as escaped, so
            // that literal runs on to the next quote (and its whitespace is
            // hashed). sid's lttng-modules 2.16 has such strings.
            std::size_t start = i++;
            while (i < n) {
                bool closes = t[i] == '"' && t[i - 1] != '\\';
                ++i;
                if (closes) break;
            }
            h.update(t.data() + start, i - start);
            continue;
        }
        if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            // Upstream looks for the closing "*/" from the opening's own
            // '*' on, so "/*/" is a whole comment.
            std::size_t end = t.find("*/", i + 1);
            i = end == std::string_view::npos ? n : end + 2;
            continue;
        }
        h.update(c);
        ++i;
    }
}

namespace {

bool hash_file(SrcversionHash& h, const std::string& path) {
    std::string text;
    if (read_whole_file(path, text) != 0) return false;
    hash_source_text(h, text);
    return true;
}

// Hashes the source file and the same-directory headers an object's .cmd
// file names. Returns false when a file named there cannot be read.
bool hash_object_sources(Session& session, SrcversionHash& h, const std::string& object) {
    std::string cmd_path = cmd_file_of(object);
    std::string cmd;
    if (int err = read_text_file(cmd_path, cmd)) {
        session.diag().warn("could not open %s: %s\n", cmd_path.c_str(), std::strerror(err));
        return false;
    }
    std::size_t slash = object.rfind('/');
    std::string dir = slash == std::string::npos ? std::string() : object.substr(0, slash + 1);

    bool in_deps = false;
    std::string_view text = cmd;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.starts_with("source_")) {
            std::size_t space = line.rfind(' ');
            if (space == std::string_view::npos) {
                session.diag().warn("malformed line: %s\n", std::string(line).c_str());
                return false;
            }
            std::string file(line.substr(space + 1));
            if (!hash_file(h, file)) {
                session.diag().warn("could not open %s: %s\n", file.c_str(), std::strerror(errno));
                return false;
            }
            continue;
        }
        if (line.starts_with("deps_")) {
            in_deps = true;
            continue;
        }
        if (!in_deps) continue;
        // The dependency list is the run of lines continued with '\'.
        if (line.empty() || line.back() != '\\') break;
        std::size_t b = 0;
        while (b < line.size() && std::isspace(static_cast<unsigned char>(line[b]))) ++b;
        std::size_t e = b;
        while (e < line.size() && !std::isspace(static_cast<unsigned char>(line[e]))) ++e;
        std::string_view dep = line.substr(b, e - b);
        // Only headers that sit directly in the object's own directory.
        std::size_t at = dir.empty() ? std::string_view::npos : dep.find(dir);
        if (at == std::string_view::npos || dep.rfind('/') != at + dir.size() - 1) continue;
        std::string file(dep);
        if (!hash_file(h, file)) {
            session.diag().warn("could not open %s: %s\n", file.c_str(), std::strerror(errno));
            return false;
        }
    }
    return true;
}

}  // namespace

std::string compute_srcversion(Session& session, const ModpostModule& mod) {
    std::string list_path = mod.name + ".mod";
    std::string list;
    if (int err = read_text_file(list_path, list)) session.diag().perror_exit(list_path, err);
    SrcversionHash h;
    for (const std::string& object : list_objects(list)) {
        if (object.ends_with(".a")) continue;
        if (!hash_object_sources(session, h, object)) return {};
    }
    return h.final_hex();
}

}  // namespace modlink::modpost
