/* SPDX-License-Identifier: MIT */
/* A module linked from distributed-ThinLTO objects: its .mod lists
   thin_part.thinlto-native.o and lib/thin_lib.thinlto-native.o, whose CRCs
   7.2 reads from .thin_part.o.cmd and lib/.thin_lib.o.cmd. */
#include "exports.inc"
	modinfo "license=GPL"
	modinfo "description=ThinLTO exporter"
	export_func thin_a, "", ""
	export_func thin_b, "GPL", ""
