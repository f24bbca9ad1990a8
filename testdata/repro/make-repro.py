#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the hostile inputs of issue #11 that are not assembled:
#   make-repro.py zstd OUT         a 19-byte .ko.zst whose frame header
#                                  declares 4 GiB (one raw 7-byte block)
#   make-repro.py badsym KO OUT    KO with its .symtab's sh_entsize set to 100,
#                                  which libdwfl rejects without saying why
#   make-repro.py strtab0 O OUT    O with its first undefined global symbol's
#                                  st_name set to 0 and .strtab's first byte
#                                  to 'Q': the name is then the string at
#                                  offset 0, "Q" and the first real name
#   make-repro.py shoffsets O OUT  O with sh_offset past the end of the file
#                                  for section 0 (which modpost does not
#                                  walk) and for the last section
#   make-repro.py relatail O OUT   O with its first RELA section one byte
#                                  longer, and a copy of that section's first
#                                  entry in the 24 bytes after its old end:
#                                  libelf refuses the size, modpost reads the
#                                  copy as one more entry
#   make-repro.py namepast O OUT   O with its first undefined global symbol's
#                                  name offset pointing past .strtab, at the
#                                  second string of .shstrtab
#   make-repro.py notrel O OUT     O as ET_EXEC with its section table past
#                                  the end of the file: the type is judged
#                                  first ("not relocatable object.")
#   make-repro.py relapast O OUT SECTION
#                                  O with the first relocation of SECTION
#                                  naming symbol 0x7fffffff, past the file
#   make-repro.py symtabtail O OUT O with .symtab's size 7 bytes short of
#                                  whole entries (libelf refuses it; modpost
#                                  reads the last entry whole)
#   make-repro.py compressed O OUT O with SHF_COMPRESSED set on .symtab and
#                                  .modinfo, which modpost does not look at
#   make-repro.py shnum64 O OUT EXTRA [bare]
#                                  O with e_shnum 0 and section 0's sh_size
#                                  EXTRA + the real count, or EXTRA alone
#                                  with "bare" (modpost keeps the low 32 bits)
#   make-repro.py shndxlink O OUT  O with .comment turned into a
#                                  SYMTAB_SHNDX section linked to section 0
#   make-repro.py shentsize O OUT N
#                                  O with e_shentsize N (modpost steps by its
#                                  own entry size)
#   make-repro.py twosymtabs O OUT O with .comment turned into a second,
#                                  empty symbol table before .symtab (modpost
#                                  keeps the last)
#   make-repro.py tablepast O OUT  O padded to whole pages, its section table
#                                  moved to 9 bytes before the end, and
#                                  e_shentsize 0 (which libelf is then told):
#                                  modpost rewrites entries past its mapping
#   make-repro.py symvers-nul IN OUT LINE
#                                  IN (a Module.symvers) with a NUL byte
#                                  after the first character of line LINE
import struct
import sys


def zstd(out):
    frame = bytes([0x28, 0xB5, 0x2F, 0xFD,  # magic
                   0xA0,                    # single segment, 4-byte content size
                   0xFF, 0xFF, 0xFF, 0xFF]) # content size: 4 GiB - 1
    header = (7 << 3) | 1                   # last block, raw, 7 bytes
    frame += bytes([header & 0xFF, (header >> 8) & 0xFF, header >> 16]) + b"\x7fELF\x02\x01\x01"
    assert len(frame) == 19
    open(out, "wb").write(frame)


def load_elf64(path):
    d = bytearray(open(path, "rb").read())
    assert d[:4] == b"\x7fELF" and d[4] == 2 and d[5] == 1, "a 64-bit little-endian ELF"
    return d


def sections(d):
    """Each section of a 64-bit little-endian ELF, by index: where its header
    is ("at"), its name, type, offset, size, link and entsize."""
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    shnum, shstrndx = struct.unpack_from("<HH", d, 0x3C)
    names = struct.unpack_from("<Q", d, shoff + shstrndx * 64 + 24)[0]
    out = []
    for i in range(shnum):
        o = shoff + i * 64
        name, typ = struct.unpack_from("<II", d, o)
        offset, size, link = struct.unpack_from("<QQI", d, o + 24)
        entsize = struct.unpack_from("<Q", d, o + 56)[0]
        at = names + name
        out.append(dict(at=o, name=bytes(d[at:d.index(b"\0", at)]).decode(), type=typ, offset=offset, size=size,
                        link=link, entsize=entsize))
    return out


def header_of(d, name):
    return next(s["at"] for s in sections(d) if s["name"] == name)


def badsym(ko, out):
    d = load_elf64(ko)
    for s in sections(d):
        if s["type"] == 2:  # SHT_SYMTAB
            struct.pack_into("<Q", d, s["at"] + 56, 100)
    open(out, "wb").write(d)


def strtab0(obj, out):
    d = load_elf64(obj)
    secs = sections(d)
    symtab = next(s for s in secs if s["type"] == 2)  # SHT_SYMTAB
    strtab = secs[symtab["link"]]
    for o in range(symtab["offset"], symtab["offset"] + symtab["size"], 24):
        st_name, st_info, _, st_shndx = struct.unpack_from("<IBBH", d, o)
        if st_shndx == 0 and st_info >> 4 == 1 and st_name != 0:  # SHN_UNDEF, STB_GLOBAL
            struct.pack_into("<I", d, o, 0)
            break
    else:
        raise SystemExit("no undefined global symbol")
    d[strtab["offset"]] = ord("Q")
    open(out, "wb").write(d)


def shoffsets(obj, out):
    d = load_elf64(obj)
    secs = sections(d)
    for s, value in ((secs[0], 1 << 40), (secs[-1], 1 << 41)):
        struct.pack_into("<Q", d, s["at"] + 24, value)
    open(out, "wb").write(d)


def relatail(obj, out):
    d = load_elf64(obj)
    rela = next(s for s in sections(d) if s["type"] == 4)  # SHT_RELA
    offset, size = rela["offset"], rela["size"]
    d[offset + size:offset + size + 24] = d[offset:offset + 24]
    struct.pack_into("<Q", d, rela["at"] + 32, size + 1)
    open(out, "wb").write(d)


def namepast(obj, out):
    d = load_elf64(obj)
    secs = sections(d)
    shstrndx = struct.unpack_from("<H", d, 0x3E)[0]
    names = secs[shstrndx]
    symtab = next(s for s in secs if s["type"] == 2)  # SHT_SYMTAB
    strtab = secs[symtab["link"]]
    at = names["offset"] + 1 - strtab["offset"]  # past the NUL at .shstrtab's start
    assert at >= strtab["size"], ".shstrtab must follow .strtab in the file"
    for o in range(symtab["offset"], symtab["offset"] + symtab["size"], 24):
        st_name, st_info, _, st_shndx = struct.unpack_from("<IBBH", d, o)
        if st_shndx == 0 and st_info >> 4 == 1 and st_name != 0:  # SHN_UNDEF, STB_GLOBAL
            struct.pack_into("<I", d, o, at)
            break
    open(out, "wb").write(d)


def notrel(obj, out):
    d = load_elf64(obj)
    struct.pack_into("<H", d, 16, 2)  # ET_EXEC
    struct.pack_into("<Q", d, 0x28, 1 << 40)
    open(out, "wb").write(d)


def relapast(obj, out, name):
    d = load_elf64(obj)
    offset = struct.unpack_from("<Q", d, header_of(d, name) + 24)[0]
    info = struct.unpack_from("<Q", d, offset + 8)[0]
    struct.pack_into("<Q", d, offset + 8, 0x7FFFFFFF << 32 | info & 0xFFFFFFFF)
    open(out, "wb").write(d)


def symtabtail(obj, out):
    d = load_elf64(obj)
    o = header_of(d, ".symtab")
    size = struct.unpack_from("<Q", d, o + 32)[0]
    struct.pack_into("<Q", d, o + 32, size - 7)
    open(out, "wb").write(d)


def compressed(obj, out):
    d = load_elf64(obj)
    for name in (".symtab", ".modinfo"):
        o = header_of(d, name)
        flags = struct.unpack_from("<Q", d, o + 8)[0]
        struct.pack_into("<Q", d, o + 8, flags | 0x800)  # SHF_COMPRESSED
    open(out, "wb").write(d)


def shnum64(obj, out, extra, bare=False):
    d = load_elf64(obj)
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    shnum = struct.unpack_from("<H", d, 0x3C)[0]
    struct.pack_into("<H", d, 0x3C, 0)
    struct.pack_into("<Q", d, shoff + 32, int(extra, 0) + (0 if bare else shnum))
    open(out, "wb").write(d)


def shndxlink(obj, out):
    d = load_elf64(obj)
    o = header_of(d, ".comment")
    struct.pack_into("<I", d, o + 4, 18)  # SHT_SYMTAB_SHNDX
    struct.pack_into("<I", d, o + 40, 0)  # sh_link
    open(out, "wb").write(d)


def shentsize(obj, out, size):
    d = load_elf64(obj)
    struct.pack_into("<H", d, 0x3A, int(size, 0))
    open(out, "wb").write(d)


def twosymtabs(obj, out):
    d = load_elf64(obj)
    comment = header_of(d, ".comment")
    assert comment < header_of(d, ".symtab"), ".comment comes before .symtab"
    strtab = next(i for i, s in enumerate(sections(d)) if s["name"] == ".strtab")
    struct.pack_into("<I", d, comment + 4, 2)  # SHT_SYMTAB
    struct.pack_into("<Q", d, comment + 32, 0)  # sh_size
    struct.pack_into("<I", d, comment + 40, strtab)  # sh_link
    struct.pack_into("<Q", d, comment + 56, 24)  # sh_entsize
    open(out, "wb").write(d)


def tablepast(obj, out):
    d = load_elf64(obj)
    d += bytes(-len(d) % 4096)
    struct.pack_into("<Q", d, 0x28, len(d) - 9)
    struct.pack_into("<H", d, 0x3A, 0)
    open(out, "wb").write(d)


def symvers_nul(path, out, line):
    lines = open(path, "rb").read().split(b"\n")
    n = int(line) - 1
    lines[n] = lines[n][:1] + b"\0" + lines[n][1:]
    open(out, "wb").write(b"\n".join(lines))


MODES = dict(zstd=zstd, strtab0=strtab0, shoffsets=shoffsets, relatail=relatail, namepast=namepast, notrel=notrel,
             relapast=relapast, symtabtail=symtabtail, compressed=compressed, shndxlink=shndxlink,
             shentsize=shentsize, twosymtabs=twosymtabs, tablepast=tablepast)
MODES["symvers-nul"] = symvers_nul
MODES["shnum64"] = lambda obj, out, extra, *rest: shnum64(obj, out, extra, list(rest) == ["bare"])
if sys.argv[1] in MODES:
    MODES[sys.argv[1]](*sys.argv[2:])
else:
    badsym(sys.argv[2], sys.argv[3])
