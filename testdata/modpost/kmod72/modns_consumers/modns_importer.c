// SPDX-License-Identifier: MIT
// Tries to import a "module:" namespace explicitly, which 7.x refuses even
// for a module the list names.
#include <linux/module.h>
#include <linux/init.h>

extern int modns_open(int);

static int __init modns_importer_init(void) { return modns_open(1) - 4; }
module_init(modns_importer_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: imports a module: namespace");
MODULE_IMPORT_NS("module:modns_importer");
