# SPDX-License-Identifier: MIT
# A module object whose OF device table symbol claims two entries (400
# bytes) while its section holds one (200 bytes, x86-64's of_device_id):
# the second entry lies in the bytes that follow in the file, here
# .modinfo's. 6.1's modpost reads the table through its pointer into the
# file and says "struct of_device_id is not terminated with a NULL entry!".
	.section .rodata.devtab,"a"
	.globl __mod_of__repro_device_table
	.type __mod_of__repro_device_table,@object
	.size __mod_of__repro_device_table, 400
__mod_of__repro_device_table:
	.zero 64
	.ascii "acme,widget"
	.zero 125
	.section .modinfo,"a"
	.asciz "license=GPL"
	.asciz "description=past its section"
	.zero 200
	.section .gnu.linkonce.this_module,"aw"
	.zero 64
