/* SPDX-License-Identifier: MIT */
/* A device table whose last entry is not all zeros (modpost 6.1: fatal). */
	.section .modinfo, "a"
	.asciz "license=GPL"
	.section .rodata, "a"
	.type __mod_virtio__ids_device_table, @object
	.globl __mod_virtio__ids_device_table
__mod_virtio__ids_device_table:
	.long 1, 2
	.long 3, 4
	.size __mod_virtio__ids_device_table, . - __mod_virtio__ids_device_table
