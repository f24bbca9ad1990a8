// SPDX-License-Identifier: MIT
// Exports restricted to named modules (7.x's EXPORT_SYMBOL_FOR_MODULES, a
// "module:" namespace): one listed by name and glob, one listed by name only.
#include <linux/module.h>
#include <linux/init.h>

int modns_for_friends(int x) { return x + 1; }
EXPORT_SYMBOL_FOR_MODULES(modns_for_friends, "modns_friend,modns_pal*");

int modns_for_one(int x) { return x + 2; }
EXPORT_SYMBOL_FOR_MODULES(modns_for_one, "modns_friend");

int modns_open(int x) { return x + 3; }
EXPORT_SYMBOL_GPL(modns_open);

static int __init modns_exporter_init(void) { return 0; }
static void __exit modns_exporter_exit(void) { }
module_init(modns_exporter_init);
module_exit(modns_exporter_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: exports for named modules only");
