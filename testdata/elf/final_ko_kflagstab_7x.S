/* SPDX-License-Identifier: MIT */
/* A 7.x final .ko: one sorted __ksymtab for every export and a parallel
 * __kflagstab byte per entry (0x01 = GPL-only). No modversions. */
	.section __ksymtab, "a"
__ksymtab_alpha:
	.long 0, 0, 0
__ksymtab_beta:
	.long 0, 0, 0
__ksymtab_gamma:
	.long 0, 0, 0
	.section __kflagstab, "a"
	.byte 0x00, 0x01, 0x00
	.section __ksymtab_strings, "aMS", @progbits, 1
__kstrtabns_gamma:
	.asciz "GAMMA_NS"
	.section .modinfo, "a"
	.asciz "license=GPL"
	.asciz "name=flags"
	.section .gnu.linkonce.this_module, "aw"
	.fill 64, 1, 0
	.data
	.globl alpha, beta, gamma
alpha:
beta:
gamma:
	.long 0
