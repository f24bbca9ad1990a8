/* SPDX-License-Identifier: MIT */
/* A module object with device tables laid out for the target (BITS64:
 * kernel_ulong_t and pointers are 8 bytes, else 4), assembled for x86-64,
 * i386, armhf and s390x (big-endian) by the unit tests: the same aliases
 * must come out of all four. (%object: '@' starts a comment on ARM.) */
	.macro word v
	.if BITS64
	.quad \v
	.else
	.long \v
	.endif
	.endm

	.section .modinfo, "a"
	.asciz "license=GPL"

	/* struct pci_device_id: 6 x u32, kernel_ulong_t, u32 (+ padding) */
	.section .rodata, "a"
	.balign 8
	.type __mod_pci__ids_device_table, %object
	.globl __mod_pci__ids_device_table
__mod_pci__ids_device_table:
	.long 0x8086, 0x1234, 0xffffffff, 0xffffffff, 0, 0
	word 0
	.long 0
	.if BITS64
	.long 0
	.endif
	.long 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x020000, 0xffff00
	word 0
	.long 0
	.if BITS64
	.long 0
	.endif
	/* a partial class mask: "Can't handle masks", no alias */
	.long 0x10de, 0xffffffff, 0xffffffff, 0xffffffff, 0x030000, 0xfff000
	word 0
	.long 0
	.if BITS64
	.long 0
	.endif
	.fill (BITS64 * 40 + (1 - BITS64) * 32), 1, 0
	.size __mod_pci__ids_device_table, . - __mod_pci__ids_device_table

	/* struct usb_device_id: u16 x 5, u8 x 7, kernel_ulong_t (aligned) */
	.balign 8
	.type __mod_usb__ids_device_table, %object
	.globl __mod_usb__ids_device_table
__mod_usb__ids_device_table:
	.short 0x000f, 0x0bda, 0x8153, 0x3000, 0x3100
	.byte 0, 0, 0, 0, 0, 0, 0
	.balign 4 + 4 * BITS64
	word 0
	.fill (BITS64 * 32 + (1 - BITS64) * 24), 1, 0
	.size __mod_usb__ids_device_table, . - __mod_usb__ids_device_table

	/* struct of_device_id: char name[32], type[32], compatible[128], const void * */
	.balign 8
	.type __mod_of__ids_device_table, %object
	.globl __mod_of__ids_device_table
__mod_of__ids_device_table:
	.ascii "node"
	.fill 28, 1, 0
	.ascii "serial"
	.fill 26, 1, 0
	.ascii "acme,other thing"
	.fill 112, 1, 0
	word 0
	.fill (BITS64 * 200 + (1 - BITS64) * 196), 1, 0
	.size __mod_of__ids_device_table, . - __mod_of__ids_device_table

	/* a type 6.1 does not know: ignored */
	.type __mod_nosuchbus__ids_device_table, %object
	.globl __mod_nosuchbus__ids_device_table
__mod_nosuchbus__ids_device_table:
	.long 1, 0
	.size __mod_nosuchbus__ids_device_table, . - __mod_nosuchbus__ids_device_table
