# SPDX-License-Identifier: MIT
# Sourced by tests/full/modpost-*-intree.sh with INTREE (a scripts/build-intree
# name: 6.12, 7.2, 7.2-llvm), INTREE_RELEASE (its chroot) and INTREE_FLAGS (the
# options kbuild's modpost line must hold, e.g. "-t -x -b").
# Oracle: the in-tree kernel's own modpost on a small kernel built from the
# release's linux-source in its chroot (scripts/build-intree: tinyconfig plus
# MODULES, MODVERSIONS, MODULE_SRCVERSION_ALL, trimming where the config
# allows it, and a few drivers as modules). Both programs run in the tree
# with the command Kbuild ran (its savedcmd in .Module.symvers.cmd: vmlinux.o
# and every module), then with a -u white list of exports to keep, and as a
# vmlinux-only pass; stderr, exit status, every .mod.c, .vmlinux.export.c and
# the symbol dump must be identical.
source "$REPO/tests/integration/lib.sh"
CHROOT_RELEASE=$INTREE_RELEASE
tree=$("$REPO/scripts/build-intree" "$INTREE") || fail "the in-tree $INTREE kernel did not build"
use_chroot "$INTREE_RELEASE"
k=/intree-$INTREE
cmd=$(sed -n 's/^savedcmd_Module.symvers := *//p' "$CHROOT$k/.Module.symvers.cmd")
[ -n "$cmd" ] || fail "no savedcmd_Module.symvers in $k/.Module.symvers.cmd"
# 6.12 names the program scripts/mod/modpost, 7.2 ./scripts/mod/modpost.
read -ra args <<<"${cmd#*scripts/mod/modpost }"
for flag in $INTREE_FLAGS; do
	printf '%s\n' "${args[@]}" | grep -qx -- "$flag" || fail "kbuild's modpost line has no $flag ($cmd)"
done
# Exports nothing in the tree uses, to keep with -u.
awk -F'\t' '{print $2}' "$CHROOT$k/Module.symvers" >"$TMP/kept"
kept=$(grep -c . "$TMP/kept")
printf '%s\n' pci_enable_device dev_get_by_name nonexistent_symbol >"$CHROOT$k/modlink-whitelist"

outputs() { (cd "$CHROOT$k" && find . \( -name '*.mod.c' -o -name .vmlinux.export.c -o -name '*.symvers' -o -name Module.symvers.modlink-test \) \
	-newer "$CHROOT$k/.modlink-stamp" -print | LC_ALL=C sort); }
run_both() { # LABEL ARGS...
	local label=$1 who rc
	shift
	for who in real modlink; do
		(cd "$CHROOT$k" && find . -name '*.mod.c' -delete && rm -f .vmlinux.export.c vmlinux.symvers Module.symvers.modlink-test)
		touch "$CHROOT$k/.modlink-stamp"
		sleep 1
		local prog=scripts/mod/modpost
		[ $who = modlink ] && prog=/opt/modlink/modlink
		rc=0
		in_chroot sh -c "cd $k && $prog $*" 2>"$TMP/$who.err" || rc=$?
		echo "$rc" >"$TMP/$who.rc"
		rm -rf "$TMP/$who"
		mkdir -p "$TMP/$who"
		outputs >"$TMP/$who.files"
		(cd "$CHROOT$k" && xargs -r cp --parents -t "$TMP/$who" <"$TMP/$who.files")
	done
	diff "$TMP/real.rc" "$TMP/modlink.rc" >/dev/null || fail "$label: exit $(cat "$TMP/modlink.rc"), real $(cat "$TMP/real.rc")"
	diff "$TMP/real.err" "$TMP/modlink.err" >&2 || fail "$label: stderr differs"
	diff "$TMP/real.files" "$TMP/modlink.files" >&2 || fail "$label: not the same files written"
	diff -r "$TMP/real" "$TMP/modlink" >"$TMP/diff" || { head -30 "$TMP/diff" >&2; fail "$label: outputs differ"; }
	echo "$label: $(grep -c '\.mod\.c$' "$TMP/real.files") .mod.c, $(cat "$TMP"/real/*.symvers "$TMP"/real/Module.symvers.modlink-test 2>/dev/null | wc -l) dump lines, $(wc -l <"$TMP/real.err") lines of messages, exit $(cat "$TMP/real.rc"): identical"
}
# The dump goes to a scratch name, so Kbuild's own Module.symvers stays.
swap_output() { local a=() x prev=; for x in "$@"; do [ "$prev" = -o ] && x=Module.symvers.modlink-test; a+=("$x"); prev=$x; done; echo "${a[*]}"; }
# shellcheck disable=SC2046
run_both "kbuild's line ($cmd)" $(swap_output "${args[@]}")
# shellcheck disable=SC2046
run_both "with -u" $(swap_output "${args[@]}") -u modlink-whitelist
run_both "vmlinux only" ${INTREE_VMLINUX_ARGS:--M -m -a} -o vmlinux.symvers vmlinux.o
grep -q KSYMTAB "$TMP/real/.vmlinux.export.c" || fail "no KSYMTAB lines in .vmlinux.export.c: the test lost its point"
rm -f "$CHROOT$k/modlink-whitelist" "$CHROOT$k/.modlink-stamp" "$CHROOT$k/Module.symvers.modlink-test"
echo "in-tree $INTREE ($(wc -l <"$CHROOT$k/modules.order") modules, $kept exports kept by kbuild's trimming): identical"
