// SPDX-License-Identifier: MIT
/*
 * out_of_line: a proprietary module that takes the address of a header
 * inline, kernel_fpu_begin() (arch/x86/include/asm/fpu/api.h), so the
 * compiler emits it into the module as a function of its own, with its
 * call to the GPL-only kernel_fpu_begin_mask() inside. That reference is
 * the header's code, not the module's: explain must say "pulled in by" the
 * header function, not "called directly" at a header line. The module's
 * own call to kernel_fpu_end() is the direct one.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <asm/fpu/api.h>

static void (*volatile begin)(void) = kernel_fpu_begin;

static int __init out_of_line_init(void)
{
	begin();
	kernel_fpu_end(); /* the module's own call */
	return 0;
}
module_init(out_of_line_init);
MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("modlink test: a header inline compiled out of line");
