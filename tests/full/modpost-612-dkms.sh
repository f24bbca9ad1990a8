#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# trixie's modpost 6.12 against MODPOST=modlink in real dkms package builds
# in the trixie chroot (tests/full/dkms-builds.bash says how), zfs-dkms
# (CDDL) with its configure run through the drop-in too.
DKMS_RELEASE=trixie
DKMS_HEADERS="linux-headers-6.12.*-amd64"
DKMS_DEFAULT_PACKAGES="v4l2loopback-dkms acpi-call-dkms vhba-dkms ddcci-dkms dm-writeboost-dkms gost-crypto-dkms tp-smapi-dkms bbswitch-dkms apfs-dkms evdi-dkms jool-dkms iptables-netflow-dkms xtables-addons-dkms rapiddisk-dkms openafs-modules-dkms lttng-modules-dkms zfs-dkms"
source "$REPO/tests/full/dkms-builds.bash"
