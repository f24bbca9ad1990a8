/* SPDX-License-Identifier: MIT */
#define EXPORTER_BIAS 3 // a header in the module's own directory

#include <linux/version.h>
/* Since 6.13 a namespace is a string ("NS"); before, a bare name the macros
 * stringify. MLX_NS expands to the right one (the old macros expand it first). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define MLX_NS "MODLINK_TEST"
#else
#define MLX_NS MODLINK_TEST
#endif
