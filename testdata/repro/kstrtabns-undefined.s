# SPDX-License-Identifier: MIT
# A module object that references __kstrtabns_modlink_gone, undefined, with
# no export of that name. 6.1's modpost reads every __kstrtabns_ symbol's
# string through its section's file offset plus its value, section 0's for
# an undefined one: the bytes at the start of the file ("\177ELF\2\1\1"),
# and reports "Could not update namespace(...) for symbol modlink_gone".
	.section .modinfo,"a"
	.asciz "license=GPL"
	.data
	.quad __kstrtabns_modlink_gone
	.section .gnu.linkonce.this_module,"aw"
	.zero 64
