#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: depmod -e -E. The newest 6.1 module tree against a copy of its
# Module.symvers with one vmlinux CRC changed and one vmlinux export removed:
# modlink must name exactly the (module, symbol) pairs depmod names.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64
sed -E 's/^0x[0-9a-f]+(\tpci_enable_device\tvmlinux\t)/0x12345678\1/; /\tpci_disable_device\tvmlinux\t/d' \
	"$SYMVERS" >"$TMP/tampered.symvers"
[ "$(diff "$SYMVERS" "$TMP/tampered.symvers" | grep -c '^[<>]')" = 3 ] || fail "tampering did not change exactly two lines"
compare_with_depmod "$TMP/tampered.symvers" "changed CRC + removed export"
# The same dump gzip-compressed, as /boot/symvers-*.gz ships: the same findings.
gzip -c "$TMP/tampered.symvers" >"$TMP/symvers-test.gz"
"$MODLINK" check --kernel "$TMP/symvers-test.gz" "$MODULES" --format json >"$TMP/gz.json" || true
modlink_depmod_tsv "$TMP/gz.json" >"$TMP/gz.tsv"
cmp -s "$TMP/gz.tsv" "$TMP/modlink.tsv" || fail "gzip-compressed dump gives other findings"
echo "gzip-compressed dump: the same findings"
