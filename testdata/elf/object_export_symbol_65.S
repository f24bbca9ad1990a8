/* SPDX-License-Identifier: MIT */
/* A 6.5+ object: EXPORT_SYMBOL* leaves a record in .export_symbol: the
 * license string, the namespace string, then a pointer to the symbol. */
	.section .export_symbol, "a"
__export_symbol_new_plain:
	.asciz ""
	.asciz ""
	.balign 8
	.quad new_plain
__export_symbol_new_gpl:
	.asciz "GPL"
	.asciz "NEW_NS"
	.balign 8
	.quad new_gpl
__export_symbol_new_mod:
	.asciz "GPL"
	.asciz "module:kvm,kvm-*"
	.balign 8
	.quad new_mod
	.section .modinfo, "a"
	.asciz "license=GPL"
	.text
	.globl new_plain, new_gpl, new_mod
new_plain:
new_gpl:
new_mod:
	.long 0
