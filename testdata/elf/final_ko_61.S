/* SPDX-License-Identifier: MIT */
/* A final 6.1-era .ko in miniature: merged __ksymtab/__ksymtab_gpl with their
 * labels, __kcrctab CRCs, namespaces in __ksymtab_strings, __versions, .modinfo
 * and the this_module section. Data only, so one source assembles for every
 * target; define BITS64=1 for 64-bit assemblers. */

	.section .modinfo, "a"
	.asciz "license=GPL"
	.byte 0, 0
	.asciz "import_ns=USB_STORAGE"
	.asciz "description=fixture"
	.asciz "license=Dual BSD/GPL"
	.asciz "name=final_ko"
	.asciz "vermagic=6.1.0-56-amd64 SMP preempt mod_unload modversions "


	.section __versions, "a"
	.balign 8
v0:
.if BITS64
	.quad 0x11223344
	.asciz "module_layout"
	.fill 64 - 8 - 14, 1, 0
	.quad 0x92997ed8
	.asciz "_printk"
	.fill 64 - 8 - 8, 1, 0
.else
	.long 0x11223344
	.asciz "module_layout"
	.fill 64 - 4 - 14, 1, 0
	.long 0x92997ed8
	.asciz "_printk"
	.fill 64 - 4 - 8, 1, 0
.endif

	/* struct kernel_symbol with PREL32 offsets: 3 x 32-bit. */
	.section __ksymtab, "a"
__ksymtab_fixture_plain:
	.long 0, 0, 0
	.section __ksymtab_gpl, "a"
__ksymtab_fixture_gpl:
	.long 0, 0, 0

	.section __kcrctab, "a"
__crc_fixture_plain:
	.long 0xdeadbeef
	.section __kcrctab_gpl, "a"
__crc_fixture_gpl:
	.long 0x0badf00d

	.section __ksymtab_strings, "aMS", @progbits, 1
__kstrtab_fixture_plain:
	.asciz "fixture_plain"
__kstrtabns_fixture_plain:
	.asciz "FIXTURE_NS"
__kstrtab_fixture_gpl:
	.asciz "fixture_gpl"
__kstrtabns_fixture_gpl:
	.asciz ""

	.section .gnu.linkonce.this_module, "aw"
	.fill 64, 1, 0

	.data
	.globl init_module, cleanup_module, fixture_plain, fixture_gpl
init_module:
cleanup_module:
fixture_plain:
fixture_gpl:
	.long 0
	/* References make undefined symbols: a strong one, a weak one, a
	 * numbered clone suffix, and names modpost ignores. */
	.weak optional_hook
.if BITS64
	.quad _printk
	.quad optional_hook
	.quad kfree.123
	.quad __this_module
	.quad _GLOBAL_OFFSET_TABLE_
.else
	.long _printk
	.long optional_hook
	.long kfree.123
	.long __this_module
	.long _GLOBAL_OFFSET_TABLE_
.endif
