# SPDX-License-Identifier: MIT
# A module object whose PCI device table lives in .bss (SHT_NOBITS) with an
# st_size of SIZE bytes (assemble with --defsym SIZE=...): nothing in the
# file holds it. 6.1's modpost callocs it; 4 GiB of it makes upstream run
# out of memory after 15 s, 64 MiB is a real 114 MB .mod.c of aliases.
	.section .modinfo,"a"
	.asciz "license=GPL"
	.section .bss.devtab,"aw",@nobits
	.globl __mod_pci__repro_device_table
	.type __mod_pci__repro_device_table,@object
	.size __mod_pci__repro_device_table, SIZE
__mod_pci__repro_device_table:
	.zero 64
	.section .gnu.linkonce.this_module,"aw"
	.zero 64
