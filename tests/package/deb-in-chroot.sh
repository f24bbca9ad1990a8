#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian package, end to end, on one release (scripts/test-full runs
# it for bookworm, trixie and sid): deb-in-chroot.sh [RELEASE]
# 1. dpkg-buildpackage -us -uc -b on a copy of the source, on the release
#    itself (bookworm: this machine; trixie and sid: a RELEASE-pkgbuild
#    chroot with the build dependencies); that release's lintian shows no
#    error, and no warning that the README or doc/reference.md does not
#    explain.
# 2. Into a minbase chroot of the release (scripts/make-chroot RELEASE, with dkms,
#    the kernel headers and real *-dkms packages), after purging any earlier
#    modlink and the packages apt pulled in for it: apt-get install
#    ./modlink_*.deb (so ${shlibs:Depends} must be complete). There:
#    - modlink --version;
#    - the README's example: gpl_inline built with Kbuild against the
#      chroot's headers; `modlink check` of its object names the GPL-only
#      symbols upstream's modpost named in that build;
#    - make M=... MODPOST=/usr/libexec/modlink/modpost: every output,
#      message and make's exit status equal upstream modpost's, for each of
#      our test modules;
#    - DKMS (tests/package/dkms-in-chroot.sh, run inside): each real
#      package and our refused test package built by dkms with the switch
#      off, then on (modlink-dkms enable): the same status and .ko files, the
#      refused one's make.log has upstream's error lines and modlink's
#      explanation; the clean ones install;
#    - the kernel-upgrade hook runs quietly from the kernel's own postinst.d.
source "$REPO/tests/integration/lib.sh"
RELEASE=${1:-bookworm}
DKMS_PACKAGES=${DKMS_PACKAGES:-v4l2loopback-dkms acpi-call-dkms ddcci-dkms tp-smapi-dkms bbswitch-dkms gost-crypto-dkms}
# shellcheck disable=SC2086
CHROOT=$("$REPO/scripts/make-chroot" "$RELEASE" dkms $DKMS_PACKAGES) || fail "cannot make the $RELEASE chroot"
run() { "$REPO/scripts/make-chroot" --run "$RELEASE" "$@"; }

# 1. Build the package from the working tree's tracked files, on the release.
src=$TMP/src/modlink-0
mkdir -p "$src"
(cd "$REPO" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$src"
start=$SECONDS
if [ "$RELEASE" = bookworm ]; then
	for tool in dpkg-buildpackage lintian dh; do
		command -v "$tool" >/dev/null || fail "$tool not installed (scripts/setup --package)"
	done
	(cd "$src" && dpkg-buildpackage -us -uc -b) >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; fail "dpkg-buildpackage failed"; }
	deb=$(ls "$TMP"/src/modlink_*.deb)
	lintian --tag-display-limit 0 "$deb" >"$TMP/lintian.txt" 2>&1 || true
else
	# The build dependencies, from debian/control.
	mapfile -t build_deps < <(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$REPO/debian/control" | sed '1s/^Build-Depends://; /^[A-Z]/d' |
		tr ',' '\n' | sed 's/[[(<].*//; s/^[[:space:]]*//; s/[[:space:]]*$//' | grep .)
	BUILDER=$("$REPO/scripts/make-chroot" "$RELEASE-pkgbuild" dpkg-dev fakeroot lintian "${build_deps[@]}") ||
		fail "cannot make the $RELEASE-pkgbuild chroot"
	rm -rf "${BUILDER:?}/modlink-pkg-build"
	mkdir -p "$BUILDER/modlink-pkg-build"
	cp -a "$src" "$BUILDER/modlink-pkg-build/"
	"$REPO/scripts/make-chroot" --run "$RELEASE-pkgbuild" sh -c 'cd /modlink-pkg-build/modlink-0 && dpkg-buildpackage -us -uc -b' \
		>"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; fail "dpkg-buildpackage failed in $RELEASE"; }
	deb=$(ls "$BUILDER"/modlink-pkg-build/modlink_*.deb)
	"$REPO/scripts/make-chroot" --run "$RELEASE-pkgbuild" sh -c "lintian --tag-display-limit 0 /modlink-pkg-build/$(basename "$deb")" \
		>"$TMP/lintian.txt" 2>&1 || true
	cp "$deb" "$TMP/src/"
	deb=$TMP/src/$(basename "$deb")
	rm -rf "${BUILDER:?}/modlink-pkg-build"
fi
echo "dpkg-buildpackage on $RELEASE: $(basename "$deb") in $((SECONDS - start)) s"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$TMP/contents"
for f in /usr/bin/modlink /usr/libexec/modlink/modpost /usr/share/man/man1/modlink.1.gz \
	/usr/share/bash-completion/completions/modlink /etc/kernel/postinst.d/zz-modlink \
	/usr/sbin/modlink-dkms /usr/share/man/man8/modlink-dkms.8.gz /usr/libexec/modlink/dkms /usr/share/doc/modlink/copyright; do
	grep -qx "$f" "$TMP/contents" || fail "the package lacks $f"
done
cat "$TMP/lintian.txt"
grep -q '^E: ' "$TMP/lintian.txt" && fail "lintian errors"
# Every warning left must be explained in the README or doc/reference.md.
while read -r tag; do
	cat "$REPO/README.md" "$REPO/doc/reference.md" | grep -q "\`$tag\`" || fail "lintian warning $tag is not explained in the README"
done < <(sed -n 's/^W: modlink[^:]*: \([a-z0-9-]*\).*/\1/p' "$TMP/lintian.txt" | sort -u)
echo "lintian ($RELEASE): no errors, $(grep -c '^W: ' "$TMP/lintian.txt" || true) warning(s), each explained"

# 2. A clean install into the chroot.
run sh -c 'dpkg -s modlink >/dev/null 2>&1 && modlink-dkms disable --quiet; apt-get purge -y -qq modlink >/dev/null 2>&1; apt-get autoremove --purge -y -qq >/dev/null 2>&1; true'
run sh -c "! dpkg-query -W -f='\${Status}\n' 'libspdlog*' 2>/dev/null | grep -q 'ok installed'" ||
	fail "spdlog is in the chroot before modlink: the dependency check proves nothing"
cp "$deb" "$CHROOT/tmp/"
run apt-get install -y -qq "/tmp/$(basename "$deb")" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log" >&2; fail "apt-get install ./modlink_*.deb failed"; }
echo "installed with apt: $(run dpkg-query -W -f='${Depends}' modlink)"
run modlink --version | grep -qx "modlink 0.1.0" || fail "modlink --version"
trap 'rm -rf "$TMP"; rm -f "$CHROOT/tmp/$(basename "$deb")"; rm -rf "${CHROOT:?}/modlink-pkg-test"' EXIT
# The release's own kernel (the trixie chroot also has trixie-backports' 7.3
# headers, for the 7.3 Kbuild tests, and most dkms packages do not build there).
case $RELEASE in
bookworm) series=6.1 ;;
trixie) series=6.12 ;;
*) series= ;;
esac
rel=$(cd "$CHROOT/usr/src" && ls -d linux-headers-"$series"*-amd64 | grep -v -e '-rt-' -e '-cloud-' | sort -V | tail -1)
rel=${rel#linux-headers-}
work=/modlink-pkg-test
rm -rf "${CHROOT:?}$work"
mkdir -p "$CHROOT$work"
cp -a "$REPO/testdata/kmod" "$CHROOT$work/kmod"

# The README's example: upstream's errors from a build in the chroot, then
# modlink check on the object that build made (upstream refuses to link it).
ex=$work/kmod/gpl_inline
st=0
run make -C "/lib/modules/$rel/build" M="$ex" modules >"$TMP/example.log" 2>&1 || st=$?
[ "$st" != 0 ] || fail "upstream modpost accepted gpl_inline"
# (≤7.2's words, or 7.3's "gpl_inline.ko: GPL-incompatible module uses ...")
sed -n -E "s/^ERROR: modpost: (GPL-incompatible module gpl_inline.ko|gpl_inline.ko: GPL-incompatible module) uses GPL-only symbol '(.*)'$/\2/p" "$TMP/example.log" | sort >"$TMP/upstream.syms"
[ -s "$TMP/upstream.syms" ] || fail "upstream modpost named no GPL-only symbol in gpl_inline"
rc=0
run modlink check --kernel "/usr/src/linux-headers-$rel" "$ex/gpl_inline.o" >"$TMP/check.txt" || rc=$?
[ "$rc" = 1 ] || fail "modlink check exited $rc on the example"
sed -n "s/^ERROR: modlink: GPL-incompatible module gpl_inline.ko uses GPL-only symbol '\(.*\)'$/\1/p" "$TMP/check.txt" | sort >"$TMP/modlink.syms"
diff "$TMP/upstream.syms" "$TMP/modlink.syms" || fail "modlink check and upstream modpost name different GPL-only symbols"
echo "README example: modlink check names upstream's $(wc -l <"$TMP/upstream.syms") GPL-only symbols ($(paste -sd' ' "$TMP/upstream.syms"))"

# make M=... MODPOST=/usr/libexec/modlink/modpost against upstream, per module.
n=0
for m in "$CHROOT$work"/kmod/*/; do
	m=$(basename "$m")
	# Both builds in the same directory (the DWARF in a .ko names it), one
	# after the other, each from a fresh copy of the source.
	for who in upstream modlink; do
		d=$work/build/$m
		rm -rf "${CHROOT:?}$work/build"
		mkdir -p "$CHROOT$work/build" "$CHROOT$work/$who"
		cp -a "$REPO/testdata/kmod/$m" "$CHROOT$d"
		extra=()
		[ $who = modlink ] && extra=(MODPOST=/usr/libexec/modlink/modpost)
		st=0
		run make -C "/lib/modules/$rel/build" M="$d" "${extra[@]}" modules >"$TMP/$who.$m.out" 2>"$TMP/$who.$m.err" || st=$?
		echo "$st" >"$TMP/$who.$m.status"
		cp -a "$CHROOT$d" "$CHROOT$work/$who/$m"
	done
	diff "$TMP/upstream.$m.status" "$TMP/modlink.$m.status" >/dev/null || fail "$m: make exits $(cat "$TMP/modlink.$m.status") with modlink, $(cat "$TMP/upstream.$m.status") upstream"
	diff "$TMP/upstream.$m.err" "$TMP/modlink.$m.err" || fail "$m: make's stderr differs"
	diff "$TMP/upstream.$m.out" "$TMP/modlink.$m.out" || fail "$m: make's stdout differs"
	for f in "$m.mod.c" Module.symvers "$m.ko"; do
		[ -e "$CHROOT$work/upstream/$m/$f" ] || [ ! -e "$CHROOT$work/modlink/$m/$f" ] || fail "$m: modlink wrote $f, upstream did not"
		[ -e "$CHROOT$work/upstream/$m/$f" ] || continue
		cmp -s "$CHROOT$work/upstream/$m/$f" "$CHROOT$work/modlink/$m/$f" || fail "$m: $f differs"
	done
	n=$((n + 1))
done
echo "make M=... MODPOST=/usr/libexec/modlink/modpost: $n test modules, every file, message and exit status as upstream's"

# 3. DKMS, inside the chroot.
cp "$REPO/tests/package/dkms-in-chroot.sh" "$CHROOT$work/"
cp -a "$REPO/testdata/kmod/gpl_inline" "$CHROOT$work/gpl_inline_src"
# shellcheck disable=SC2086
run bash "$work/dkms-in-chroot.sh" "$rel" "$work" $DKMS_PACKAGES || fail "DKMS with modlink"

# 4. The kernel's own postinst.d runs the hook: quiet when all is well.
out=$(run run-parts --arg="$rel" --arg="/boot/vmlinuz-$rel" --regex='^zz-modlink$' /etc/kernel/postinst.d 2>&1) || fail "hook failed under run-parts"
[ -z "$out" ] || { echo "$out"; fail "the hook was not quiet (the installed modules all load)"; }
echo "kernel-upgrade hook under run-parts: quiet"
run apt-get purge -y -qq modlink >/dev/null || fail "apt-get purge modlink"
run test -x /usr/sbin/dkms -a ! -L /usr/sbin/dkms || fail "dkms not restored after purge"
echo "purged: dkms restored"
