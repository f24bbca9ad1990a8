/* SPDX-License-Identifier: MIT */
/* A debug section that the assembler compresses (SHF_COMPRESSED). */
	.section .debug_str, "MS", @progbits, 1
	.rept 64
	.asciz "compressible debug string "
	.endr
	.section .modinfo, "a"
	.asciz "license=GPL"
