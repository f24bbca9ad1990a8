/* SPDX-License-Identifier: MIT */
/* Allowed by the namespace's trailing glob (ns_glob*). */
#include "exports.inc"
	modinfo "license=GPL"
	modinfo "description=allowed by the glob"
	uses ns_for_users
	uses _printk
