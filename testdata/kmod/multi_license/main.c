// SPDX-License-Identifier: MIT
/*
 * multi_license: a module linked from two objects with different license
 * tags, "GPL" here (first in .modinfo) and "Proprietary" in vendor.c
 * (second), that uses a GPL-only symbol (synchronize_rcu). modpost refuses
 * it because one of its license tags is GPL-incompatible; the module loader
 * reads only the first license= entry and would accept it.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>

int multi_license_vendor_checksum(const char *s);

static int __init multi_license_init(void)
{
	synchronize_rcu();
	pr_info("multi_license: checksum %d\n",
		multi_license_vendor_checksum("modlink"));
	return 0;
}

static void __exit multi_license_exit(void)
{
}

module_init(multi_license_init);
module_exit(multi_license_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: GPL and Proprietary license tags");
