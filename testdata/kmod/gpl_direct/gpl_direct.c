// SPDX-License-Identifier: MIT
/*
 * gpl_direct: a GPL-incompatible module that calls an EXPORT_SYMBOL_GPL
 * function (ktime_get) by name.
 */
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/timekeeping.h>

static int __init gpl_direct_init(void)
{
	ktime_t now = ktime_get();

	pr_info("gpl_direct: loaded at %lld ns\n", (long long)ktime_to_ns(now));
	return 0;
}

static void __exit gpl_direct_exit(void)
{
	pr_info("gpl_direct: bye\n");
}

module_init(gpl_direct_init);
module_exit(gpl_direct_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("modlink test: direct use of a GPL-only function");
