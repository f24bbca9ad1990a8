#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The drop-in under faults: nothing is ever half-written.
# 1. A full disk (a small tmpfs the test mounts; objects are symlinks into
#    it, so only outputs take space): every .mod.c and the dump either
#    appears whole or not at all, an existing one stays as it was, no
#    temporary file is left, and the error line names the file (upstream's
#    "FILE: No space left on device", exit 1). check's report to a full
#    disk: one error line, exit 2.
# 2. Killed (SIGKILL) at 20 seeded points of a whole-kernel run (every
#    module of bookworm's 6.1 amd64 kernel as <path>.o): after each kill no
#    temporary file exists, every output present is whole, and the next
#    full run's outputs are identical to a clean run's.
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
[ "$(id -u)" = 0 ] || fail "needs root (mounts a tmpfs)"
use_set bookworm-amd64
mnt=$TMP/full
mkdir -p "$mnt"
mount -t tmpfs -o size=64k tmpfs "$mnt" || fail "cannot mount a tmpfs"
trap 'umount "$mnt" 2>/dev/null || true; rm -rf "$TMP"' EXIT

# Ten modules of the kernel (each final .ko as <name>.o, as in
# modpost-kernel-trees.sh): they link cleanly, so every output is written,
# and several export symbols, so the dump is not empty.
objs=()
while read -r o; do objs+=("$o"); done < <(find "$MODULES/kernel/fs" \( -path '*/fs/fat/*' -o -path '*/fs/nfs/*' -o -path '*/fs/lockd/*' -o -path '*/fs/jbd2/*' \
	-o -path '*/fs/9p/*' -o -path '*/fs/btrfs/*' \) -name '*.ko' | LC_ALL=C sort | head -n 10)
[ ${#objs[@]} = 10 ] || fail "too few modules in $MODULES/kernel/fs"
setup_tree() { # DIR: symlinked objects, empty .mod files, the list
	local dir=$1 o
	mkdir -p "$dir"
	: >"$dir/list"
	for o in "${objs[@]}"; do
		ln -sf "$o" "$dir/$(basename "$o" .ko).o"
		: >"$dir/$(basename "$o" .ko).mod"
		echo "$dir/$(basename "$o" .ko).o" >>"$dir/list"
	done
}
modpost() { "$MODLINK" -m -e -w -i "$SYMVERS" -T "$1/list" -o "$1/Module.symvers"; }
no_temporaries() { ! find "$1" -name '*.modlink-tmp.*' | grep -q .; }

# The reference, on a disk with room.
ref=$TMP/ref
setup_tree "$ref"
modpost "$ref" 2>"$TMP/ref.err" || true
n_modc=$(ls "$ref"/*.mod.c | wc -l)
[ "$n_modc" = 10 ] || fail "the reference run wrote $n_modc .mod.c files"
whole_or_absent() { # DIR: each output is the reference's or missing
	local f
	for f in "$ref"/*.mod.c "$ref/Module.symvers"; do
		[ -e "$1/$(basename "$f")" ] || continue
		cmp -s "$f" "$1/$(basename "$f")" || fail "$(basename "$f") is not whole"
	done
}

# 1a. Room for only part of the outputs.
setup_tree "$mnt/t"
rc=0
modpost "$mnt/t" 2>"$TMP/full.err" || rc=$?
[ "$rc" = 1 ] || fail "full disk: exit $rc, want 1"
grep -Eq "^$mnt/t/[^ ]*(\.mod\.c|Module\.symvers): No space left on device$" "$TMP/full.err" ||
	{ cat "$TMP/full.err" >&2; fail "full disk: the error does not name the file"; }
whole_or_absent "$mnt/t"
no_temporaries "$mnt" || fail "full disk: a temporary file was left"
written=$(ls "$mnt/t"/*.mod.c 2>/dev/null | wc -l)
echo "full disk, new files: $(tail -1 "$TMP/full.err" | sed "s|$mnt/t/||"); $written of $n_modc .mod.c written, each whole"

# 1b. An existing .mod.c that must be rewritten, on a disk that fills up:
#     the old one stays. (These modules export nothing to an external
#     build's dump, as upstream's run shows, so the .mod.c is the file.)
umount "$mnt"
mount -t tmpfs -o size=1m tmpfs "$mnt"
setup_tree "$mnt/t"
modpost "$mnt/t" 2>/dev/null || true
whole_or_absent "$mnt/t"
[ "$(ls "$mnt/t"/*.mod.c | wc -l)" = "$n_modc" ] || fail "the roomy run did not write every .mod.c"
victim=$(basename "$(ls "$mnt/t"/*.mod.c | head -1)")
echo "stale" >"$mnt/t/$victim"
dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
rc=0
modpost "$mnt/t" 2>"$TMP/full2.err" || rc=$?
[ "$rc" = 1 ] || fail "full disk, existing file: exit $rc, want 1"
grep -qx "$mnt/t/$victim: No space left on device" "$TMP/full2.err" ||
	{ cat "$TMP/full2.err" >&2; fail "full disk, existing file: the error does not name $victim"; }
[ "$(cat "$mnt/t/$victim")" = stale ] || fail "the old $victim was damaged"
no_temporaries "$mnt" || fail "full disk, existing file: a temporary file was left"
echo "full disk, existing file: the old $victim intact, the error names it"

# 1c. check's report to a full disk.
rc=0
"$MODLINK" check --kernel "$SYMVERS" --format json "${objs[@]}" >"$mnt/report.json" 2>"$TMP/check.err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$TMP/check.err")" = 1 ] && grep -q "^modlink: error: cannot write output: No space left on device" "$TMP/check.err" ||
	{ cat "$TMP/check.err" >&2; fail "check to a full disk: exit $rc"; }
echo "check to a full disk: one error line, exit 2"
umount "$mnt"

# 2. Killed at 20 seeded points of a whole-kernel run.
w=$TMP/kernel
mkdir -p "$w/tree"
(cd "$MODULES" && find . -name '*.ko' | sed 's|^\./||' | LC_ALL=C sort) >"$w/kos"
while read -r ko; do
	o=$w/tree/${ko%.ko}.o
	mkdir -p "${o%/*}"
	ln -s "$MODULES/$ko" "$o"
	: >"${o%.o}.mod"
done <"$w/kos"
sed 's/\.ko$/.o/' "$w/kos" >"$w/list"
cp -a "$w/tree" "$w/clean"
(cd "$w/clean" && "$MODLINK" -m -e -i "$SYMVERS" -T ../list -o Module.symvers 2>../clean.err) || true
start=$(date +%s%N)
(cd "$w/tree" && "$MODLINK" -m -e -i "$SYMVERS" -T ../list -o Module.symvers 2>/dev/null) || true
took_us=$((($(date +%s%N) - start) / 1000))
find "$w/tree" -name '*.mod.c' -delete
rm -f "$w/tree/Module.symvers"
RANDOM=11
killed=0
for i in $(seq 1 20); do
	delay_us=$((RANDOM % took_us))
	(cd "$w/tree" && exec "$MODLINK" -m -e -i "$SYMVERS" -T ../list -o Module.symvers 2>/dev/null) &
	pid=$!
	sleep "$(awk -v u="$delay_us" 'BEGIN { printf "%.6f", u / 1e6 }')"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null || true
	no_temporaries "$w/tree" || fail "kill $i (after ${delay_us} us): a temporary file was left"
	# Whatever is there is whole (a .mod.c is the clean run's bytes).
	while read -r f; do
		cmp -s "$f" "$w/clean/${f#"$w/tree/"}" || fail "kill $i: ${f#"$w/tree/"} is not whole"
	done < <(find "$w/tree" -name '*.mod.c')
	# Every other kill starts from nothing again, so kills land in first builds too.
	if [ $((i % 2)) = 0 ]; then find "$w/tree" -name '*.mod.c' -delete; rm -f "$w/tree/Module.symvers"; fi
done
(cd "$w/tree" && "$MODLINK" -m -e -i "$SYMVERS" -T ../list -o Module.symvers 2>../after.err) || true
diff -r "$w/clean" "$w/tree" >/dev/null || fail "the run after the kills differs from a clean run"
diff "$w/clean.err" "$w/after.err" >/dev/null || fail "the run after the kills printed other messages"
echo "killed $killed times at seeded points of a $((took_us / 1000)) ms whole-kernel run ($(wc -l <"$w/list") modules): no temporaries, every output whole, the next run identical to a clean one"
own_era_only 6.1
