// SPDX-License-Identifier: MIT
/*
 * gpl_data: a GPL-incompatible module that reads an EXPORT_SYMBOL_GPL
 * variable (kernel_kobj, the /sys/kernel kobject pointer) directly.
 */
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init gpl_data_init(void)
{
	struct kobject *parent = kernel_kobj;

	pr_info("gpl_data: parent is /sys/%s\n", parent ? kobject_name(parent) : "?");
	return 0;
}

static void __exit gpl_data_exit(void)
{
}

module_init(gpl_data_init);
module_exit(gpl_data_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("modlink test: direct use of a GPL-only variable");
