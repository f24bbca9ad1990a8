#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# sid's modpost 7.2 against MODPOST=modlink in real dkms package builds in
# the sid chroot (tests/full/dkms-builds.bash says how). sid's modpost
# refuses jool (an undefined symbol), which must be refused alike.
DKMS_RELEASE=sid
DKMS_HEADERS="linux-headers-7.2.*-amd64"
DKMS_DEFAULT_PACKAGES="v4l2loopback-dkms acpi-call-dkms vhba-dkms ddcci-dkms dm-writeboost-dkms gost-crypto-dkms tp-smapi-dkms bbswitch-dkms apfs-dkms evdi-dkms jool-dkms iptables-netflow-dkms xtables-addons-dkms rapiddisk-dkms openafs-modules-dkms xone-dkms openvpn-dco-dkms lttng-modules-dkms zfs-dkms"
DKMS_MIN_REFUSED=1
source "$REPO/tests/full/dkms-builds.bash"
