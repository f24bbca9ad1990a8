/* SPDX-License-Identifier: MIT */
/* Extended modversions (6.14+): CRCs and names in two parallel sections, so
 * names longer than a __versions slot fit. */
	.section __version_ext_crcs, "a"
	.long 0x01020304, 0x0a0b0c0d
	.section __version_ext_names, "a"
	.asciz "a_symbol_name_that_is_much_longer_than_the_fifty_six_bytes_of_a_versions_slot"
	.asciz "short"
	.section .modinfo, "a"
	.asciz "license=GPL"
	.data
	.quad a_symbol_name_that_is_much_longer_than_the_fifty_six_bytes_of_a_versions_slot
	.quad short
