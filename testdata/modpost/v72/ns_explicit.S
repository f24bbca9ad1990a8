/* SPDX-License-Identifier: MIT */
/* MODULE_IMPORT_NS("module:ns_user"): a module: namespace cannot be
   imported, and importing it does not make the export usable. */
#include "exports.inc"
	modinfo "license=GPL"
	modinfo "description=imports a module: namespace"
	modinfo "import_ns=module:ns_user"
	modinfo "import_ns=NS_PLAIN"
	uses ns_for_users
	uses ns_plain_fn
