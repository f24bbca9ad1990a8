// SPDX-License-Identifier: MIT
/*
 * undefined: calls kallsyms_lookup_name(), which the kernel stopped
 * exporting in 5.7; the header still declares it.
 */
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init undefined_init(void)
{
	unsigned long addr = kallsyms_lookup_name("printk");

	pr_info("undefined: printk is at %lx\n", addr);
	return 0;
}

static void __exit undefined_exit(void)
{
}

module_init(undefined_init);
module_exit(undefined_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: a symbol no kernel exports");
