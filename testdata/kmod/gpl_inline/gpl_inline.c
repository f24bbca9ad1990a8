// SPDX-License-Identifier: MIT
/*
 * gpl_inline: a GPL-incompatible module that never names a GPL-only symbol
 * itself, yet is refused by modpost because static inline helpers from
 * kernel headers expand to references to EXPORT_SYMBOL_GPL symbols.
 *
 * Each leak sits in its own small noinline function so the chain
 * (our function -> header inline -> GPL-only symbol) is easy to follow
 * in the DWARF (DW_TAG_inlined_subroutine with DW_AT_call_file/line).
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched/smt.h>

static int gpl_inline_value = 42;

/*
 * Function-call leak: with CONFIG_PREEMPT_RCU, rcu_read_lock() and
 * rcu_read_unlock() (include/linux/rcupdate.h) call __rcu_read_lock() and
 * __rcu_read_unlock(), both EXPORT_SYMBOL_GPL.
 */
static noinline int gpl_inline_read_rcu(void)
{
	int v;

	rcu_read_lock();
	v = READ_ONCE(gpl_inline_value);
	rcu_read_unlock();
	return v;
}

/*
 * Static-key (data) leak: sched_smt_active() (include/linux/sched/smt.h)
 * is static_branch_likely(&sched_smt_present); the jump label makes the
 * module reference the EXPORT_SYMBOL_GPL static key sched_smt_present.
 */
static noinline bool gpl_inline_smt(void)
{
	return sched_smt_active();
}

/*
 * Config-dependent leak: kmap_atomic()/kunmap_atomic()
 * (include/linux/highmem-internal.h) call migrate_disable() and
 * migrate_enable() (EXPORT_SYMBOL_GPL) only under CONFIG_PREEMPT_RT;
 * on a non-RT kernel they use preempt_disable()/preempt_enable() instead.
 */
static noinline int gpl_inline_kmap(struct page *page)
{
	unsigned char *p;
	int v;

	p = kmap_atomic(page);
	p[0] = 7;
	v = p[0];
	kunmap_atomic(p);
	return v;
}

static int __init gpl_inline_init(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (!page)
		return -ENOMEM;
	pr_info("gpl_inline: value %d smt %d byte %d\n",
		gpl_inline_read_rcu(), gpl_inline_smt(), gpl_inline_kmap(page));
	__free_page(page);
	return 0;
}

static void __exit gpl_inline_exit(void)
{
	pr_info("gpl_inline: bye\n");
}

module_init(gpl_inline_init);
module_exit(gpl_inline_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("modlink test: GPL-only symbols reached through header inlines");
