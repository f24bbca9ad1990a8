/* SPDX-License-Identifier: MIT */
/* Device-table entries whose aliases follow 6.1's quirks rather than the
 * obvious reading, laid out for the target (BITS64: kernel_ulong_t and
 * pointers are 8 bytes, else 4). Every entry is byte-order neutral in what
 * 6.1 makes of it, so x86-64, i386, armhf and s390x give the same aliases;
 * the expected ones are the real modpost's (tests/unit/modpost_objects_test.cpp). */
	.macro word v
	.if BITS64
	.quad \v
	.else
	.long \v
	.endif
	.endm

	.macro table type
	.type __mod_\type\()__q_device_table, %object
	.globl __mod_\type\()__q_device_table
__mod_\type\()__q_device_table:
	.endm

	.macro end type
	.size __mod_\type\()__q_device_table, . - __mod_\type\()__q_device_table
	.endm

	.section .modinfo, "a"
	.asciz "license=GPL"

	.section .rodata, "a"

	/* struct acpi_device_id: char id[16], kernel_ulong_t, u32 cls, u32 cls_msk.
	 * Without an id every entry is a class match, even an all-zero one (as
	 * armhf's ahci_platform has it without CONFIG_ACPI). */
	.balign 8
	table acpi
	.ascii "ABCD0001"
	.fill 8, 1, 0
	word 0
	.long 0, 0
	.fill 16, 1, 0
	word 0
	.long 0, 0
	.fill 28 + 4 * BITS64, 1, 0
	end acpi

	/* struct pci_device_id: override_only is 1 for vfio_pci, and any other
	 * non-zero value is unknown (a warning, no alias), even with bit 0 set. */
	.balign 8
	table pci
	.long 0x8086, 0x1234, 0xffffffff, 0xffffffff, 0, 0
	word 0
	.long 1
	.if BITS64
	.long 0
	.endif
	.long 0x8086, 0x1235, 0xffffffff, 0xffffffff, 0, 0
	word 0
	.long 3
	.if BITS64
	.long 0
	.endif
	.fill 32 + 8 * BITS64, 1, 0
	end pci

	/* struct isapnp_device_id: u16 card_vendor, card_device, vendor,
	 * function, kernel_ulong_t. The letters come from the byte-swapped
	 * vendor value on every target, and the first takes six bits. */
	.balign 8
	table isapnp
	.short 0, 0, 0x0e4d, 0x0010
	word 0
	.short 0, 0, 0x00fc, 0x1234
	word 0
	.fill 8 + 4 + 4 * BITS64, 1, 0
	end isapnp

	/* struct eisa_device_id: char sig[8], kernel_ulong_t */
	.balign 8
	table eisa
	.fill 8, 1, 0
	word 1
	.ascii "ABC1234"
	.byte 0
	word 0
	.fill 12 + 4 * BITS64, 1, 0
	end eisa

	/* struct parisc_device_id: u8 hw_type, u8 hversion_rev, u16 hversion, u32 sversion */
	.balign 4
	table parisc
	.byte 0x0a, 0xff
	.short 0x0123
	.long 0x00000042
	.fill 8, 1, 0
	end parisc

	/* struct dfl_device_id: u16 type, u16 feature_id, kernel_ulong_t */
	.balign 8
	table dfl
	.short 1, 0x25
	.if BITS64
	.long 0
	.endif
	word 0
	.fill 8 + 8 * BITS64, 1, 0
	end dfl

	/* struct fsl_mc_device_id: u16 vendor, char obj_type[16]; an obj_type
	 * without a NUL runs on into the next entry, as a C string does. */
	.balign 2
	table fslmc
	.short 0x1957
	.ascii "dpni.0123456789a"
	.short 0x4141
	.ascii "x"
	.fill 15, 1, 0
	.fill 18, 1, 0
	end fslmc

	/* struct pnp_card_device_id: char id[8], kernel_ulong_t, devs[8] of
	 * char[8]. The first device id has no NUL: the pnp: alias runs on into
	 * the next one, the acpi alias keeps eight bytes. */
	.balign 8
	table pnp_card
	.ascii "CRD0001"
	.byte 0
	word 0
	.ascii "ABC0001x"
	.ascii "DEF0002"
	.byte 0
	.fill 48, 1, 0
	.fill 8 + 8 + 64 - 4 * (1 - BITS64), 1, 0
	end pnp_card

	/* struct dmi_system_id: callback, ident, 4 x { u8 slot:7; char
	 * substr[79]; }, driver_data. The slot is the low seven bits of its
	 * byte however the target packs bitfields (0x94 -> 20, chassis version). */
	.balign 8
	table dmi
	word 0
	word 0
	.byte 0x94
	.ascii "v1.0"
	.fill 75, 1, 0
	.fill 80 * 3, 1, 0
	word 0
	.fill 8 + 8 + 320 + 8 - 12 * (1 - BITS64), 1, 0
	end dmi
