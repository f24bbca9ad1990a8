/* SPDX-License-Identifier: MIT */
/* Listed by name in ns_for_users's module: namespace; imports NS_PLAIN as
   usual; uses the long name (an error under basic modversions alone) and
   ns_data, which has no CRC. */
#include "exports.inc"
	modinfo "license=GPL"
	modinfo "description=allowed by name"
	modinfo "import_ns=NS_PLAIN"
	uses ns_for_users
	uses ns_plain_fn
	uses ns_gpl_fn
	uses ns_data
	uses a_symbol_whose_name_is_long_enough_for_extended_modversions_only
	uses _printk
