// SPDX-License-Identifier: MIT
/*
 * fpu_inline: a proprietary module using the FPU in kernel context, as
 * graphics and crypto vendors do. Since 5.11 kernel_fpu_begin() is an x86
 * inline (arch/x86/include/asm/fpu/api.h) that calls
 * kernel_fpu_begin_mask(), EXPORT_SYMBOL_GPL; kernel_fpu_end() is called
 * directly and is GPL-only too. Refused on 6.1, 6.12 and 7.2 alike: one
 * symbol through the inline, one named by the module.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <asm/fpu/api.h>

static noinline int fpu_inline_work(void)
{
	kernel_fpu_begin();
	/* vector code would run here */
	kernel_fpu_end();
	return 0;
}

static int __init fpu_inline_init(void)
{
	return fpu_inline_work();
}

static void __exit fpu_inline_exit(void)
{
}

module_init(fpu_inline_init);
module_exit(fpu_inline_exit);
MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("modlink test: kernel_fpu_begin() in a proprietary module");
