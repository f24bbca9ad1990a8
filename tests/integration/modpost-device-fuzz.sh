#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real modpost of each era and target on seeded random device
# tables (every type the era's file2alias knows, a fixed number of cases per type and
# target; tests/integration/device_fuzz.py says how and why): stderr, exit
# status and the .mod.c with its MODULE_ALIAS lines must be identical, save
# where the real program overruns its own alias buffer (then modlink must
# fail on the long alias; counted apart).
#
# Targets: MODPOST_FUZZ_TARGETS, default "x86_64 s390x" (amd64's
# modpost.real-lsb-64 and -msb-64, from the bookworm-amd64 set). i386 and
# armhf (their own modpost, sets bookworm-i386 and bookworm-armhf) and mips
# (32-bit big-endian: the i386 kbuild's modpost.real-msb-32) are slower and
# need more sets; scripts/test-full-modpost runs all five. The 6.12 era
# (MODPOST_FUZZ_ERAS, default every era of `modlink modpost --list-eras`) runs trixie's modpost through
# the trixie-amd64 set's loader shims, on x86_64 and s390x objects; 7.2
# sid's through the sid-amd64 set's (tables named
# __mod_device_table__kmod_t__<type>__t, mcb among the types).
# MODLINK_FUZZ_SEED changes the seed (default 1), MODLINK_FUZZ_CASES the
# cases per (type, target) (default 32). A difference prints the target, the
# type and the table's bytes, and how to replay it.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is not installed (scripts/setup installs it)"
targets=${MODPOST_FUZZ_TARGETS:-x86_64 s390x}
for t in $targets; do
	case $t in
	x86_64 | s390x) use_set bookworm-amd64 ;;
	i386 | mips) use_set bookworm-i386 ;;
	armhf) use_set bookworm-armhf ;;
	esac
done

for era in ${MODPOST_FUZZ_ERAS:-$("$MODLINK" modpost --list-eras)}; do
	era_targets=$targets
	case $era in
	6.1) ;;
	*)
		[ -n "${ERA_SET[$era]:-}" ] || fail "era $era has no oracle set in tests/integration/lib.sh"
		use_set "${ERA_SET[$era]}"
		era_targets=$(for t in $targets; do case $t in x86_64 | s390x) echo "$t" ;; esac; done | tr '\n' ' ')
		;;
	esac
	export MODLINK_ERA_LOG=$TMP/era-$era.log
	python3 "$REPO/tests/integration/device_fuzz.py" --cache "$CACHE" --modlink "$MODLINK" --work "$TMP/$era" \
		--era "$era" --targets "$era_targets" --seed "${MODLINK_FUZZ_SEED:-1}" --cases "${MODLINK_FUZZ_CASES:-32}" ||
		fail "modlink and the real $era modpost differ on device tables (targets: $era_targets; the first difference and how to replay it are above)"
	own_era_only "$era"
done
