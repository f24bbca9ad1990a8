# SPDX-License-Identifier: MIT
# Sourced by tests/full/modpost-<era>-dkms.sh with DKMS_RELEASE (trixie, sid),
# DKMS_HEADERS (a /usr/src glob) and DKMS_DEFAULT_PACKAGES set.
# Oracle: the release's own modpost in real out-of-tree builds of Debian's
# *-dkms packages, native in that release's chroot. Each package's source
# (/usr/src/<pkg>-<ver>) is copied to a build directory and built the way
# dkms builds it (dkms.conf sourced with dkms's variables, PRE_BUILD, then
# its MAKE[0] line or dkms's default make line), twice: with kbuild's modpost,
# then from a fresh copy with MODPOST=modlink in MAKEFLAGS (make takes it as
# a command-line variable and hands it to every sub-make). make's exit
# status, every *.mod.c and Module.symvers and the final .ko files must be
# identical, and so must stdout and stderr: modpost's lines in order, the
# rest as the same lines in any order (make -j).
# DKMS_PACKAGES picks the packages (default below); at least ten must build
# with kbuild's modpost (DKMS_MIN_BUILT for a run of a few packages). Packages that do not build are listed, not failed.
source "$REPO/tests/integration/lib.sh"
packages=${DKMS_PACKAGES:-$DKMS_DEFAULT_PACKAGES}
CHROOT_RELEASE=$DKMS_RELEASE
# shellcheck disable=SC2086
CHROOT=$("$REPO/scripts/make-chroot" "$DKMS_RELEASE" dkms $packages) || fail "cannot make the $DKMS_RELEASE chroot with $packages"
use_chroot "$DKMS_RELEASE"
headers=$(cd "$CHROOT/usr/src" && ls -d $DKMS_HEADERS | sort -V | tail -1)
[ -n "$headers" ] || fail "no headers $DKMS_HEADERS in $CHROOT/usr/src"
rel=${headers#linux-headers-}
root=/modlink-dkms
rm -rf "${CHROOT:?}$root"
mkdir -p "$CHROOT$root"
trap 'rm -rf "$TMP"; rm -rf "${CHROOT:?}$root" "${CHROOT:?}/modlink-dkms-build.sh"' EXIT

# How dkms builds a package, in its build dir: source dkms.conf with dkms's
# variables set, run PRE_BUILD, then MAKE[0] (or dkms's default line). A
# make variable for every make the build runs ($4: MODPOST=...) goes in
# MAKEFLAGS, where make takes it as given on its command line: a MAKE line
# may be a shell command of its own (openafs: configure && make && mv).
cat >"$CHROOT/modlink-dkms-build.sh" <<'SH'
#!/bin/bash
cd "$1" || exit 1
kernelver=$2 kernel_source_dir=/lib/modules/$2/build dkms_tree=$3 arch=x86_64 source_tree=/usr/src
. ./dkms.conf || exit 1
module=$PACKAGE_NAME module_version=$PACKAGE_VERSION
if [ -n "$PRE_BUILD" ]; then ./$PRE_BUILD || exit 1; fi
line=${MAKE[0]:-"make -j$(nproc) KERNELRELEASE=$kernelver -C $kernel_source_dir M=$dkms_tree/$module/$module_version/build"}
[ -n "$4" ] && export MAKEFLAGS="$4"
eval "$line"
SH
chmod +x "$CHROOT/modlink-dkms-build.sh"

# same_output A B: make's output of the two builds. modpost's own lines (its
# messages and kbuild's MODPOST steps) in the same order; every other line
# the same number of times, in any order (make -j orders them differently
# from run to run).
same_output() {
	local a=$1 b=$2 pat='modpost|MODPOST'
	diff <(grep -E "$pat" "$a") <(grep -E "$pat" "$b") >"$TMP/diff" || { head -20 "$TMP/diff" >&2; return 1; }
	diff <(LC_ALL=C sort "$a") <(LC_ALL=C sort "$b") >"$TMP/diff" || { head -20 "$TMP/diff" >&2; return 1; }
}

built=0 refused=0 skipped=()
for pkg in $packages; do
	# The package's source tree: the /usr/src/<dir>/dkms.conf it installed.
	src=$(grep -m1 '^/usr/src/[^/]*/dkms.conf$' "$CHROOT/var/lib/dpkg/info/$pkg.list" 2>/dev/null | cut -d/ -f4 || true)
	[ -n "$src" ] || { skipped+=("$pkg (installs no /usr/src/*/dkms.conf)"); continue; }
	conf=$CHROOT/usr/src/$src/dkms.conf
	module=$(sed -n 's/^PACKAGE_NAME=//p' "$conf" | tr -d "\"'" | head -1)
	ver=$(sed -n 's/^PACKAGE_VERSION=//p' "$conf" | tr -d "\"'" | head -1)
	[ -n "$module" ] && [ -n "$ver" ] || { skipped+=("$pkg (no PACKAGE_NAME/PACKAGE_VERSION in dkms.conf)"); continue; }
	for who in real modlink; do
		d=$root/$module/$ver/build
		rm -rf "${CHROOT:?}$root/$module"
		mkdir -p "$CHROOT$root/$module/$ver"
		cp -a "$CHROOT/usr/src/$src" "$CHROOT$d"
		extra=
		[ $who = modlink ] && extra="MODPOST=/opt/modlink/modlink"
		st=0
		in_chroot /modlink-dkms-build.sh "$d" "$rel" "$root" "$extra" \
			>"$TMP/$module.$who.out" 2>"$TMP/$module.$who.err" </dev/null || st=$?
		echo "$st" >"$TMP/$module.$who.status"
		# A verbose build (V=1) echoes the modpost command: the program is the one thing swapped
		# (6.12's kbuild names it relative to the headers, 7.2's by its absolute path).
		sed -i 's|/opt/modlink/modlink |MODPOST |g; s|[^ ]*scripts/mod/modpost |MODPOST |g' "$TMP/$module.$who.out" "$TMP/$module.$who.err"
		mkdir -p "$TMP/$module.$who"
		(cd "$CHROOT$d" && find . \( -name '*.mod.c' -o -name Module.symvers -o -name '*.ko' \) -print | LC_ALL=C sort) >"$TMP/$module.$who.files"
		(cd "$CHROOT$d" && xargs -r cp --parents -t "$TMP/$module.$who" <"$TMP/$module.$who.files")
	done
	if [ "$(cat "$TMP/$module.real.status")" != 0 ] && ! grep -q 'modpost' "$TMP/$module.real.out" "$TMP/$module.real.err"; then
		first_error=$(grep -m1 -i 'error' "$TMP/$module.real.err" "$TMP/$module.real.out" | cut -c1-160 || true)
		skipped+=("$pkg (fails before modpost with kbuild's own modpost too: ${first_error:-exit $(cat "$TMP/$module.real.status")})")
		continue
	fi
	diff "$TMP/$module.real.status" "$TMP/$module.modlink.status" >/dev/null ||
		fail "$pkg: make exited $(cat "$TMP/$module.modlink.status"), with kbuild's modpost $(cat "$TMP/$module.real.status")"
	same_output "$TMP/$module.real.err" "$TMP/$module.modlink.err" || fail "$pkg: stderr differs"
	same_output "$TMP/$module.real.out" "$TMP/$module.modlink.out" || fail "$pkg: stdout differs"
	diff "$TMP/$module.real.files" "$TMP/$module.modlink.files" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "$pkg: not the same files"; }
	diff -r "$TMP/$module.real" "$TMP/$module.modlink" >"$TMP/diff" || { head -20 "$TMP/diff" >&2; fail "$pkg: outputs differ"; }
	echo "$pkg $ver: make exit $(cat "$TMP/$module.real.status"), $(wc -l <"$TMP/$module.real.files") files ($(grep -c '\.ko$' "$TMP/$module.real.files") .ko), identical"
	built=$((built + 1))
	if [ "$(cat "$TMP/$module.real.status")" != 0 ]; then
		refused=$((refused + 1))
		grep -m2 'modpost: ' "$TMP/$module.real.err" | sed "s/^/  $pkg refused: /"
	fi
done
for s in "${skipped[@]}"; do echo "skipped: $s"; done
[ "$built" -ge "${DKMS_MIN_BUILT:-10}" ] ||
	fail "only $built dkms packages built and compared (at least ${DKMS_MIN_BUILT:-10} wanted)"
[ "$refused" -ge "${DKMS_MIN_REFUSED:-0}" ] || fail "$refused packages refused by modpost (at least ${DKMS_MIN_REFUSED} wanted)"
echo "$built dkms packages ($refused refused by modpost) built with $DKMS_RELEASE's modpost ($headers) and with MODPOST=modlink: identical"
