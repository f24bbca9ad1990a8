// SPDX-License-Identifier: MIT
// Listed nowhere: a restricted export is refused, the open one is fine.
// No MODULE_DESCRIPTION, for 7.x's warning.
#include <linux/module.h>
#include <linux/init.h>

extern int modns_for_friends(int);
extern int modns_open(int);

static int __init modns_stranger_init(void) { return modns_for_friends(1) + modns_open(2) - 7; }
module_init(modns_stranger_init);
MODULE_LICENSE("GPL");
