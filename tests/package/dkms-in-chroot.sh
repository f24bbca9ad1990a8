#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs inside the bookworm chroot, with the modlink package installed
# (tests/package/deb-in-chroot.sh): dkms-in-chroot.sh RELEASE WORKDIR PKG...
# Each real *-dkms package, and our own modlink-gpl-inline package (the
# README's example: "Proprietary", GPL-only symbols through header inlines),
# is built by dkms itself twice: switch off (the kernel's modpost), then on
# (modlink-dkms enable). Required: the same build status; the same .ko
# files; make.log the same lines once modlink's "  note:" lines are taken
# out (modpost's in the same order; make -j orders the rest as it likes),
# and for the refused package the notes hold the inline chain with its
# header line. At least three real packages must build; the clean ones are
# then installed with the switch on.
set -uo pipefail
rel=$1 work=$2
shift 2
fail() { echo "FAIL: $*" >&2; modlink-dkms disable --quiet; exit 1; }
out=$work/dkms
rm -rf "$out"
mkdir -p "$out"

# Our refused package, as a vendor would ship it.
src=/usr/src/modlink-gpl-inline-1.0
rm -rf "$src"
mkdir -p "$src"
cp "$work/gpl_inline_src"/* "$src/"
cat >"$src/dkms.conf" <<'CONF'
PACKAGE_NAME="modlink-gpl-inline"
PACKAGE_VERSION="1.0"
BUILT_MODULE_NAME[0]="gpl_inline"
DEST_MODULE_LOCATION[0]="/updates/dkms"
AUTOINSTALL="yes"
CONF
dkms remove modlink-gpl-inline/1.0 --all >/dev/null 2>&1
dkms add modlink-gpl-inline/1.0 >/dev/null || fail "dkms add modlink-gpl-inline"

# name/version of each package's dkms module, from the dkms.conf it installed.
mods=(modlink-gpl-inline/1.0) skipped=()
for pkg in "$@"; do
	conf=$(grep -m1 '^/usr/src/[^/]*/dkms.conf$' "/var/lib/dpkg/info/$pkg.list" 2>/dev/null)
	[ -n "$conf" ] || { skipped+=("$pkg (no dkms.conf)"); continue; }
	name=$(sed -n 's/^PACKAGE_NAME=//p' "$conf" | tr -d "\"'" | head -1)
	ver=$(sed -n 's/^PACKAGE_VERSION=//p' "$conf" | tr -d "\"'" | head -1)
	dkms status "$name/$ver" | grep -q . || dkms add "$name/$ver" >/dev/null || { skipped+=("$pkg (dkms add failed)"); continue; }
	mods+=("$name/$ver")
done

built=0 refused=0
for mv in "${mods[@]}"; do
	name=${mv%/*} ver=${mv#*/}
	for who in off on; do
		modlink-dkms "$( [ $who = on ] && echo enable || echo disable)" --quiet || fail "modlink-dkms $who"
		# Forget the last build (a remove of the last kernel drops the module
		# from dkms's tree: add it back).
		dkms remove "$mv" -k "$rel" >/dev/null 2>&1
		dkms status "$mv" | grep -q . || dkms add "$mv" >/dev/null || fail "dkms add $mv"
		st=0
		dkms build "$mv" -k "$rel" >"$out/$name.$who.dkms" 2>&1 || st=$?
		echo $st >"$out/$name.$who.status"
		# make.log without its date line (the second): dkms keeps a good
		# build's under <kernel>/<arch>/log/, a failed one's in build/.
		log=$(ls /var/lib/dkms/"$name/$ver/$rel"/*/log/make.log 2>/dev/null | head -1)
		[ -n "$log" ] || log=/var/lib/dkms/$name/$ver/build/make.log
		[ -s "$log" ] || fail "$mv: dkms left no make.log"
		# (dkms 3.2, trixie's, also ends it with the build's elapsed time.)
		sed -e '2d' -e '/^# elapsed time: /d' "$log" >"$out/$name.$who.log"
		mkdir -p "$out/$who/$name"
		cp /var/lib/dkms/"$name/$ver/$rel"/*/module/*.ko* "$out/$who/$name/" 2>/dev/null
	done
	cmp -s "$out/$name.off.status" "$out/$name.on.status" ||
		fail "$mv: dkms build exits $(cat "$out/$name.on.status") with modlink, $(cat "$out/$name.off.status") without"
	# make -j interleaves its jobs' lines differently from run to run, and a
	# racy Makefile may run a recipe twice (sid's gost-crypto compiles
	# testmgr.o once or twice): the logs must hold the same distinct lines,
	# and modpost's own the same lines in the same order.
	{ grep -v '^  note: ' "$out/$name.on.log" || true; } | sort -u | diff <(sort -u "$out/$name.off.log") - >"$out/$name.diff" ||
		{ head -20 "$out/$name.diff" >&2; fail "$mv: make.log differs beyond modlink's notes"; }
	diff <(grep -E '^(ERROR|WARNING): modpost: ' "$out/$name.off.log") <(grep -E '^(ERROR|WARNING): modpost: ' "$out/$name.on.log") >&2 ||
		fail "$mv: modpost's lines in make.log differ or come in another order"
	diff -r "$out/off/$name" "$out/on/$name" >/dev/null || fail "$mv: the built modules differ"
	if [ "$(cat "$out/$name.off.status")" = 0 ]; then
		[ "$name" = modlink-gpl-inline ] && fail "$mv built; it should be refused"
		built=$((built + 1))
		echo "  $mv: builds; the same $(ls "$out/on/$name" | wc -l) module(s) with modlink"
	else
		[ "$name" = modlink-gpl-inline ] || { skipped+=("$mv (does not build with the kernel's modpost either)"); continue; }
		grep -Eq "^ERROR: modpost: (GPL-incompatible module gpl_inline.ko|gpl_inline.ko: GPL-incompatible module) uses GPL-only symbol '__rcu_read_lock'" "$out/$name.on.log" ||
			fail "$mv: upstream's error line is not in make.log"
		grep -q "^  note: pulled in by kernel inline \`rcu_read_lock()\` (include/linux/rcupdate.h:[0-9]*) used at .*gpl_inline.c:[0-9]*" "$out/$name.on.log" ||
			fail "$mv: make.log has no explanation"
		refused=1
		echo "  $mv: refused as upstream refuses it; make.log explains:"
		grep -A3 "GPL-only symbol '__rcu_read_lock'" "$out/$name.on.log" | sed 's/^/      /'
	fi
done
[ "$refused" = 1 ] || fail "the refused package was not checked"
[ "$built" -ge 3 ] || fail "only $built real packages build"
for s in "${skipped[@]}"; do echo "  skipped: $s"; done

# With the switch on, the clean ones install as dkms installs them.
modlink-dkms enable --quiet
for mv in "${mods[@]}"; do
	name=${mv%/*}
	[ "$(cat "$out/$name.on.status")" = 0 ] || continue
	dkms install "$mv" -k "$rel" >"$out/$name.install" 2>&1 || { cat "$out/$name.install" >&2; fail "$mv: dkms install"; }
	for ko in "$out/on/$name"/*; do
		f=$(find "/lib/modules/$rel/updates/dkms" -name "$(basename "$ko")" | head -1)
		[ -n "$f" ] && cmp -s "$f" "$ko" || fail "$mv: $(basename "$ko") not installed as built"
	done
done
modlink-dkms status | grep -q '^on:' || fail "modlink-dkms status"
modlink-dkms disable --quiet
modlink-dkms status | grep -q '^off:' || fail "modlink-dkms disable"
[ ! -L /usr/sbin/dkms ] || fail "dkms still diverted"
echo "DKMS: $built real packages and the refused one, identical with modlink-dkms on; the clean ones installed"
