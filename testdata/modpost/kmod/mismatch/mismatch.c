// SPDX-License-Identifier: MIT
/*
 * mismatch: references that outlive what they point to. A function that
 * stays calls an __init function, a variable that stays points at __init
 * data and at an __exit function, and an ops table points at __init code
 * (white-listed by its name). Section-mismatch messages of each era.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __initdata mismatch_boot_value = 42;

static noinline int __init mismatch_setup(void)
{
	pr_info("mismatch: setup %d\n", mismatch_boot_value);
	return 0;
}

static noinline void __exit mismatch_teardown(void)
{
	pr_info("mismatch: teardown\n");
}

/* A function that stays calls init code: a mismatch. */
noinline int mismatch_late_call(void)
{
	return mismatch_setup();
}
EXPORT_SYMBOL_GPL(mismatch_late_call);

/* Data that stays points at init data and exit code: mismatches. */
int *mismatch_value_ptr = &mismatch_boot_value;
EXPORT_SYMBOL(mismatch_value_ptr);
void (*mismatch_teardown_ptr)(void) = mismatch_teardown;

struct mismatch_ops {
	int (*setup)(void);
};
/* *_ops tables may point at init code. */
struct mismatch_ops mismatch_ops = { .setup = mismatch_setup };

static int __init mismatch_init(void)
{
	return mismatch_late_call() + mismatch_ops.setup() + (mismatch_teardown_ptr ? 0 : 1);
}

static void __exit mismatch_exit(void)
{
	mismatch_teardown();
}

module_init(mismatch_init);
module_exit(mismatch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("section mismatches for modlink's drop-in tests");
