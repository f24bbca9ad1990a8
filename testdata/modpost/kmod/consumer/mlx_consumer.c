// SPDX-License-Identifier: MIT
// Uses the exporter's symbols (through KBUILD_EXTRA_SYMBOLS): depends,
// __versions with module CRCs, a namespace it does import, GPL-only ones.
#include <linux/module.h>
#include <linux/init.h>
#include <linux/version.h>

extern int mlx_plain(int);
extern int mlx_gpl(int);
extern int mlx_in_ns(int);
extern int mlx_data;
extern const char *mlx_name(void);

static int __init mlx_consumer_init(void)
{
	pr_info("%s %d\n", mlx_name(), mlx_plain(1) + mlx_gpl(2) + mlx_in_ns(3) + mlx_data);
	return 0;
}
module_init(mlx_consumer_init);

MODULE_LICENSE("Dual MIT/GPL");
/* The string form since 6.13, a bare name before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
MODULE_IMPORT_NS("MODLINK_TEST");
#else
MODULE_IMPORT_NS(MODLINK_TEST);
#endif
