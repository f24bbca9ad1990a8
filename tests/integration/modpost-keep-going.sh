#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keep-going modpost (MODLINK_KEEP_GOING=1) on configure-style probes: 12
# tiny modules, each using one real export of bookworm's 6.1 kernel (GPL-only
# or not, in a namespace or not, or no export at all) under a license
# (GPL, CDDL, Proprietary), as OpenZFS's configure probes them. Oracle: Debian's
# 6.1 modpost run once per probe, as configure runs it today. One keep-going
# run over all the probes must: exit 0; print, for each probe, the lines
# upstream printed for it; give each probe the verdict upstream's exit status
# gives (modlink-verdicts.json beside the dump, its messages the same lines);
# and write a .mod.c exactly for the probes upstream passes, identical to
# upstream's. Without the variable nothing changes: the run fails as
# upstream's combined run does. Prints both timings.
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
use_set bookworm-amd64
real=$(dirname "$MODPOST")/modpost.real-lsb-64
[ -x "$real" ] || fail "no $real"
now() { date +%s%N; }
probes=(
	"gpl_rcu GPL __rcu_read_lock" "cddl_rcu CDDL __rcu_read_lock" "prop_rcu Proprietary __rcu_read_lock"
	"cddl_kmalloc CDDL __kmalloc" "gpl_kmalloc GPL __kmalloc" "cddl_dmabuf CDDL dma_buf_get"
	"gpl_dmabuf GPL dma_buf_get" "cddl_missing CDDL no_such_export_xyz" "gpl_workqueue GPL queue_work_on"
	"cddl_blkg CDDL blkg_tryget" "cddl_filemap CDDL filemap_fdatawrite" "prop_smt Proprietary sched_smt_present"
)
mkdir -p "$TMP/p"
cd "$TMP/p"
for p in "${probes[@]}"; do
	read -r name license sym <<<"$p"
	printf '.section .modinfo,"a"\n.asciz "license=%s"\n.text\n.globl %s_fn\n%s_fn: call %s\nret\n' \
		"$license" "$name" "$name" "$sym" | gcc -c -x assembler - -o "$name.o" || fail "assembler"
	echo "$name.o" >"$name.mod"
	: >".$name.o.cmd"
done
ls ./*.o | sed 's|^\./||' >all.list

# Upstream, one run per probe (configure's way).
t0=$(now)
for p in "${probes[@]}"; do
	read -r name _ <<<"$p"
	mkdir -p "../up/$name"
	cp "$name.o" "$name.mod" ".$name.o.cmd" "../up/$name/"
	echo "$name.o" >"../up/$name/list"
	rc=0
	(cd "../up/$name" && "$real" -m -e -i "$SYMVERS" -T list -o Module.symvers 2>err) || rc=$?
	echo "$rc" >"../up/$name/rc"
done
t1=$(now)

# modlink, one keep-going run.
cp -a . ../ml
rc=0
(cd ../ml && MODLINK_KEEP_GOING=1 "$MODLINK" -m -e -i "$SYMVERS" -T all.list -o Module.symvers 2>err) || rc=$?
t2=$(now)
[ "$rc" = 0 ] || { cat ../ml/err >&2; fail "keep-going run exited $rc"; }
v=../ml/modlink-verdicts.json
[ -f "$v" ] || fail "no modlink-verdicts.json"
[ "$(jq -r .completed "$v")" = true ] || fail "the run did not complete"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$v" || fail "modlink-verdicts.json does not match doc/schema/modlink.schema.json"
refused=0
for p in "${probes[@]}"; do
	read -r name _ <<<"$p"
	up=../up/$name
	want=ok
	[ "$(cat "$up/rc")" = 0 ] || want=refused
	got=$(jq -r --arg m "$name" '.modules[] | select(.module == $m) | .verdict' "$v")
	[ "$got" = "$want" ] || fail "$name: verdict $got, upstream's run says $want"
	jq -j --arg m "$name" '.modules[] | select(.module == $m) | .messages[].text' "$v" >"$TMP/$name.msgs"
	diff "$up/err" "$TMP/$name.msgs" >&2 || fail "$name: recorded messages differ from upstream's"
	grep -qxFf "$up/err" ../ml/err 2>/dev/null || [ ! -s "$up/err" ] || fail "$name: upstream's lines not printed"
	if [ $want = ok ]; then
		cmp -s "$up/$name.mod.c" "../ml/$name.mod.c" || fail "$name: .mod.c differs from upstream's"
	else
		refused=$((refused + 1))
		[ ! -e "../ml/$name.mod.c" ] || fail "$name: refused, yet a .mod.c was written"
	fi
done
[ "$refused" -ge 4 ] && [ "$refused" -le 9 ] || fail "$refused of ${#probes[@]} refused: the probes no longer test both sides"

# Without the variable: upstream's combined run.
cp -a . ../plain-ml && cp -a . ../plain-up
rc_up=0 rc_ml=0
(cd ../plain-up && "$real" -m -e -i "$SYMVERS" -T all.list -o Module.symvers 2>err) || rc_up=$?
(cd ../plain-ml && "$MODLINK" -m -e -i "$SYMVERS" -T all.list -o Module.symvers 2>err) || rc_ml=$?
[ "$rc_up" = "$rc_ml" ] && diff ../plain-up/err ../plain-ml/err >/dev/null || fail "without MODLINK_KEEP_GOING the run is not upstream's"
[ ! -e ../plain-ml/modlink-verdicts.json ] || fail "verdicts written without MODLINK_KEEP_GOING"
ms() { echo $((($2 - $1) / 1000000)); }
echo "keep-going: ${#probes[@]} probes, $refused refused, verdicts, messages and .mod.c as upstream's per-probe runs ($(ms "$t0" "$t1") ms for ${#probes[@]} upstream runs, $(ms "$t1" "$t2") ms for one keep-going run)"
own_era_only 6.1
