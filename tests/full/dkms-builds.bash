# SPDX-License-Identifier: MIT
# Sourced by tests/full/modpost-<era>-dkms.sh with DKMS_RELEASE (bookworm,
# trixie, sid), DKMS_HEADERS (a /usr/src glob) and DKMS_DEFAULT_PACKAGES set.
# Oracle: the release's own modpost in real out-of-tree builds of Debian's
# *-dkms packages, native in that release's chroot. Each package's source
# (/usr/src/<pkg>-<ver>) is copied to a build directory and built the way
# dkms builds it (dkms.conf sourced with dkms's variables, PRE_BUILD, then
# its MAKE[0] line or dkms's default make line), twice: with kbuild's modpost,
# then from a fresh copy with MODPOST=modlink in MAKEFLAGS and GNUMAKEFLAGS
# for the whole build, PRE_BUILD too, as the DKMS switch (dist/dkms/dkms)
# puts it there (make takes it as a command-line variable and hands it to
# every sub-make; an autoconf configure empties MAKEFLAGS, not GNUMAKEFLAGS):
# zfs's PRE_BUILD is its configure, whose Kbuild test builds (license probes
# of a CDDL module among them) each run modpost, and must have run the
# drop-in (more drop-in runs than the final build's). make's exit status, every
# *.mod.c and Module.symvers and the final .ko files (configure's test
# modules too), and the headers configure wrote from its probes
# (zfs_config.h) must be identical, and so must stdout and stderr: modpost's
# lines in order, the rest as the same lines in any order (make -j). Each
# drop-in run records its era (MODLINK_ERA_LOG): all must be modlink's own
# era of the headers, none a hand-over to the tree's modpost.
# DKMS_CHROOT_PACKAGES: more packages for the chroot, built by none (the
# backported headers: linux-headers-amd64/trixie-backports).
# DKMS_PACKAGES picks the packages (default below); at least ten must build
# with kbuild's modpost (DKMS_MIN_BUILT for a run of a few packages). Packages that do not build are listed, not failed.
source "$REPO/tests/integration/lib.sh"
packages=${DKMS_PACKAGES:-$DKMS_DEFAULT_PACKAGES}
CHROOT_RELEASE=$DKMS_RELEASE
# shellcheck disable=SC2086
CHROOT=$("$REPO/scripts/make-chroot" "$DKMS_RELEASE" dkms ${DKMS_CHROOT_PACKAGES:-} $packages) || fail "cannot make the $DKMS_RELEASE chroot with $packages"
use_chroot "$DKMS_RELEASE"
headers=$(cd "$CHROOT/usr/src" && ls -d $DKMS_HEADERS | sort -V | tail -1)
[ -n "$headers" ] || fail "no headers $DKMS_HEADERS in $CHROOT/usr/src"
rel=${headers#linux-headers-}
# The drop-in's era for these headers: 6.1, 6.12, 7.2, 7.3.
era=${DKMS_ERA:-$(echo "$rel" | cut -d. -f1,2)}
root=/modlink-dkms
rm -rf "${CHROOT:?}$root"
mkdir -p "$CHROOT$root"
trap 'rm -rf "$TMP"; rm -rf "${CHROOT:?}$root" "${CHROOT:?}/modlink-dkms-build.sh"' EXIT

# How dkms builds a package, in its build dir: source dkms.conf with dkms's
# variables set, run PRE_BUILD, then MAKE[0] (or dkms's default line), its
# leading make made `make -jN KERNELRELEASE=...` as dkms does. A make
# variable for every make the build runs ($4: MODPOST=...) goes in
# MAKEFLAGS and GNUMAKEFLAGS before PRE_BUILD, as the DKMS switch exports
# them for the whole dkms process, where make takes it as given on its
# command line: a MAKE line may be a shell command of its own (openafs:
# configure && make && mv), and PRE_BUILD may run make itself (zfs's
# configure, which empties MAKEFLAGS). $5: the drop-in's era log
# (MODLINK_ERA_LOG).
cat >"$CHROOT/modlink-dkms-build.sh" <<'SH'
#!/bin/bash
cd "$1" || exit 1
kernelver=$2 kernel_source_dir=/lib/modules/$2/build dkms_tree=$3 arch=x86_64 source_tree=/usr/src
. ./dkms.conf || exit 1
module=$PACKAGE_NAME module_version=$PACKAGE_VERSION
[ -n "$4" ] && export MAKEFLAGS="$4" GNUMAKEFLAGS="$4"
[ -n "$5" ] && export MODLINK_ERA_LOG="$5"
# dkms reads dkms.conf's values flattened to one line and read again as
# shell words (its safe_source), then evals the PRE_BUILD line in the build
# dir: zfs's spans lines and has --host="" when not cross-compiling.
if [ -n "$PRE_BUILD" ]; then
	# shellcheck disable=SC2086,SC2116
	flat=$(echo $PRE_BUILD)
	eval "PRE_BUILD=\"$flat\""
	eval "./$PRE_BUILD" || exit 1
fi
line=${MAKE[0]:-"make -C $kernel_source_dir M=$dkms_tree/$module/$module_version/build"}
line=${line/#make/make -j$(nproc) KERNELRELEASE=$kernelver}
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

built=0 refused=0 skipped=() runs=0 runs_before=0
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
		extra='' era_log=''
		[ $who = modlink ] && extra="MODPOST=/opt/modlink/modlink" era_log=$root/era.log
		st=0
		in_chroot /modlink-dkms-build.sh "$d" "$rel" "$root" "$extra" "$era_log" \
			>"$TMP/$module.$who.out" 2>"$TMP/$module.$who.err" </dev/null || st=$?
		echo "$st" >"$TMP/$module.$who.status"
		if [ $who = modlink ]; then runs_before=$runs runs=$( (cat "$CHROOT$root/era.log" 2>/dev/null || true) | wc -l); fi
		# A verbose build (V=1) echoes the modpost command: the program is the one thing swapped
		# (6.12's kbuild names it relative to the headers, 7.2's by its absolute path).
		sed -i 's|/opt/modlink/modlink |MODPOST |g; s|[^ ]*scripts/mod/modpost |MODPOST |g' "$TMP/$module.$who.out" "$TMP/$module.$who.err"
		mkdir -p "$TMP/$module.$who"
		(cd "$CHROOT$d" && find . \( -name '*.mod.c' -o -name Module.symvers -o -name '*.ko' -o -name zfs_config.h \) -print | LC_ALL=C sort) >"$TMP/$module.$who.files"
		(cd "$CHROOT$d" && xargs -r cp --parents -t "$TMP/$module.$who" <"$TMP/$module.$who.files")
	done
	if [ "$(cat "$TMP/$module.real.status")" != 0 ] && ! grep -q 'modpost' "$TMP/$module.real.out" "$TMP/$module.real.err"; then
		# The first error and the two lines after it (configure's message follows "configure: error:").
		first_error=$(cat "$TMP/$module.real.err" "$TMP/$module.real.out" | grep -m1 -A2 -i 'error' | tr -s ' \t\n' ' ' | cut -c1-200 || true)
		# Failing alike with the drop-in (configure's probes ran it too).
		diff "$TMP/$module.real.status" "$TMP/$module.modlink.status" >/dev/null ||
			fail "$pkg: make exited $(cat "$TMP/$module.modlink.status") with MODPOST=modlink, with kbuild's modpost $(cat "$TMP/$module.real.status") before modpost"
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
	# What configure concluded from its Kbuild probes (each with modpost),
	# which must have run the drop-in, not only the final build.
	while read -r h; do
		[ $((runs - runs_before)) -gt 1 ] ||
			fail "$pkg: $((runs - runs_before)) drop-in runs: configure's Kbuild probes did not run the drop-in"
		echo "  $pkg: configure's ${h#./} identical ($(grep -c '^#define' "$TMP/$module.real/$h") defines), $((runs - runs_before)) drop-in runs in the build"
	done < <(grep 'zfs_config\.h$' "$TMP/$module.real.files" || true)
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
MODLINK_ERA_LOG=$CHROOT$root/era.log own_era_only "$era"
echo "$built dkms packages ($refused refused by modpost) built with $DKMS_RELEASE's modpost ($headers) and with MODPOST=modlink: identical"
