// SPDX-License-Identifier: MIT
#include "modlink/kernel_lookalikes.h"

#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <vector>

#include "modlink/error.h"
#include "modlink/input_file.h"
#include "modlink/symvers.h"

namespace modlink {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHead = 64 * 1024;  // enough to tell every kind below apart

// What to give instead, said after every file that is not a kernel index.
constexpr const char* kGiveInstead =
    "give the kernel's headers tree (/usr/src/linux-headers-REL), its module tree (/lib/modules/REL), its "
    "Module.symvers or /boot/symvers-REL.gz";

std::vector<char> raw_head(const std::string& path) {
    std::vector<char> head(kHead);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    ssize_t got = pread(fd, head.data(), head.size(), 0);
    ::close(fd);
    head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return head;
}

bool at(std::string_view head, std::size_t offset, std::string_view magic) {
    return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

bool is_cpio(std::string_view h) { return at(h, 0, "070701") || at(h, 0, "070702") || at(h, 0, "070707"); }

// x86 bzImage ("HdrS" in the setup header), an EFI/PE image (arm64, riscv
// and x86 EFI stubs, EFI zboot), or an arm64 Image ("ARMd" at 0x38).
bool is_kernel_image(std::string_view h) { return at(h, 0x202, "HdrS") || at(h, 0, "MZ") || at(h, 0x38, "ARM\x64"); }

std::string_view first_line(std::string_view h) {
    std::size_t start = h.find_first_not_of('\n');
    if (start == std::string_view::npos) return {};
    h = h.substr(start);
    return h.substr(0, h.find('\n'));
}

bool is_hex(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

// "ffffffff81000000 T _stext": an address, a type letter, a name.
bool is_system_map(std::string_view h) {
    std::string_view line = first_line(h);
    std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 < 8 || !is_hex(line.substr(0, sp1))) return false;
    return line.size() > sp1 + 3 && line[sp1 + 2] == ' ' &&
           std::string_view("aAbBcCdDgGiNnpRrSsTtUuVvWw?-").find(line[sp1 + 1]) != std::string_view::npos;
}

// A kernel configuration: "# Automatically generated file; DO NOT EDIT."
// and "# Linux/x86 6.1.0 Kernel Configuration", or CONFIG_ lines.
bool is_config(std::string_view h) {
    if (h.find("Kernel Configuration") != std::string_view::npos && h.starts_with("#")) return true;
    std::string_view line = first_line(h);
    return line.starts_with("CONFIG_") || line.starts_with("# CONFIG_");
}

bool is_symvers(std::string_view h) {
    std::string_view line = first_line(h);
    if (line.empty()) return true;  // an empty dump is still a dump
    SymversEntry e;
    try {
        return parse_symvers_line("", 1, line, e);
    } catch (const Error&) {
        return false;
    }
}

// What an uncompressed head is; "" when it is none of the known kinds.
std::string describe(std::string_view h, const char* compression) {
    std::string how = compression ? std::string(compression) + "-compressed " : std::string();
    if (is_cpio(h))
        return "is an initramfs (" + how + "cpio archive), not a kernel's exports: " + kGiveInstead;
    if (is_kernel_image(h))
        return "is a " + how + "kernel image (vmlinuz), which carries no export table modlink can read: " + kGiveInstead;
    if (is_system_map(h))
        return "is a System.map, which lists symbols but not which are exported, nor their licenses or CRCs: " +
               std::string(kGiveInstead);
    if (is_config(h))
        return "is a kernel configuration (.config), not a kernel's exports: " + std::string(kGiveInstead);
    // A dump is text. Other kernel images (s390's, say) have no magic to
    // name them by, but they are binary.
    if (h.substr(0, 4096).find('\0') != std::string_view::npos)
        return "is a " + how + "binary file, not a symbol dump, vmlinux or module (a kernel image such as vmlinuz?): " +
               kGiveInstead;
    return {};
}

}  // namespace

std::string kernel_file_lookalike(const std::string& path) {
    std::vector<char> head = raw_head(path);
    std::string_view h(head.data(), head.size());
    if (h.empty()) return std::string("is empty: not a kernel's exports; ") + kGiveInstead;
    if (at(h, 0, "\x7f" "ELF")) {
        // A relocatable object is a module (or a .o), never a vmlinux.
        // e_type is the half-word after e_ident, in the file's byte order.
        if (head.size() < sizeof(Elf32_Ehdr)) return {};
        auto lo = static_cast<unsigned char>(head[EI_DATA] == ELFDATA2MSB ? head[EI_NIDENT + 1] : head[EI_NIDENT]);
        auto hi = static_cast<unsigned char>(head[EI_DATA] == ELFDATA2MSB ? head[EI_NIDENT] : head[EI_NIDENT + 1]);
        if ((lo | hi << 8) == ET_REL)
            return "is a kernel module or object file (ELF relocatable), not a kernel: check it as a MODULE, and " +
                   std::string(kGiveInstead);
        return {};
    }
    Compression c = sniff_compression(head);
    if (c == Compression::None) return is_symvers(h) ? std::string() : describe(h, nullptr);
    // A compressed file: a dump (symvers-REL.gz), or an image or initramfs.
    // Only the head is decompressed to tell.
    DecompressLimits limits;
    limits.max_size = kHead;
    limits.head_only = true;
    std::vector<char> file;
    {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return {};
        off_t size = lseek(fd, 0, SEEK_END);
        // A compressed image or initramfs is tens of MB; read what decoding
        // the head needs (it rarely needs more than the first few MB).
        file.resize(static_cast<std::size_t>(std::min<off_t>(size, off_t{16} << 20)));
        ssize_t got = pread(fd, file.data(), file.size(), 0);
        ::close(fd);
        file.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }
    std::vector<char> plain;
    try {
        plain = decompress(path, c, file, limits);
    } catch (const Error&) {
        // A file cut at 16 MB reads as truncated: what came out is the head.
        return {};
    }
    std::string_view p(plain.data(), plain.size());
    if (is_symvers(p)) return {};
    static const char* names[] = {"", "zstd", "xz", "gzip"};
    return describe(p, names[static_cast<int>(c)]);
}

std::string kernel_source_tree_lookalike(const std::string& path) {
    fs::path d(path);
    std::error_code ec;
    if (fs::is_regular_file(d / "Kconfig", ec) && fs::is_regular_file(d / "Makefile", ec) &&
        fs::is_directory(d / "include/linux", ec) && !fs::exists(d / "Module.symvers", ec))
        return "is a kernel source tree without Module.symvers: it was not built, or `make clean` removed it; build "
               "it (make modules), or give the headers tree of the built kernel (/usr/src/linux-headers-REL)";
    return {};
}

std::string dangling_module_tree(const std::string& path) {
    fs::path d(path);
    std::error_code ec;
    if (fs::is_symlink(d / "build", ec)) {
        fs::path target = fs::read_symlink(d / "build", ec);
        return "looks like a module tree, but holds no modules and its build link (" + target.string() +
               ") leads to no Module.symvers: install that kernel's headers package (linux-headers-" +
               d.filename().string() + "), or give another kernel";
    }
    return {};
}

}  // namespace modlink
