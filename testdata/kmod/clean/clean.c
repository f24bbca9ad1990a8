// SPDX-License-Identifier: MIT
/*
 * clean: a GPL module using a few ordinary exports; modpost accepts it.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

static DEFINE_MUTEX(clean_lock);
static char *clean_buf;

static int __init clean_init(void)
{
	clean_buf = kmalloc(64, GFP_KERNEL);
	if (!clean_buf)
		return -ENOMEM;
	mutex_lock(&clean_lock);
	strscpy(clean_buf, "hello from clean", 64);
	mutex_unlock(&clean_lock);
	pr_info("clean: %s\n", clean_buf);
	return 0;
}

static void __exit clean_exit(void)
{
	kfree(clean_buf);
}

module_init(clean_init);
module_exit(clean_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: no problems");
