/* SPDX-License-Identifier: MIT */
/* A ≤6.4 object before modpost: one ___ksymtab[_gpl]+SYM section per export
 * holding the __ksymtab_SYM label; namespaces as __kstrtabns_SYM strings. */
	.section "___ksymtab+obj_plain", "a"
__ksymtab_obj_plain:
	.long 0, 0, 0
	.section "___ksymtab_gpl+obj_gpl", "a"
__ksymtab_obj_gpl:
	.long 0, 0, 0
	.section __ksymtab_strings, "aMS", @progbits, 1
__kstrtab_obj_plain:
	.asciz "obj_plain"
__kstrtabns_obj_plain:
	.asciz "OBJ_NS"
__kstrtab_obj_gpl:
	.asciz "obj_gpl"
__kstrtabns_obj_gpl:
	.asciz ""
	.section .modinfo, "a"
	.asciz "license=Proprietary"
	.text
	.globl obj_plain, obj_gpl
obj_plain:
obj_gpl:
	.long 0
