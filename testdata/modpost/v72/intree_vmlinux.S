/* SPDX-License-Identifier: MIT */
/* An in-tree vmlinux.o for 7.2: exports, one of them kept from trimming by
   .no_trim_symbol (as EXPORT_SYMBOL_NO_TRIM leaves it), and the device
   tables of two built-in modules, foo and bar, named as 6.18+'s
   MODULE_DEVICE_TABLE names them; bar repeats one of foo's ids, and foo
   one of its own (each alias is written once). Their aliases go into
   .vmlinux.export.c as MODULE_INFO(<module>.alias, ...). */
#include "exports.inc"
	export_func vfoo, "GPL", ""
	export_func vbar, "", ""
	export_func vkeep, "", ""
	export_func vunused, "", "VNS"

/* struct virtio_device_id { __u32 device, vendor; } */
.macro virtio_table sym, ids:vararg
	.pushsection .rodata, "a"
	.balign 4
	.type \sym, @object
\sym:	.long \ids
	.long 0, 0
	.size \sym, . - \sym
	.popsection
.endm
	virtio_table __mod_device_table__kmod_foo__virtio__foo_ids, 1, 2, 3, 4, 1, 2
	virtio_table __mod_device_table__kmod_bar__virtio__bar_ids, 1, 2, 5, 6

	.pushsection .no_trim_symbol, "a"
	.asciz "vkeep"
	.asciz "not_an_export"
	.popsection
