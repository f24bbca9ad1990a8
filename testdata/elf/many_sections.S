/* SPDX-License-Identifier: MIT */
/* More than 65,280 sections, so the section count, the name table index and
 * symbol section indexes need ELF's extended numbering (SHN_XINDEX). */
	.altmacro
	.macro one n
	.section .s\n, "a"
	.globl sym\n
sym\n:
	.byte 0
	.endm
	.set i, 0
	.rept 66000
	one %i
	.set i, i + 1
	.endr
