#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bookworm's modpost 6.1 against MODPOST=modlink in real dkms package builds
# in the bookworm chroot (tests/full/dkms-builds.bash says how): bookworm's
# own versions of the 6.12 run's packages (bookworm has no vhba-dkms), and
# zfs-dkms 2.1 (CDDL) with its configure's Kbuild probes through the drop-in.
DKMS_RELEASE=bookworm
DKMS_HEADERS="linux-headers-6.1.*-amd64"
DKMS_DEFAULT_PACKAGES="v4l2loopback-dkms acpi-call-dkms ddcci-dkms dm-writeboost-dkms gost-crypto-dkms tp-smapi-dkms bbswitch-dkms apfs-dkms evdi-dkms jool-dkms iptables-netflow-dkms xtables-addons-dkms rapiddisk-dkms openafs-modules-dkms lttng-modules-dkms zfs-dkms"
source "$REPO/tests/full/dkms-builds.bash"
