#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential fuzz of device tables: the real 6.1 modpost against modlink.

For each target and each device-table type 6.1's file2alias knows, a module
object is assembled holding one table, __mod_<type>__t_device_table (7.2:
__mod_device_table__kmod_t__<type>__t), of seeded random entries, and both programs run on it the way Kbuild runs them
for an external module (`-m -e -w t.o`). Their stderr, exit status and
t.mod.c (which carries the MODULE_ALIAS lines) must be identical.

Why random bytes rather than real drivers' tables: real tables are mostly
well formed, so they leave untried what an alias format does with odd field
values (wildcards from zero fields, strings without a NUL, every bit of a
match_flags word, signed and unsigned widths), where clean-room formats go
wrong. Why the real program: the aliases are modpost's own behaviour, bugs
included; only the binary can say what it is.

Determinism: each case's bytes come from random.Random("SEED:TARGET:TYPE:N")
(a str seed goes through SHA-512, not Python's per-process string hash), so
a case is the same on every run, whatever other targets, types or case
counts are chosen.

One exception to "identical": where the real program overruns its own
buffer on an alias too long for it (see overrun()), modlink must fail on
the long alias instead; those cases are counted apart.

The entry size of each type is not written down here: it is asked of the
real modpost, whose "sizeof(struct X_device_id)=N is not a modulo" message
for a one-byte table names it (that probe is itself compared). 7.2's
message names no size ("type mismatch between t1[] and
MODULE_DEVICE_TABLE(...)"), so its probe is one object with all-zero tables
t1 .. t1024 of 1 .. 1024 bytes: the first one it does not complain about is
one entry. So the sizes are the target's, as the real program computes them.

Usage (as tests/integration/modpost-device-fuzz.sh runs it):
  device_fuzz.py --cache DIR --modlink BIN [--work DIR] [--targets "x86_64 s390x"]
                 [--seed S] [--cases N]
Replay one reported case:
  device_fuzz.py --cache DIR --modlink BIN --replay TARGET TYPE HEX
Record the real program's aliases for the unit tests (x86_64, the era's
types, cases that exit 0 with printable aliases), one JSON object a line:
  device_fuzz.py --cache DIR --modlink BIN --era E --cases N --record FILE
"""
import argparse
import concurrent.futures
import difflib
import os
import random
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

# Every device-table type of 6.1's file2alias.c (pnp_card included: its
# table is pnp's struct with a card id and eight device ids).
TYPES = '''hid ieee1394 pci ccw ap css serio acpi pcmcia vio input eisa parisc
sdio ssb bcma virtio vmbus rpmsg i2c i3c spi dmi platform mdio zorro isapnp
ipack amba mipscdmm x86cpu cpu mei rapidio ulpi hdaudio sdw fslmc tbsvc typec
tee wmi mhi mhi_ep auxiliary ssam dfl ishtp usb of pnp pnp_card'''.split()
# 6.12's file2alias.c adds these.
TYPES_612 = TYPES + 'slim cdx vchiq coreboot'.split()
# 7.2's adds mcb.
TYPES_72 = TYPES_612 + ['mcb']
# Per era: the device types, the extra modpost flags Kbuild passes, and
# the kernel set whose kbuild is the oracle for 64-bit targets.
ERAS = {
    '6.1': (TYPES, [], 'bookworm-amd64'),
    '6.12': (TYPES_612, ['-M'], 'trixie-amd64'),
    '7.2': (TYPES_72, ['-M'], 'sid-amd64'),
    '7.3': (TYPES_72, ['-M'], 'trixie-bpo-amd64'),
}
# Targets whose objects are big-endian.
BIG_ENDIAN = {'s390x', 'mips'}
# The eras whose tables are named __mod_device_table__kmod_<mod>__<type>__<name>.
MODULE_FIRST = {'7.2', '7.3'}


def table_symbol(era, table_type, name='t'):
    if era in MODULE_FIRST:
        return f'__mod_device_table__kmod_t__{table_type}__{name}'
    return f'__mod_{table_type}__{name}_device_table'


def read_env(cache, name):
    """A fetched kernel set's variables (scripts/fetch-kernels writes $CACHE/SET/env)."""
    path = os.path.join(cache, name, 'env')
    if not os.path.isfile(path):
        sys.exit(f'FAIL: kernel set {name} is not fetched (scripts/fetch-kernels {name})')
    env = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'([A-Z_]+)=(.*)$', line.strip())
            if m:
                env[m.group(1)] = m.group(2)
    return env


def targets(cache, era='6.1'):
    """Target name -> (assembler command, real modpost command), built lazily
    so that only the sets a run needs must be fetched."""
    def amd64(word):
        # Debian's amd64 kbuild ships modpost.real-{lsb,msb}-{32,64}: one
        # build per ELF class and byte order, all with amd64's struct
        # offsets (8-byte kernel_ulong_t), right for 64-bit targets only.
        # For 6.12, scripts/fetch-kernels' shims of the same names run them
        # under trixie's own loader.
        return os.path.join(os.path.dirname(read_env(cache, ERAS[era][2])['MODPOST']), word)

    def i386_msb32():
        # No Debian 6.1 kernel is 32-bit big-endian. The i386 kbuild's
        # modpost.real-msb-32 is a 32-bit build (4-byte kernel_ulong_t)
        # reading big-endian objects, run under the i386 set's own loader
        # and libraries as its modpost shim runs lsb-32. Its offsets are
        # i386's, but no 6.1 device id holds a u64 (the one type whose
        # alignment differs), so they are 32-bit MIPS's too: all 52 entry
        # sizes agree with armhf's own modpost.
        root = read_env(cache, 'bookworm-i386')['ROOT']
        lib = os.path.join(root, 'lib/i386-linux-gnu')
        return [os.path.join(lib, 'ld-linux.so.2'), '--library-path',
                lib + ':' + os.path.join(root, 'usr/lib/i386-linux-gnu'),
                os.path.join(root, 'usr/lib/linux-kbuild-6.1/scripts/mod/modpost.real-msb-32')]

    return {
        'x86_64': lambda: (['as', '--64'], [amd64('modpost.real-lsb-64')]),
        's390x': lambda: (['s390x-linux-gnu-as'], [amd64('modpost.real-msb-64')]),
        # 32-bit targets need a 32-bit build's offsets: their own
        # architecture's modpost (scripts/fetch-kernels' shims: i386's under
        # its loader, armhf's under qemu-arm).
        'i386': lambda: (['as', '--32'], [read_env(cache, 'bookworm-i386')['MODPOST']]),
        'armhf': lambda: (['arm-linux-gnueabihf-as'], [read_env(cache, 'bookworm-armhf')['MODPOST']]),
        'mips': lambda: (['mips-linux-gnu-as', '-32'], i386_msb32()),
    }


def assembly(table_type, data, era='6.1'):
    """A module object's source: a license and a description (else modpost
    warns about them) and the table as a global object of exactly len(data)
    bytes; a list of tables (the 7.2 size probe) is t1, t2, ..."""
    lines = ['.section .modinfo,"a"', '.asciz "license=GPL"', '.asciz "description=fuzz"', '.section .rodata,"a"']
    tables = [('t', data)] if isinstance(data, bytes) else [(f't{i + 1}', d) for i, d in enumerate(data)]
    for name, table in tables:
        sym = table_symbol(era, table_type, name)
        lines += ['.balign 8', f'.type {sym}, %object', f'.globl {sym}', f'{sym}:']
        for i in range(0, len(table), 16):
            lines.append('.byte ' + ','.join(str(b) for b in table[i:i + 16]))
        lines.append(f'.size {sym}, {len(table)}')
    return '\n'.join(lines) + '\n'


class Runner:
    """Assembles and runs one case at a time in its own directory."""

    def __init__(self, work, assembler, oracle, modlink, era='6.1'):
        self.work, self.assembler, self.oracle, self.modlink = work, assembler, oracle, modlink
        self.era = era
        self.flags = ERAS[era][1]
        # No kernel tree beside the case: the era is named outright.
        self.env = dict(os.environ, MODLINK_MODPOST_ERA=era)
        os.makedirs(work, exist_ok=True)
        # modpost reads t.mod (the module's object list) and fails without it.
        open(os.path.join(work, 't.mod'), 'w').close()

    def build(self, table_type, data):
        src = os.path.join(self.work, 't.s')
        with open(src, 'w') as f:
            f.write(assembly(table_type, data, self.era))
        subprocess.run(self.assembler + ['-o', os.path.join(self.work, 't.o'), src], check=True)

    def run(self, cmd):
        """(exit status, stderr, t.mod.c or None) of one modpost run. Run in
        the case's directory on a relative t.o so messages name "t"."""
        modc = os.path.join(self.work, 't.mod.c')
        if os.path.exists(modc):
            os.remove(modc)
        p = subprocess.run(cmd + self.flags + ['-m', '-e', '-w', 't.o'], cwd=self.work, capture_output=True,
                           env=self.env)
        out = None
        if os.path.exists(modc):
            with open(modc, encoding='latin-1') as f:
                out = f.read()
        return p.returncode, p.stderr.decode('latin-1'), out

    def both(self, table_type, data):
        self.build(table_type, data)
        return self.run(self.oracle), self.run([self.modlink, 'modpost'])


def random_byte(r, zero):
    """Bytes that hit the formats' interesting paths: zeros (a zero field is
    a wildcard or ends a string), 0xff (all flags, -1, maximal ids),
    characters that are printed as they are or escaped, and anything."""
    x = r.random()
    if x < zero:
        return 0
    x = (x - zero) / (1 - zero)
    if x < .25:
        return 0xff
    if x < .7:
        return r.choice(b'abcXYZ019-_,.* ')
    return r.randrange(256)


def random_entry(r, size, zero, earlier):
    """One entry. The layout is not known here, so the shapes are generic;
    bytes alone rarely make a whole field zero or all ones, which many
    formats need before they print anything (pci's class_mask, amba's
    masked-off bits, input's short bitmaps), nor a string of an exact
    length (wmi's 36-character GUID)."""
    mode = r.random()
    if mode < .4:
        return bytes(random_byte(r, zero) for _ in range(size))
    if mode < .7:
        # Aligned 4-byte words, each all zeros, all ones, or random bytes.
        out = bytearray()
        while len(out) < size:
            w = r.random()
            out += bytes(4) if w < zero else b'\xff' * 4 if w < zero + .15 else \
                bytes(random_byte(r, zero) for _ in range(4))
        return bytes(out[:size])
    if mode < .85:
        # Text: printable characters with NULs at a few random places, or
        # (a few times) none; or one string of a chosen length, 36 now and
        # then (UUID_STRING_LEN, the only length wmi accepts), the rest zeros.
        out = bytearray(r.choice(b'abcdefXYZ0123456789-_.: ') for _ in range(size))
        if r.random() < .5:
            for _ in range(r.randrange(0, 4)):
                out[r.randrange(size)] = 0
        else:
            n = 36 if r.random() < .3 else r.randrange(size + 1)
            out[n:] = bytes(max(size - n, 0))
        return bytes(out[:size])
    if earlier:
        # An earlier entry again, sometimes with a byte changed: repeats
        # (pnp_card drops device ids an earlier card listed) and near misses.
        out = bytearray(r.choice(earlier))
        if r.random() < .5:
            out[r.randrange(size)] = random_byte(r, zero)
        return bytes(out)
    return bytes(size - 1) + bytes([r.randrange(1, 256)])


def case_data(r, size):
    """1..7 random entries and the zero terminator; a few cases are meant to
    be fatal: a last entry that is not zeros (modpost dumps it and stops)."""
    zero = r.choice((.1, .35, .6, .9))
    entries = []
    for _ in range(r.randrange(1, 8)):
        entries.append(random_entry(r, size, zero, entries))
    data = b''.join(entries)
    if r.random() < .06:
        last = bytearray(size)
        last[r.randrange(size)] = r.randrange(1, 256)
        return data + bytes(last)
    return data + bytes(size)


PROBE_TABLES = 1024


def entry_size(err, era='6.1'):
    if era in MODULE_FIRST:
        # Of the zero tables t1..t1024, the first without a complaint.
        named = set(int(n) for n in re.findall(r'\bt(\d+)\[\]', err))
        return next((k for k in range(1, PROBE_TABLES + 1) if k not in named), None)
    # A one-byte table is not whole entries, unless the entry is one byte
    # (mipscdmm: one u8), when it is an unterminated table of one.
    m = re.search(r'sizeof\(struct \w+\)=(\d+)', err) or re.search(r'struct \w+ is (\d+) bytes', err)
    return int(m.group(1)) if m else None


def describe(target, table_type, data, a, b, label):
    """The reproducing input and where the outputs part."""
    out = [f'DIFFERENCE: target {target}, type {table_type}, {label}, a table of {len(data)} bytes:']
    if a[0] != b[0]:
        out.append(f'  exit status: real {a[0]}, modlink {b[0]}')
    for what, x, y in (('stderr', a[1], b[1]), ('t.mod.c', a[2] or '', b[2] or '')):
        if x != y:
            diff = list(difflib.unified_diff(x.splitlines(), y.splitlines(), 'real', 'modlink', n=0, lineterm=''))
            out.append(f'  {what} differs:')
            out += ['    ' + line for line in diff[:16]]
            if len(diff) > 16:
                out.append(f'    ... {len(diff) - 16} more lines')
    out.append('  the table: ' + data.hex())
    return '\n'.join(out)


# buf_printf's buffer: a MODULE_ALIAS line of this many bytes or more
# (newline included) does not fit.
BUF_SIZE = 500


def overrun(result):
    """Whether the real program ran into its own undefined behaviour on an
    alias too long for its buffers (input's bitmaps, of's strings that run
    on past their field): do_*_entry sprintf()s into a 500-byte alias, and
    buf_printf formats each line into a 500-byte tmp. Where the build's
    guards catch it, glibc aborts (_FORTIFY_SOURCE's sprintf check, the
    stack protector of the 32-bit builds). Where they do not, newer 6.1
    stable kernels (amd64's kbuild here) stop on "buf_printf output
    truncated", modlink's message on every target; older ones (the i386
    and armhf kbuilds) write out len bytes of the 500-byte tmp, whatever
    lies past it. Any other crash is not excused."""
    rc, err, modc = result
    if rc < 0 and re.search(r'\*\*\* (stack smashing|buffer overflow) detected \*\*\*', err):
        return True
    return modc is not None and any(
        line.startswith('MODULE_ALIAS(') and len(line) + 1 >= BUF_SIZE for line in modc.split('\n'))


def pci72_overran(data, big_endian):
    """Whether 7.2's do_pci_entry runs past its 256-byte alias buffer on this
    table. It does not clear the buffer after an unknown driver_override
    value, so the next entries' fields are appended to what is left there;
    past 256 bytes what the real program does depends on the bytes (glibc
    stops it, or its stack protector does, or it goes on and writes what it
    made): undefined, so such cases are counted apart, like overrun(), and
    modlink must stop on them. The struct: six u32 (vendor, device,
    subvendor, subdevice, class, class_mask), a kernel_ulong_t, the u32
    override_only at 32; 40 bytes on x86_64 and s390x."""
    size, fmt = 40, '>' if big_endian else '<'
    if len(data) % size or any(data[-size:]):
        return False  # an error of its own: no entry is looked at
    text = ''
    for off in range(0, len(data) - size, size):
        v, d, sv, sd, cls, mask = struct.unpack_from(fmt + '6I', data, off)
        (override,) = struct.unpack_from(fmt + 'I', data, off + 32)
        if override == 1:
            text = 'vfio_pci:'
        elif override == 0:
            text = 'pci:'
        for prefix, value in (('v', v), ('d', d), ('sv', sv), ('sd', sd)):
            text += prefix + ('*' if value == 0xffffffff else f'{value:08X}')
            if len(text) + 1 > 256:
                return True
        if any(m not in (0, 0xff) for m in (mask >> 16 & 0xff, mask >> 8 & 0xff, mask & 0xff)):
            continue
        for prefix, m, value in (('bc', mask >> 16 & 0xff, cls >> 16 & 0xff), ('sc', mask >> 8 & 0xff, cls >> 8 & 0xff),
                                 ('i', mask & 0xff, cls & 0xff)):
            text += prefix + (f'{value:02X}' if m == 0xff else '*')
        if len(text) + 1 > 256:
            return True
    return False


def long_alias_failure(result):
    """modlink's answer to such a case: fail on the long line (or, 7.2's pci
    buffer, on the alias that overflows it), write nothing."""
    rc, err, modc = result
    return rc > 0 and modc is None and ('buf_printf output truncated' in err or ': alias buffer overflow' in err)


def fuzz_type(target, table_type, tools, args):
    """The size probe, then args.cases cases of one (target, type).
    Returns (cases, aliases, fatal, overran, differences)."""
    runner = Runner(os.path.join(args.work, target, table_type), *tools, args.modlink, args.era)
    probe = [bytes(k) for k in range(1, PROBE_TABLES + 1)] if args.era in MODULE_FIRST else b'\1'
    a, b = runner.both(table_type, probe)
    size = entry_size(a[1], args.era)
    if size is None:
        return 0, 0, 0, 0, [(f'{target} {table_type}: the real modpost named no entry size for a one-byte '
                             f'table (exit {a[0]}): {a[1][:200]!r}', None)]
    diffs = []
    if a != b:
        shown = probe if isinstance(probe, bytes) else b''
        diffs.append((describe(target, table_type, shown, a, b, 'size probe'), (target, table_type, shown.hex() or '01')))
    aliases = fatal = overran = 0
    for i in range(args.cases):
        r = random.Random(f'{args.seed}:{target}:{table_type}:{i}')
        data = case_data(r, size)
        a, b = runner.both(table_type, data)
        label = f'case {i} of seed {args.seed}'
        if overrun(a) or (args.era in MODULE_FIRST and table_type == 'pci' and
                          pci72_overran(data, target in BIG_ENDIAN)):
            overran += 1
            if not long_alias_failure(b):
                diffs.append((describe(target, table_type, data, a, b, label + ' (the real modpost overran its '
                                       'alias buffer; modlink must fail on the long alias, writing no .mod.c)'),
                              (target, table_type, data.hex())))
            continue
        aliases += (a[2] or '').count('\nMODULE_ALIAS(')
        fatal += a[0] != 0
        if a != b:
            diffs.append((describe(target, table_type, data, a, b, label), (target, table_type, data.hex())))
    shutil.rmtree(runner.work)
    return args.cases, aliases, fatal, overran, diffs


def record(args, tools):
    """{"type", "hex", "aliases"} of the real program on x86_64, per case,
    for tests/unit/modpost_device_aliases_test.cpp."""
    import json
    lines = []
    for table_type in args.types.split():
        if table_type == 'pnp_card':
            continue  # table-wide, not one formatter per entry
        runner = Runner(os.path.join(args.work, 'record', table_type), *tools['x86_64'](), args.modlink, args.era)
        probe = [bytes(k) for k in range(1, PROBE_TABLES + 1)] if args.era in MODULE_FIRST else b'\1'
        runner.build(table_type, probe)
        size = entry_size(runner.run(runner.oracle)[1], args.era)
        for i in range(args.cases):
            data = case_data(random.Random(f'{args.seed}:x86_64:{table_type}:{i}'), size)
            runner.build(table_type, data)
            rc, _, modc = runner.run(runner.oracle)
            if rc != 0 or modc is None or overrun((rc, _, modc)):
                continue
            # An alias may hold any byte, a newline too: not line by line.
            aliases = re.findall(r'^MODULE_ALIAS\("(.*?)"\);\n', modc, re.M | re.S)
            if any(not all(0x20 <= ord(c) < 0x7f for c in a) for a in aliases):
                continue
            lines.append(json.dumps({'type': table_type, 'hex': data.hex(), 'aliases': aliases}))
    with open(args.record, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print(f'{len(lines)} cases recorded from the real {args.era} modpost into {args.record}')
    return 0


def replay(args, tools):
    target, table_type, hexdata = args.replay
    runner = Runner(os.path.join(args.work, 'replay'), *tools[target](), args.modlink, args.era)
    data = bytes.fromhex(hexdata)
    a, b = runner.both(table_type, data)
    print(f'real: exit {a[0]}\n{a[1]}{a[2] or ""}')
    print(f'modlink: exit {b[0]}\n{b[1]}{b[2] or ""}')
    if overrun(a) or (args.era in MODULE_FIRST and table_type == 'pci' and pci72_overran(data, target in BIG_ENDIAN)):
        ok = long_alias_failure(b)
        print('the real modpost overran its alias buffer; modlink ' +
              ('failed on the long alias, as it must' if ok else 'did not fail on the long alias'))
        return 0 if ok else 1
    if a != b:
        print(describe(target, table_type, data, a, b, 'replay'))
        return 1
    print('identical')
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--cache', required=True)
    p.add_argument('--modlink', required=True)
    p.add_argument('--work', help='scratch directory (default: a new one, removed afterwards)')
    p.add_argument('--targets', default='x86_64 s390x')
    p.add_argument('--era', default='6.1', choices=sorted(ERAS))
    p.add_argument('--types', help='device types (default: every type of the era)')
    p.add_argument('--seed', default='1')
    p.add_argument('--cases', type=int, default=32)
    p.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    p.add_argument('--replay', nargs=3, metavar=('TARGET', 'TYPE', 'HEX'))
    p.add_argument('--record', metavar='FILE')
    args = p.parse_args()
    if args.work is None:
        with tempfile.TemporaryDirectory() as work:
            args.work = work
            return run(args)
    return run(args)


def run(args):
    # Absolute: the programs run in each case's own directory.
    args.modlink, args.work = os.path.abspath(args.modlink), os.path.abspath(args.work)
    tools = targets(args.cache, args.era)
    if args.types is None:
        args.types = ' '.join(ERAS[args.era][0])
    if args.replay:
        return replay(args, tools)
    if args.record:
        return record(args, tools)
    names = args.targets.split()
    for t in names:
        if t not in tools:
            sys.exit(f'FAIL: unknown target {t} (known: {" ".join(tools)})')
    resolved = {t: tools[t]() for t in names}
    types = args.types.split()
    # One job per (target, type), each in its own directory; the programs
    # run as subprocesses, so threads keep every core busy.
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = {(t, tt): pool.submit(fuzz_type, t, tt, resolved[t], args) for t in names for tt in types}
        results = {k: f.result() for k, f in jobs.items()}
    diffs = []
    for t in names:
        rows = [results[(t, tt)] for tt in types]
        cases, aliases, fatal, overran = (sum(row[k] for row in rows) for k in range(4))
        bad = sum(len(row[4]) for row in rows)
        overran_note = f', {overran} where the real modpost overran its alias buffer' if overran else ''
        print(f'{t}: {len(types)} types x {args.cases} cases = {cases} cases (+{len(types)} size probes), '
              f'{aliases} aliases compared, {fatal} fatal cases{overran_note}, {bad} differences (seed {args.seed})')
        diffs += [d for row in rows for d in row[4]]
        if aliases == 0:
            diffs.append((f'{t}: no alias was compared; the test lost its point', None))
    if diffs:
        # The first difference last, nearest the end of a truncated log,
        # and last of all the command that replays it.
        for d in diffs[1:6]:
            print(d[0], file=sys.stderr)
        if len(diffs) > 6:
            print(f'... and {len(diffs) - 6} more differences', file=sys.stderr)
        text, replay_args = diffs[0]
        print(text, file=sys.stderr)
        if replay_args:
            print('replay it: ' + shlex.join([sys.executable, os.path.abspath(__file__), '--cache', args.cache,
                                              '--modlink', args.modlink, '--era', args.era, '--replay',
                                              *replay_args]), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
