#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the hostile inputs of issue #11 that are not assembled:
#   make-repro.py zstd OUT         a 19-byte .ko.zst whose frame header
#                                  declares 4 GiB (one raw 7-byte block)
#   make-repro.py badsym KO OUT    KO with its .symtab's sh_entsize set to 100,
#                                  which libdwfl rejects without saying why
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


if sys.argv[1] == "zstd":
    zstd(sys.argv[2])
else:
    badsym(sys.argv[2], sys.argv[3])
