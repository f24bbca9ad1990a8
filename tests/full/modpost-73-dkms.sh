#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# trixie-backports' modpost 7.3 against MODPOST=modlink in real dkms package
# builds in the trixie chroot (tests/full/dkms-builds.bash says how): trixie's
# own packages, those of the 6.12 run, zfs-dkms (CDDL) with its configure
# through the drop-in, against the backported 7.3 headers. Packages that do
# not build on 7.3 with kbuild's own modpost either are listed as skipped:
# all but acpi-call and bbswitch (compile errors against 7.3's headers;
# openafs's configure finds no way to set kbuild's cflags), and zfs, whose
# configure refuses 7.3 (trixie's zfs 2.3.9: Linux-Maximum 7.2, and its
# dkms.conf does not pass --enable-linux-experimental).
DKMS_RELEASE=trixie
DKMS_HEADERS="linux-headers-7.3.*-amd64"
DKMS_CHROOT_PACKAGES=linux-headers-amd64/trixie-backports
DKMS_DEFAULT_PACKAGES="v4l2loopback-dkms acpi-call-dkms vhba-dkms ddcci-dkms dm-writeboost-dkms gost-crypto-dkms tp-smapi-dkms bbswitch-dkms apfs-dkms evdi-dkms jool-dkms iptables-netflow-dkms xtables-addons-dkms rapiddisk-dkms openafs-modules-dkms lttng-modules-dkms zfs-dkms"
DKMS_MIN_BUILT=${DKMS_MIN_BUILT:-2}
source "$REPO/tests/full/dkms-builds.bash"
