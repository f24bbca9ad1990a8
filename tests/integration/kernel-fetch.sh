#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --kernel debian:SUITE: Debian kernels fetched by modlink itself, into a
# fresh cache (a temporary XDG_CACHE_HOME), from the mirror this machine's
# apt uses.
#  - Oracle apt and dpkg-deb, without modlink (scripts/fetch-kernels takes
#    its headers from modlink, so its trees are no oracle): for bookworm,
#    trixie, sid (7.2) and trixie-backports (7.3), the test's own private
#    apt state (the suite with its -updates and -security pockets, or
#    backports with its base release) names the kernel the suite's
#    linux-headers-amd64 metapackage depends on; apt-get downloads its
#    headers and -common packages and dpkg-deb unpacks them. modlink
#    must fetch the same release, with byte-identical Module.symvers and
#    .config, and a binary audit of our Kbuild test modules against the four
#    specs prints the same table as against the unpacked trees.
#  - The same audit with the mirror unreachable prints the same bytes (a
#    cached kernel needs no network).
#  - Kbuild builds a test module against the fetched bookworm tree (the
#    flavour Makefile's /usr/src paths point into the cache).
#  - A dated mirror's sid Release is refused unless --allow-expired-release,
#    in one line that names the option; unknown suite, flavour, a gone ABI
#    and no network are one line each, exit 2.
#  - Faults, on a cache whose package lists are already there: a fetch
#    killed at 10 random points leaves no tree a later run trusts, and the
#    run after it makes a whole tree with no leftovers; two fetches of one
#    spec at once make one tree; a mirror without one package (a proxy that
#    answers 404 for it) and a full disk during the unpack (a small tmpfs)
#    each fail in one line and leave nothing behind.
source "$(dirname "$0")/lib.sh"
command -v apt-get >/dev/null || skip "apt-get not found"
mods=$(find "$CACHE/testmods/bookworm-amd64" -mindepth 2 -maxdepth 2 -name '*.ko' | sort)
[ -n "$mods" ] || fail "no test modules (scripts/build-test-modules bookworm-amd64)"

# The oracle trees. The mirrors are the machine's, as modlink's default
# (the first URIs: line the archive, the second the security archive).
mapfile -t uris < <(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${uris[0]:-http://deb.debian.org/debian}
security=${uris[1]:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# oracle_tree SUITE: unpacks SUITE's amd64 kernel headers into
# $TMP/oracle/SUITE/root and sets ORACLE to the headers directory; to
# nothing when the suite has no linux-headers-amd64 (an oracle the archive
# lost). Not in a subshell: a failure here ends the test.
ORACLE=
oracle_tree() {
	local suite=$1 d=$TMP/oracle/$1 dep rel ver p
	ORACLE=
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/preferences.d" "$d/debs" "$d/root"
	: >"$d/status"
	local apt=(-o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=-
		-o "Dir::Etc::preferences=$d/preferences" -o "Dir::Etc::preferencesparts=$d/preferences.d"
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" -o "Dir::State::status=$d/status"
		-o APT::Architecture=amd64 -o APT::Architectures=amd64 -o Acquire::Languages=none
		-o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
		-o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root)
	case $suite in
	sid) echo "deb [signed-by=$keyring] $mirror sid main" ;;
	*-backports)
		echo "deb [signed-by=$keyring] $mirror $suite main"
		echo "deb [signed-by=$keyring] $mirror ${suite%-backports} main"
		# Backports are not a candidate unless asked for.
		apt+=(-o "APT::Default-Release=$suite")
		;;
	*)
		echo "deb [signed-by=$keyring] $mirror $suite main"
		echo "deb [signed-by=$keyring] $mirror $suite-updates main"
		echo "deb [signed-by=$keyring] $security $suite-security main"
		;;
	esac >"$d/sources.list"
	apt-get "${apt[@]}" -qq update >"$d/update.log" 2>&1 || fail "oracle: apt-get update for $suite: $(tail -3 "$d/update.log")"
	dep=$(apt-cache "${apt[@]}" show --no-all-versions linux-headers-amd64 2>/dev/null |
		sed -n 's/^Depends:.*\(linux-headers-[^ ,]*-amd64\) (= \([^)]*\)).*/\1=\2/p')
	[ -n "$dep" ] || return 0
	rel=${dep%%=*}
	rel=${rel#linux-headers-}
	ver=${dep#*=}
	# The flavour's headers and the -common headers it pins (what a binary
	# audit reads; kbuild is not pinned and not needed here).
	local pkgs=("$dep")
	while read -r p; do pkgs+=("$p"); done < <(apt-cache "${apt[@]}" show --no-all-versions "$dep" |
		sed -n 's/^Depends: //p' | tr ',' '\n' | sed -n 's/^ *\(linux-\(headers\|kbuild\)-[^ ]*\) (= \([^)]*\)).*/\1=\3/p')
	(cd "$d/debs" && apt-get "${apt[@]}" -qq download "${pkgs[@]}") >"$d/download.log" 2>&1 ||
		fail "oracle: apt-get download ${pkgs[*]}: $(tail -3 "$d/download.log")"
	for p in "$d"/debs/*.deb; do dpkg-deb -x "$p" "$d/root" || fail "oracle: dpkg-deb -x $p"; done
	[ -f "$d/root/usr/src/linux-headers-$rel/Module.symvers" ] || fail "oracle: $suite's $rel unpacked without Module.symvers"
	ORACLE=$d/root/usr/src/linux-headers-$rel
	echo "oracle debian:$suite: $rel ($ver; ${pkgs[*]})"
}
specs=() oracles=()
for suite in bookworm trixie sid trixie-backports; do
	oracle_tree "$suite"
	if [ -z "$ORACLE" ]; then
		echo "note: the archive has no linux-headers-amd64 in $suite (debian:$suite left out)"
		continue
	fi
	specs+=("debian:$suite")
	oracles+=("$ORACLE")
done
[ "${#specs[@]}" -ge 2 ] || skip "fewer than two of the four suites have an amd64 kernel in the archive"

export XDG_CACHE_HOME=$TMP/xdg
kcache=$XDG_CACHE_HOME/modlink/kernels

# A dated mirror serves sid's Release past its Valid-Until. Refused in one
# line naming the option, or fetched when the mirror is live.
rc=0
"$MODLINK" kernel fetch debian:sid >"$TMP/sid.out" 2>"$TMP/sid.err" || rc=$?
if [ "$rc" != 0 ]; then
	[ "$rc" = 2 ] || fail "expired sid: exit $rc, expected 2"
	[ "$(wc -l <"$TMP/sid.err")" = 1 ] || fail "expired sid: not one line: $(cat "$TMP/sid.err")"
	grep -q -- '--allow-expired-release' "$TMP/sid.err" || fail "expired sid: the option is not named: $(cat "$TMP/sid.err")"
	echo "dated mirror: $(cat "$TMP/sid.err")"
	ls -A "$kcache" 2>/dev/null | grep -qvxE 'apt|\.lock' && fail "expired sid: something besides the apt state in the cache: $(ls -a "$kcache")"
fi

start=$(date +%s%N)
"$MODLINK" kernel fetch --allow-expired-release "${specs[@]}" >"$TMP/fetched" 2>"$TMP/fetch.err" ||
	fail "kernel fetch: $(cat "$TMP/fetch.err")"
first=$((($(date +%s%N) - start) / 1000000))
[ ! -s "$TMP/fetch.err" ] || fail "kernel fetch wrote to stderr without a terminal: $(cat "$TMP/fetch.err")"
[ "$(wc -l <"$TMP/fetched")" = "${#specs[@]}" ] || fail "kernel fetch printed $(wc -l <"$TMP/fetched") paths for ${#specs[@]} specs"

kernels_ours=() kernels_theirs=()
i=0
while read -r headers; do
	want=${oracles[$i]}
	[ "$(basename "$headers")" = "$(basename "$want")" ] ||
		fail "${specs[$i]}: modlink fetched $(basename "$headers"), the suite's linux-headers-amd64 depends on $(basename "$want")"
	cmp "$headers/Module.symvers" "$want/Module.symvers" || fail "${specs[$i]}: Module.symvers differs"
	cmp "$headers/.config" "$want/.config" || fail "${specs[$i]}: .config differs"
	kernels_ours+=(--kernel "${specs[$i]}")
	kernels_theirs+=(--kernel "$want")
	echo "${specs[$i]}: $(basename "$headers"), Module.symvers and .config as apt and dpkg-deb give them"
	i=$((i + 1))
done <"$TMP/fetched"
[ -z "$(find "$kcache" -maxdepth 1 -name '.staging-*')" ] || fail "staging directories left after a clean fetch"

# The binary audit, against the specs and against the oracle's trees.
audit() { # audit OUT KERNEL_ARGS...
	local out=$1 rc=0
	shift
	# shellcheck disable=SC2086
	"$MODLINK" audit "$@" $mods >"$out" 2>"$out.err" || rc=$?
	[ "$rc" = 1 ] || fail "audit $*: exit $rc, expected 1: $(cat "$out.err")"
}
audit "$TMP/theirs.txt" "${kernels_theirs[@]}"
start=$(date +%s%N)
audit "$TMP/ours.txt" --allow-expired-release "${kernels_ours[@]}"
cached=$((($(date +%s%N) - start) / 1000000))
# Each kernel's heading names its tree: the oracle's or the cache's.
sed -E 's#\(/[^ )]*/usr/src/linux-headers-#(TREE/linux-headers-#' "$TMP/theirs.txt" >"$TMP/theirs.cmp"
sed -E 's#\(/[^ )]*/usr/src/linux-headers-#(TREE/linux-headers-#' "$TMP/ours.txt" >"$TMP/ours.cmp"
grep -q '(TREE/linux-headers-' "$TMP/ours.cmp" || fail "no kernel heading with its tree in the audit"
diff "$TMP/theirs.cmp" "$TMP/ours.cmp" >&2 || fail "the audit table differs between the oracle's trees and the specs"
[ "$(wc -l <"$TMP/ours.txt")" -gt 5 ] || fail "the audit printed almost nothing"
echo "audit of $(echo "$mods" | wc -l) modules against ${specs[*]}: the same table as against the oracle's trees"

# No network: the cached kernels answer alone.
MODLINK_MIRROR=http://127.0.0.1:9/debian http_proxy=http://127.0.0.1:9 \
	audit "$TMP/offline.txt" "${kernels_ours[@]}"
cmp "$TMP/ours.txt" "$TMP/offline.txt" || fail "the audit differs with the mirror unreachable"
MODLINK_MIRROR=http://127.0.0.1:9/debian http_proxy=http://127.0.0.1:9 \
	"$MODLINK" kernel fetch "${specs[@]}" >"$TMP/fetched-offline" || fail "cached fetch needed the network"
cmp "$TMP/fetched" "$TMP/fetched-offline" || fail "a cached fetch printed other paths"
"$MODLINK" kernel list >"$TMP/list"
[ "$(wc -l <"$TMP/list")" = "${#specs[@]}" ] || fail "kernel list: $(cat "$TMP/list")"
echo "offline: the same audit and paths from the cache (first fetch of the ${#specs[@]}: $first ms; the audit from the cache: $cached ms)"

# Kbuild on the fetched bookworm tree, as on an installed one.
[ "${specs[0]}" = debian:bookworm ] || fail "bookworm has no amd64 kernel in the archive"
bookworm=$(head -1 "$TMP/fetched")
cp -r "$REPO/testdata/kmod/clean" "$TMP/kbuild"
make -s -C "$bookworm" M="$TMP/kbuild" modules >"$TMP/kbuild.log" 2>&1 || fail "Kbuild on the fetched tree: $(tail -5 "$TMP/kbuild.log")"
[ -f "$TMP/kbuild/clean.ko" ] || fail "Kbuild made no clean.ko"
echo "Kbuild: testdata/kmod/clean builds against the fetched $(basename "$bookworm")"

# One-line errors, exit 2.
one_line_error() { # one_line_error WHAT EXPECTED_TEXT COMMAND...
	local what=$1 want=$2 rc=0
	shift 2
	"$@" >"$TMP/err.out" 2>"$TMP/err" || rc=$?
	[ "$rc" = 2 ] || fail "$what: exit $rc, expected 2 ($(cat "$TMP/err"))"
	[ "$(wc -l <"$TMP/err")" = 1 ] || fail "$what: not one line: $(cat "$TMP/err")"
	grep -qF -- "$want" "$TMP/err" || fail "$what: '$want' not in: $(cat "$TMP/err")"
	[ ! -s "$TMP/err.out" ] || fail "$what: printed on stdout"
	echo "$what: $(cat "$TMP/err")"
}
one_line_error "unknown suite" "no suite 'nosuch'" "$MODLINK" kernel fetch debian:nosuch
one_line_error "unknown flavour" "unknown flavour 'nosuch'" "$MODLINK" kernel fetch debian:bookworm/nosuch
one_line_error "gone ABI" "no longer has ABI 6.1.0-1 in bookworm" "$MODLINK" kernel fetch debian:bookworm@6.1.0-1
one_line_error "bad spec" "bad kernel spec" "$MODLINK" audit --kernel debian:Bookworm $mods
XDG_CACHE_HOME=$TMP/empty MODLINK_MIRROR=http://127.0.0.1:9/debian http_proxy=http://127.0.0.1:9 \
	one_line_error "no network" "cannot download http://127.0.0.1:9/debian/dists/bookworm/InRelease" \
	"$MODLINK" kernel fetch debian:bookworm

# The faults, each on a fresh cache holding only bookworm's package lists.
bookworm_rel=$(basename "$bookworm")
bookworm_rel=${bookworm_rel#linux-headers-}
SYMVERS=${oracles[0]}/Module.symvers
fault_cache() { # fault_cache NAME: a fresh XDG_CACHE_HOME with the lists
	local x=$TMP/$1
	mkdir -p "$x/modlink/kernels/apt"
	cp -a "$kcache/apt/bookworm-amd64" "$x/modlink/kernels/apt/"
	echo "$x"
}
# trusted_only X WHAT: everything in X's cache is the apt state, the lock,
# a staging directory (never read) or a whole tree; `kernel list` shows
# exactly the whole trees.
trusted_only() {
	local k=$1/modlink/kernels e whole=0
	for e in "$k"/* "$k"/.[!.]*; do
		[ -e "$e" ] || continue
		case ${e##*/} in
		apt | .lock | .staging-*) ;;
		*)
			[ -f "$e/kernel.json" ] && [ -f "$e/root/usr/src/linux-headers-${e##*/}/Module.symvers" ] ||
				fail "$2: ${e##*/} is in the cache and is not a whole tree"
			whole=$((whole + 1))
			;;
		esac
	done
	[ "$(XDG_CACHE_HOME=$1 "$MODLINK" kernel list | wc -l)" = "$whole" ] || fail "$2: kernel list shows other trees"
}
# whole_tree X WHAT: the bookworm tree is there, whole, and nothing else is.
whole_tree() {
	local t=$1/modlink/kernels/$bookworm_rel
	[ -f "$t/kernel.json" ] || fail "$2: no tree"
	cmp "$t/root/usr/src/linux-headers-$bookworm_rel/Module.symvers" "$SYMVERS" || fail "$2: Module.symvers differs"
	[ -z "$(find "$1/modlink/kernels" -maxdepth 1 -name '.staging-*')" ] || fail "$2: staging directories left"
	trusted_only "$1" "$2"
}

x=$(fault_cache killed)
# How long a whole fetch takes here: the kills fall anywhere in it (the
# update, the downloads, the unpack, the rename).
start=$(date +%s%N)
XDG_CACHE_HOME=$x "$MODLINK" kernel fetch debian:bookworm >/dev/null || fail "the fetch before the kills failed"
span=$((($(date +%s%N) - start) / 1000000))
rm -rf "${x:?}/modlink/kernels/$bookworm_rel"
kills=0 staged=0
for seed in 1 2 3 4 5 6 7 8 9 10; do
	RANDOM=$seed
	ms=$((span * (RANDOM % 100) / 100))
	XDG_CACHE_HOME=$x setsid "$MODLINK" kernel fetch debian:bookworm >/dev/null 2>&1 &
	pid=$!
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	if kill -KILL -- "-$pid" 2>/dev/null; then kills=$((kills + 1)); fi
	wait "$pid" 2>/dev/null || true
	[ -n "$(find "$x/modlink/kernels" -maxdepth 1 -name '.staging-*')" ] && staged=$((staged + 1))
	trusted_only "$x" "killed after $ms ms (seed $seed)"
	# A tree that was whole before the kill stays whole; take it away so
	# that the next seed fetches again.
	rm -rf "${x:?}/modlink/kernels/$bookworm_rel"
done
[ "$kills" -ge 5 ] || fail "only $kills of 10 fetches were still running when killed: the test lost its point"
[ "$staged" -ge 1 ] || fail "no kill fell after the staging directory was made: the test lost its point"
XDG_CACHE_HOME=$x "$MODLINK" kernel fetch debian:bookworm >/dev/null || fail "the fetch after the kills failed"
whole_tree "$x" "the fetch after the kills"
echo "killed fetches: 10 seeds over a $span ms fetch, $kills killed mid-fetch ($staged left a staging directory); no tree but whole ones at any point, and the next run made a whole tree with no leftovers"

x=$(fault_cache concurrent)
XDG_CACHE_HOME=$x "$MODLINK" kernel fetch debian:bookworm >"$TMP/c1" 2>&1 &
p1=$!
# The second starts while the first is building its tree (its staging
# directory is there): the moment an unlocked fetch would take the first
# one's work for a killed fetch's leftovers, or both would install.
for _ in $(seq 300); do
	[ -n "$(find "$x/modlink/kernels" -maxdepth 1 -name '.staging-*')" ] && break
	sleep 0.1
done
[ -n "$(find "$x/modlink/kernels" -maxdepth 1 -name '.staging-*')" ] || fail "the first fetch never made its staging directory"
XDG_CACHE_HOME=$x "$MODLINK" kernel fetch debian:bookworm >"$TMP/c2" 2>&1 &
p2=$!
wait "$p1" || fail "concurrent fetch 1: $(cat "$TMP/c1")"
wait "$p2" || fail "concurrent fetch 2: $(cat "$TMP/c2")"
cmp "$TMP/c1" "$TMP/c2" || fail "the two concurrent fetches printed different paths"
whole_tree "$x" "two fetches at once"
echo "two fetches at once: one whole tree, both print $(cat "$TMP/c1")"

# A mirror without linux-kbuild's .deb.
x=$(fault_cache missing)
python3 "$REPO/tests/integration/http_404_proxy.py" linux-kbuild- >"$TMP/proxy.port" &
proxy=$!
for _ in $(seq 50); do [ -s "$TMP/proxy.port" ] && break; sleep 0.1; done
port=$(cat "$TMP/proxy.port")
XDG_CACHE_HOME=$x http_proxy=http://127.0.0.1:$port \
	one_line_error "a package the mirror lacks" "(404 Not Found)" "$MODLINK" kernel fetch debian:bookworm
grep -q "linux-kbuild-" "$TMP/err" || fail "the 404 error does not name the package's URL"
kill "$proxy"
trusted_only "$x" "404"
[ -z "$(find "$x/modlink/kernels" -maxdepth 1 -name '.staging-*')" ] || fail "404: staging directory left"
[ ! -e "$x/modlink/kernels/$bookworm_rel" ] || fail "404: a tree was installed"

# A disk that fills during the unpack: the .debs fit, the unpacked tree not.
x=$TMP/full
mkdir -p "$x/modlink/kernels"
trap 'umount "$TMP/full/modlink/kernels" 2>/dev/null || true; rm -rf "$TMP"' EXIT
lists_kb=$(du -sk "$kcache/apt/bookworm-amd64" | cut -f1)
if mount -t tmpfs -o "size=$((lists_kb + 30 * 1024))k" tmpfs "$x/modlink/kernels" 2>/dev/null; then
	mkdir -p "$x/modlink/kernels/apt"
	cp -a "$kcache/apt/bookworm-amd64" "$x/modlink/kernels/apt/"
	XDG_CACHE_HOME=$x one_line_error "full disk" "No space left on device" "$MODLINK" kernel fetch debian:bookworm
	left=$(find "$x/modlink/kernels" -maxdepth 1 -name '.staging-*')
	umount "$x/modlink/kernels"
	[ -z "$left" ] || fail "full disk: staging left: $left"
else
	echo "note: full-disk case not run: this machine does not let us mount a tmpfs"
fi
