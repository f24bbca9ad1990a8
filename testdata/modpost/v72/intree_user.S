/* SPDX-License-Identifier: MIT */
/* An in-tree module: uses vfoo, and the section bounds the linker makes
   (__start_<sec>, __stop_<sec>), which 7.2 does not count as imports; one
   name that only looks like them is an import. */
#include "exports.inc"
	modinfo "license=GPL"
	modinfo "description=in-tree user"
	uses vfoo
	uses __start_my_section
	uses __stop_my_section
	uses __startled
