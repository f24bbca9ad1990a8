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


def badsym(ko, out):
    d = bytearray(open(ko, "rb").read())
    assert d[:4] == b"\x7fELF" and d[4] == 2 and d[5] == 1, "a 64-bit little-endian ELF"
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", d, 0x3A)
    for i in range(shnum):
        o = shoff + i * shentsize
        if struct.unpack_from("<I", d, o + 4)[0] == 2:  # SHT_SYMTAB
            struct.pack_into("<Q", d, o + 56, 100)
    open(out, "wb").write(d)


def sections(d):
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", d, 0x3A)
    for i in range(shnum):
        o = shoff + i * shentsize
        name, typ = struct.unpack_from("<II", d, o)
        offset, size, link = struct.unpack_from("<QQI", d, o + 24)
        entsize = struct.unpack_from("<Q", d, o + 56)[0]
        yield dict(type=typ, offset=offset, size=size, link=link, entsize=entsize)


def strtab0(obj, out):
    d = bytearray(open(obj, "rb").read())
    assert d[:4] == b"\x7fELF" and d[4] == 2 and d[5] == 1, "a 64-bit little-endian ELF"
    secs = list(sections(d))
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
    d = bytearray(open(obj, "rb").read())
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    shnum = struct.unpack_from("<H", d, 0x3C)[0]
    for i, value in ((0, 1 << 40), (shnum - 1, 1 << 41)):
        struct.pack_into("<Q", d, shoff + i * 64 + 24, value)
    open(out, "wb").write(d)


def relatail(obj, out):
    d = bytearray(open(obj, "rb").read())
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    shnum = struct.unpack_from("<H", d, 0x3C)[0]
    for i in range(shnum):
        o = shoff + i * 64
        if struct.unpack_from("<I", d, o + 4)[0] == 4:  # SHT_RELA
            offset, size = struct.unpack_from("<QQ", d, o + 24)
            d[offset + size:offset + size + 24] = d[offset:offset + 24]
            struct.pack_into("<Q", d, o + 32, size + 1)
            break
    open(out, "wb").write(d)


def namepast(obj, out):
    d = bytearray(open(obj, "rb").read())
    secs = list(sections(d))
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


def symvers_nul(path, out, line):
    lines = open(path, "rb").read().split(b"\n")
    n = int(line) - 1
    lines[n] = lines[n][:1] + b"\0" + lines[n][1:]
    open(out, "wb").write(b"\n".join(lines))


if sys.argv[1] == "zstd":
    zstd(sys.argv[2])
elif sys.argv[1] == "strtab0":
    strtab0(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "shoffsets":
    shoffsets(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "relatail":
    relatail(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "namepast":
    namepast(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "symvers-nul":
    symvers_nul(sys.argv[2], sys.argv[3], sys.argv[4])
else:
    badsym(sys.argv[2], sys.argv[3])
