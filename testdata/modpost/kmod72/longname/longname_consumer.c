// SPDX-License-Identifier: MIT
// Uses the long and the short export, and kernel exports, so its __versions
// (basic) and ext tables hold module CRCs, kernel CRCs and a long name.
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>

struct longname_point { int x, y; };
int modlink_an_exported_function_whose_name_is_longer_than_fifty_six_bytes(struct longname_point *p);
int longname_short(struct longname_point *p);

static int __init longname_consumer_init(void)
{
	struct longname_point *p = kzalloc(sizeof(*p), GFP_KERNEL);
	int r;

	if (!p)
		return -ENOMEM;
	r = modlink_an_exported_function_whose_name_is_longer_than_fifty_six_bytes(p) + longname_short(p);
	kfree(p);
	return r;
}
module_init(longname_consumer_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: uses a long exported name");
