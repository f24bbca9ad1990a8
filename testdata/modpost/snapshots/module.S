/* SPDX-License-Identifier: MIT */
/* One small module object for the era snapshots (scripts/record-modpost-
 * snapshots): exports of each kind, written the way the era's compiler
 * leaves them (ERA65 set: .export_symbol records, 6.5+; else 6.1's
 * __ksymtab sections and strings), a call to an undefined symbol, a
 * namespace import, a pci table, a license, a version and a description. */
	.section .modinfo, "a"
	.asciz "license=GPL"
	.asciz "version=1.2"
	.asciz "description=snapshot"
	.asciz "import_ns=SNAP_NS"
.if ERA65
	.section .export_symbol, "a"
__export_symbol_snap_plain:
	.asciz ""
	.asciz ""
	.balign 8
	.quad snap_plain
__export_symbol_snap_gpl:
	.asciz "GPL"
	.asciz "SNAP_OWN"
	.balign 8
	.quad snap_gpl
.else
	.section "___ksymtab+snap_plain", "a"
__ksymtab_snap_plain:
	.long snap_plain - .
	.long __kstrtab_snap_plain - .
	.long __kstrtabns_snap_plain - .
	.section "___ksymtab_gpl+snap_gpl", "a"
__ksymtab_snap_gpl:
	.long snap_gpl - .
	.long __kstrtab_snap_gpl - .
	.long __kstrtabns_snap_gpl - .
	.section "__ksymtab_strings", "aMS", @progbits, 1
__kstrtab_snap_plain:
	.asciz "snap_plain"
__kstrtabns_snap_plain:
	.asciz ""
__kstrtab_snap_gpl:
	.asciz "snap_gpl"
__kstrtabns_snap_gpl:
	.asciz "SNAP_OWN"
.endif
	.section .rodata, "a"
	.balign 8
.if ERA72
	.globl __mod_device_table__kmod_module__pci__snap_ids
	.type __mod_device_table__kmod_module__pci__snap_ids, %object
__mod_device_table__kmod_module__pci__snap_ids:
.else
	.globl __mod_pci__snap_ids_device_table
	.type __mod_pci__snap_ids_device_table, %object
__mod_pci__snap_ids_device_table:
.endif
	.long 0x8086, 0x1234, 0xffffffff, 0xffffffff, 0, 0
	.quad 0
	.long 0, 0
	.long 0, 0, 0, 0, 0, 0
	.quad 0
	.long 0, 0
.if ERA72
	.size __mod_device_table__kmod_module__pci__snap_ids, 80
.else
	.size __mod_pci__snap_ids_device_table, 80
.endif
	.text
	.globl snap_plain, snap_gpl, init_module
	.type snap_plain, @function
snap_plain:
	call some_undefined_function
	ret
	.type snap_gpl, @function
snap_gpl:
	ret
	.type init_module, @function
init_module:
	ret
