// SPDX-License-Identifier: MIT
/*
 * many_undefined: twelve distinct symbols that nothing exports, more than
 * modpost's limit of ten reported unresolved symbols per run.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

extern int modlink_missing_01(int);
extern int modlink_missing_02(int);
extern int modlink_missing_03(int);
extern int modlink_missing_04(int);
extern int modlink_missing_05(int);
extern int modlink_missing_06(int);
extern int modlink_missing_07(int);
extern int modlink_missing_08(int);
extern int modlink_missing_09(int);
extern int modlink_missing_10(int);
extern int modlink_missing_11(int);
extern int modlink_missing_12(int);

static int __init many_undefined_init(void)
{
	int v = 0;

	v += modlink_missing_01(v);
	v += modlink_missing_02(v);
	v += modlink_missing_03(v);
	v += modlink_missing_04(v);
	v += modlink_missing_05(v);
	v += modlink_missing_06(v);
	v += modlink_missing_07(v);
	v += modlink_missing_08(v);
	v += modlink_missing_09(v);
	v += modlink_missing_10(v);
	v += modlink_missing_11(v);
	v += modlink_missing_12(v);
	pr_info("many_undefined: %d\n", v);
	return 0;
}

static void __exit many_undefined_exit(void)
{
}

module_init(many_undefined_init);
module_exit(many_undefined_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: more than ten unresolved symbols");
