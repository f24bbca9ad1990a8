// SPDX-License-Identifier: MIT
// Matches the glob "modns_pal*" of one export, but not the other's list.
#include <linux/module.h>
#include <linux/init.h>

extern int modns_for_friends(int);
extern int modns_for_one(int);

static int __init modns_pal_one_init(void) { return modns_for_friends(1) + modns_for_one(2) - 6; }
module_init(modns_pal_one_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: a module one export's glob matches");
