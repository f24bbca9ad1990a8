// SPDX-License-Identifier: MIT
// Listed by name for both restricted exports: allowed.
#include <linux/module.h>
#include <linux/init.h>

extern int modns_for_friends(int);
extern int modns_for_one(int);

static int __init modns_friend_init(void) { return modns_for_friends(1) + modns_for_one(2) - 6; }
module_init(modns_friend_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: a module the exporter lists");
