// SPDX-License-Identifier: MIT
// Exports a symbol whose name is longer than __versions' 56-byte name field:
// under extended modversions only the ext tables can carry its CRC.
#include <linux/module.h>
#include <linux/init.h>

struct longname_point { int x, y; };

int modlink_an_exported_function_whose_name_is_longer_than_fifty_six_bytes(struct longname_point *p)
{
	return p->x + p->y;
}
EXPORT_SYMBOL(modlink_an_exported_function_whose_name_is_longer_than_fifty_six_bytes);

int longname_short(struct longname_point *p) { return p->x; }
EXPORT_SYMBOL_GPL(longname_short);

static int __init longname_exporter_init(void) { return 0; }
module_init(longname_exporter_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: a long exported name");
