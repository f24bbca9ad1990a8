#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: each era's real modpost over every module of a Debian kernel,
# each final .ko linked (or, for 6.12's and 7.2's .ko.xz, decompressed) as
# <path>.o with an empty <path>.mod, run with that era's external-module flags:
# 6.1 `modpost -m -e -i Module.symvers -T list -o Module.symvers`, 6.12 the
# same with -M (trixie's kbuild runs it through the fetch's loader shim;
# modlink picks the 6.12 era from the -i dump's tree). 7.2 (sid-amd64) as
# sid's Makefile.modpost runs it for an M= build since 6.13: in the module
# directory, `modpost -M -o Module.symvers -T modules.order -i
# <headers>/Module.symvers -e` (sid's config: MODULES, no MODVERSIONS, no
# -E since SECTION_MISMATCH_WARN_ONLY=y); sid's modules have no
# .export_symbol, so the dump is empty, and the kernel's module:
# namespaces (kvm's exports for kvm-amd and kvm-intel) are allowed. Every
# .mod.c (vermagic lines, __versions, depends, MODULE_ALIAS from device
# tables), the dump, stderr (a .BTF warning per module) and the exit
# status must be identical. amd64, arm64 (Debian's wrapper runs the
# matching modpost.real for each) and big-endian s390x by default;
# MODPOST_TREE_SETS picks others, such as bookworm-i386 and bookworm-armhf,
# whose MODPOST is that architecture's own modpost build (amd64's has
# amd64's device-table struct sizes baked in and stops on i386 tables).
# Prints each program's wall time.
source "$(dirname "$0")/lib.sh"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
sets=(bookworm-amd64 bookworm-arm64 bookworm-s390x trixie-amd64 sid-amd64 trixie-bpo-amd64)
[ -n "${MODPOST_TREE_SETS:-}" ] && read -ra sets <<<"$MODPOST_TREE_SETS"
for set in "${sets[@]}"; do
	use_set "$set"
	[ -n "$MODULES" ] && [ -d "$MODULES" ] || fail "$set: no module tree"
	w=$TMP/$set
	mkdir -p "$w/real"
	# The list and the run's directory: the -T list beside the module tree
	# (6.1, 6.12), or modules.order inside it, run there (7.x).
	list=../list
	case $set in
	bookworm-*) era=6.1 flags=(-m -e -i "$SYMVERS" -T ../list -o Module.symvers) ;;
	trixie-bpo-*) era=7.3 flags=(-M -o Module.symvers -T modules.order -i "$SYMVERS" -e) list=modules.order ;;
	trixie-*) era=6.12 flags=(-M -m -e -i "$SYMVERS" -T ../list -o Module.symvers) ;;
	sid-*) era=7.2 flags=(-M -o Module.symvers -T modules.order -i "$SYMVERS" -e) list=modules.order ;;
	*) fail "$set: no modpost flags known for its era" ;;
	esac
	(cd "$MODULES" && find . -name '*.ko' -o -name '*.ko.xz' | sed 's|^\./||' | LC_ALL=C sort) >"$w/kos"
	while read -r ko; do
		o=$w/real/${ko%.ko*}.o
		mkdir -p "${o%/*}"
		case $ko in
		*.xz) xz -dc "$MODULES/$ko" >"$o" ;;
		*) ln -s "$MODULES/$ko" "$o" ;;
		esac
		: >"${o%.o}.mod"
	done <"$w/kos"
	sed 's/\.ko\(\.xz\)\{0,1\}$/.o/' "$w/kos" >"$w/real/$list"
	cp -a "$w/real" "$w/modlink"
	# "|| rc=$?": under set -e a failing run must still record its status.
	t0=$(now)
	(cd "$w/real" && rc=0 && { "$MODPOST" "${flags[@]}" 2>../real.err || rc=$?; } && echo $rc >../real.rc)
	t1=$(now)
	export MODLINK_ERA_LOG=$w/era.log
	(cd "$w/modlink" && rc=0 && { "$MODLINK" "${flags[@]}" 2>../modlink.err || rc=$?; } && echo $rc >../modlink.rc)
	own_era_only "$era"
	t2=$(now)
	n=$(wc -l <"$w/real/$list")
	diff -q "$w/real.rc" "$w/modlink.rc" >/dev/null || fail "$set: exit status $(cat "$w/modlink.rc"), real $(cat "$w/real.rc")"
	diff "$w/real.err" "$w/modlink.err" >"$w/err.diff" || { head -20 "$w/err.diff" >&2; fail "$set: stderr differs"; }
	diff -r "$w/real" "$w/modlink" >"$w/tree.diff" || { head -30 "$w/tree.diff" >&2; fail "$set: outputs differ"; }
	mods=$(find "$w/real" -name '*.mod.c' | wc -l)
	[ "$mods" = "$n" ] || fail "$set: $mods .mod.c files for $n modules"
	aliases=$(find "$w/real" -name '*.mod.c' -exec cat {} + | grep -c '^MODULE_ALIAS' || true)
	echo "$set: $n modules, $aliases aliases: every .mod.c, the dump, stderr and exit status identical (real $(secs "$t0" "$t1") s, modlink $(secs "$t1" "$t2") s)"
	rm -rf "$w"
done
