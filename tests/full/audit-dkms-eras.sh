#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink audit --source on a real dkms package across the three eras:
# sid's v4l2loopback-dkms source (0.15.x), audited against bookworm's 6.1
# headers (on this machine), trixie's 6.12 (--root the trixie chroot) and
# sid's 7.2 (--root the sid chroot). Oracle: the same source built by Kbuild
# with each kernel's own modpost in the same place: each module's verdict
# and modpost's ERROR and WARNING lines.
source "$REPO/tests/integration/lib.sh"
T=$("$REPO/scripts/make-chroot" trixie) || fail "cannot make the trixie chroot"
S=$("$REPO/scripts/make-chroot" sid dkms v4l2loopback-dkms) || fail "cannot make the sid chroot with v4l2loopback-dkms"
pkg=$(cd "$S/usr/src" && ls -d v4l2loopback-* | sort -V | tail -1)
[ -n "$pkg" ] || fail "no v4l2loopback source in the sid chroot"
use_set bookworm-amd64
H61=$TMP/headers-61
cp -a "$HEADERS" "$H61"
sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$H61/Makefile"
for l in "$H61"/*; do [ -L "$l" ] && ln -sfn "$(readlink -f "$HEADERS/$(basename "$l")")" "$l"; done
H612=/usr/src/$(cd "$T/usr/src" && ls -d linux-headers-6.12.*-amd64 | sort -V | tail -1)
H72=/usr/src/$(cd "$S/usr/src" && ls -d linux-headers-7.2.*-amd64 | sort -V | tail -1)
o=/modlink-audit-dkms
trap 'rm -rf "$TMP" "${T:?}$o" "${S:?}$o"' EXIT
src=$TMP/src
cp -a "$S/usr/src/$pkg" "$src"

# The oracle builds: kbuild's own modpost, each in its own environment.
oracle() { # NAME ROOT HEADERS
	local name=$1 root=$2 h=$3 st=0
	if [ -z "$root" ]; then
		cp -a "$src" "$TMP/o-$name"
		make -C "$h" M="$TMP/o-$name" modules >"$TMP/o-$name.out" 2>"$TMP/o-$name.err" </dev/null || st=$?
	else
		rm -rf "${root:?}$o"
		mkdir -p "$root$o"
		cp -a "$src" "$root$o/src"
		"$REPO/scripts/make-chroot" --run "$(basename "$root")" make -C "$h" M="$o/src" modules \
			>"$TMP/o-$name.out" 2>"$TMP/o-$name.err" </dev/null || st=$?
	fi
	echo "$st" >"$TMP/o-$name.status"
}
oracle 61 "" "$H61"
oracle 612 "$T" "$H612"
oracle 72 "$S" "$H72"

rc=0
"$MODLINK" audit --source "$src" --kernel "$H61" --kernel "$H612" --root "$T" --kernel "$H72" --root "$S" -j 2 --format json >"$TMP/a.json" || rc=$?
k=0
for name in 61 612 72; do
	[ "$(jq -r ".kernels[$k].build_failed" "$TMP/a.json")" = false ] || fail "$name: build failed: $(jq -r ".kernels[$k].failure" "$TMP/a.json")"
	want=false
	[ "$(cat "$TMP/o-$name.status")" = 0 ] || want=true
	got=$(jq -r ".kernels[$k].modules[] | .refused" "$TMP/a.json" | sort -u)
	[ "$got" = "$want" ] || fail "$name: refused=$got, the Kbuild build says $want"
	grep -E '^(ERROR|WARNING): modpost: ' "$TMP/o-$name.err" | sed "s|/[^ ]*/\([^/ ]*\.ko\)|\1|g" | sort >"$TMP/up.err" || true
	jq -r ".kernels[$k].modules[] | .modpost[]" "$TMP/a.json" | grep -E '^(ERROR|WARNING): modpost: ' |
		sed "s|/[^ ]*/\([^/ ]*\.ko\)|\1|g" | sort >"$TMP/ml.err" || true
	diff "$TMP/up.err" "$TMP/ml.err" >&2 || fail "$name: modpost's lines differ from the Kbuild build"
	k=$((k + 1))
done
[ "$rc" = "$(jq -r '[.kernels[].modules[] | select(.refused)] | if length > 0 then 1 else 0 end' "$TMP/a.json")" ] || fail "exit status $rc"
echo "audit --source $pkg on 6.1, 6.12 (trixie chroot) and 7.2 (sid chroot): $(jq -r '.modules[] | .module + " " + (.verdicts | join(" "))' "$TMP/a.json" | paste -sd';'), each as that kernel's own Kbuild build"
"$MODLINK" audit --source "$src" --kernel "$H61" --kernel "$H612" --root "$T" --kernel "$H72" --root "$S" -j 2 | sed -n '1,/^$/p'
