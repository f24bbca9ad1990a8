#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink audit --source --toolchain: our test modules (testdata/kmod, one
# source tree) over debian:bookworm, debian:trixie and debian:sid (the
# README's command) and debian:trixie-backports (7.3, whose packages apt
# must take from the NotAutomatic backports pocket), each built
# in a minimal root of its suite that modlink makes with debootstrap (once,
# in ~/.cache/modlink/toolchains) and where the suite's apt installed the
# kernel's headers package and with it its compiler.
# Oracles:
#  - each kernel's own Kbuild build: every test module built alone in that
#    root by `make -C HEADERS M=DIR modules`, Debian's gcc and the kernel's
#    own modpost (no modlink in it): each module's verdict and ERROR lines;
#  - the three-era source audit (tests/integration/audit-source.sh): the
#    same verdicts as with --root in scripts/make-chroot's chroots, whose
#    kernels Debian's apt installed, where the releases are the same.
# Also: the README's command runs as written; a second run makes no root
# again; the compiler each build used is CONFIG_CC_VERSION_TEXT's; the
# errors without root and with --toolchain misplaced.
# Heavy (three roots, about 0.6 GB each, 3-4 minutes the first time), so
# in scripts/test-full-modpost's tests/full/, not in the default command.
source "$REPO/tests/integration/lib.sh"
command -v debootstrap >/dev/null || fail "debootstrap is not installed (scripts/setup installs it)"
TOOLCHAINS=${XDG_CACHE_HOME:-$HOME/.cache}/modlink/toolchains
up=/modlink-toolchain-oracle
suites=(bookworm trixie sid trixie-backports)
roots=(bookworm trixie sid trixie)  # the root each suite's kernel builds in
trap 'rm -rf "$TMP"; for s in "${roots[@]}"; do rm -rf "${TOOLCHAINS:?}/$s-amd64$up"; done' EXIT

src=$TMP/src
kmod_source_tree "$src"

# The README's command, as written (continuation lines joined), run in the
# source directory as its `.` says; we are root already.
readme_cmd=$(awk '/^sudo modlink audit --source \. --kernel debian:bookworm/ { line = $0; while (line ~ /\\$/) { sub(/\\$/, "", line); getline more; line = line more } print line; exit }' "$REPO/README.md")
[ -n "$readme_cmd" ] || fail "no --toolchain command in the README"
case $readme_cmd in *--toolchain*) ;; *) fail "the README's command has no --toolchain: $readme_cmd" ;; esac
readme_cmd=${readme_cmd#sudo }
start=$SECONDS
rc=0
(cd "$src" && PATH=$(dirname "$MODLINK"):$PATH eval "$readme_cmd") >"$TMP/readme.txt" 2>"$TMP/readme.err" || rc=$?
first=$((SECONDS - start))
[ "$rc" = 1 ] || { cat "$TMP/readme.err" >&2; fail "the README's command exited $rc, want 1 (some test modules are refused)"; }
sed -n '1,/^$/p' "$TMP/readme.txt"
for s in bookworm trixie sid; do
	[ -f "$TOOLCHAINS/$s-amd64/.modlink-debootstrapped" ] || fail "no $s root in $TOOLCHAINS"
	stat -c %Y "$TOOLCHAINS/$s-amd64.debootstrap.log" >>"$TMP/made"
done

# The same audit as JSON with trixie-backports' 7.3 too (its headers
# installed in the trixie root: no new root), then again: nothing made or
# installed the second time.
rc=0
"$MODLINK" audit --source "$src" --kernel debian:bookworm --kernel debian:trixie --kernel debian:sid \
	--kernel debian:trixie-backports --toolchain --allow-expired-release -j 2 --format json >"$TMP/t.json" || rc=$?
[ "$rc" = 1 ] || fail "with trixie-backports: exit $rc"
stat -c %Y "$TOOLCHAINS"/*-amd64.apt.log >"$TMP/installed"
start=$SECONDS
rc=0
"$MODLINK" audit --source "$src" --kernel debian:bookworm --kernel debian:trixie --kernel debian:sid \
	--kernel debian:trixie-backports --toolchain --allow-expired-release -j 2 --format json >"$TMP/t2.json" || rc=$?
second=$((SECONDS - start))
[ "$rc" = 1 ] || fail "second run: exit $rc"
for s in bookworm trixie sid; do stat -c %Y "$TOOLCHAINS/$s-amd64.debootstrap.log"; done | cmp -s - "$TMP/made" ||
	fail "a root was made again"
stat -c %Y "$TOOLCHAINS"/*-amd64.apt.log | cmp -s - "$TMP/installed" || fail "the second run installed again"
cmp -s <(jq -S 'del(.kernels[].modules[].findings[].notes)' "$TMP/t.json") <(jq -S 'del(.kernels[].modules[].findings[].notes)' "$TMP/t2.json") ||
	fail "the second run's verdicts differ"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/t.json" || fail "the JSON does not match the schema"
# The README's table is this run's.
"$MODLINK" audit --source "$src" --kernel debian:bookworm --kernel debian:trixie --kernel debian:sid --toolchain \
	--allow-expired-release >"$TMP/again.txt" || true
diff <(sed -n '1,/^$/p' "$TMP/readme.txt") <(sed -n '1,/^$/p' "$TMP/again.txt") >&2 || fail "the README command's table differs from a second run's"
echo "the README's command: ${first} s; four kernels again: ${second} s (roots cached)"

# Each kernel's own Kbuild build in the same root, module by module.
in_root() { # ROOT CMD...: /proc and /dev mounted for CMD only (a private mount namespace)
	unshare --mount --propagation private bash -c 'mount --bind /proc "$0/proc" && mount --rbind /dev "$0/dev" &&
		exec chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"' "$@"
}
for k in 0 1 2 3; do
	s=${suites[$k]} R=$TOOLCHAINS/${roots[$k]}-amd64
	rel=$(jq -r ".kernels[$k].release" "$TMP/t.json")
	H=/usr/src/linux-headers-$rel
	[ -f "$R$H/Makefile" ] || fail "$s: no $H in its root"
	[ "$(jq -r ".kernels[$k].build_failed" "$TMP/t.json")" = false ] || fail "$s: build failed: $(jq -r ".kernels[$k].failure" "$TMP/t.json")"
	# The compiler: the one the kernel was built with, there in the root.
	cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\).*/\1/p' "$R$H/.config")
	[ "$(jq -r ".kernels[$k].compiler" "$TMP/t.json")" = "$cc" ] || fail "$s: built with $(jq -r ".kernels[$k].compiler" "$TMP/t.json"), the kernel with $cc"
	host_has=no
	command -v "$cc" >/dev/null && host_has=yes
	rm -rf "${R:?}$up"
	mkdir -p "$R$up"
	for c in "${cases[@]}"; do
		cp -a "$REPO/testdata/kmod/$c" "$R$up/$c"
		st=0
		in_root "$R" make -C "$H" M="$up/$c" modules >"$R$up/$c.out" 2>"$R$up/$c.err" || st=$?
		same_as_own_build "$s" "$TMP/t.json" "$k" "$c" "$st" "$R$up/$c.err" "$up/$c"
	done
	echo "$s $rel: ${#cases[@]} modules, every verdict and ERROR line as its own Kbuild build in the root; compiler $cc (on this machine: $host_has)"
done

# The three-era source audit's way: the same kernels in make-chroot's
# chroots (trixie, sid) with --root, bookworm's on this machine (its gcc-12
# is bookworm's); compared column by column where the release is the same.
column() { jq -r --argjson k "$2" '.modules[] | "\(.module) \(.verdicts[$k])"' "$1"; }
kernels=(--kernel debian:bookworm)
cols=(0) same=(bookworm)
for k in 1 2; do
	s=${suites[$k]}
	rel=$(jq -r ".kernels[$k].release" "$TMP/t.json")
	C=$("$REPO/scripts/make-chroot" "$s") || fail "cannot make the $s chroot"
	if [ -f "$C/usr/src/linux-headers-$rel/Makefile" ]; then
		kernels+=(--kernel "/usr/src/linux-headers-$rel" --root "$C")
		cols+=("$k") same+=("$s")
	else
		echo "($s: make-chroot's chroot has $(cd "$C/usr/src" && ls -d linux-headers-*-amd64 | paste -sd' '), not $rel: not compared)"
	fi
done
rc=0
"$MODLINK" audit --source "$src" "${kernels[@]}" --allow-expired-release -j 2 --format json >"$TMP/r.json" || rc=$?
[ "$rc" = 1 ] || fail "--root audit: exit $rc"
for i in "${!cols[@]}"; do
	diff <(column "$TMP/t.json" "${cols[$i]}") <(column "$TMP/r.json" "$i") >&2 ||
		fail "${same[$i]}: --toolchain's verdicts differ from the --root audit's"
done
echo "the same verdicts as the three-era audit's way (--root in make-chroot's chroots): ${same[*]}"
vma=$(jq -r '.modules[] | select(.module == "vma_flags/vma_flags") | .verdicts | join(" ")' "$TMP/t.json")
[ "$vma" = "ok ok error error" ] || fail "vma_flags: $vma, want ok ok error error (vm_flags_set() pulls __vma_start_write since 6.15)"
[ "$(jq -r '[.kernels[].era] | join(" ")' "$TMP/t.json")" = "6.1 6.12 7.2 7.3" ] || fail "eras: $(jq -r '[.kernels[].era] | join(" ")' "$TMP/t.json")"

# Errors: without root (a copy of modlink any user can run), and
# --toolchain where it means nothing. One line each, exit 2.
pub=$(mktemp -d /tmp/modlink-pub.XXXXXX)
trap 'rm -rf "$TMP" "$pub"; for s in "${roots[@]}"; do rm -rf "${TOOLCHAINS:?}/$s-amd64$up"; done' EXIT
chmod 755 "$pub"
cp "$MODLINK" "$pub/modlink"
cp -a "$src" "$pub/src"
chmod -R a+rX "$pub"
check_error() { # WANT-TEXT CMD...
	local want=$1 rc=0
	shift
	"$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" ||
		{ cat "$TMP/err" >&2; fail "$* : exit $rc, want 2 and one line with '$want'"; }
	echo "error: $(cat "$TMP/err")"
}
check_error "need root: run modlink as root" setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/nonexistent \
	"$pub/modlink" audit --source "$pub/src" --kernel debian:bookworm --toolchain
check_error "--toolchain goes with --source" "$MODLINK" audit --kernel debian:bookworm --toolchain "$pub/src"
check_error "none was given" "$MODLINK" audit --source "$src" --kernel "$TOOLCHAINS/bookworm-amd64/usr/src/linux-headers-$(jq -r '.kernels[0].release' "$TMP/t.json")" --toolchain
# Root's PATH after a plain `su` has no /usr/sbin (debootstrap, chroot).
env PATH=/usr/bin:/bin "$MODLINK" audit --source "$src/clean" --kernel debian:bookworm --toolchain >"$TMP/su.txt" 2>&1 ||
	{ cat "$TMP/su.txt" >&2; fail "--toolchain with PATH=/usr/bin:/bin"; }
echo "with PATH=/usr/bin:/bin (a plain su): $(tail -1 "$TMP/su.txt")"
check_error "not arm64" "$MODLINK" audit --source "$src" --kernel debian:bookworm/arm64 --toolchain
check_error "both name a root" "$MODLINK" audit --source "$src" --kernel debian:bookworm --root / --toolchain
