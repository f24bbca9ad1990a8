/* SPDX-License-Identifier: MIT */
/* Exports of every kind 7.2 writes into the exporter's .mod.c: GPL-only
   (SYMBOL_FLAGS 0x01) and not, a function and data, a plain namespace, a
   module: namespace (EXPORT_SYMBOL_GPL_FOR_MODULES(ns_for_users,
   "ns_user,ns_glob*")) and a name of 56 characters or more, which only the
   extended modversions tables can carry. */
#include "exports.inc"
	modinfo "license=GPL"
	modinfo "description=7.2 exporter"
	export_func ns_gpl_fn, "GPL", ""
	export_func ns_plain_fn, "", "NS_PLAIN"
	export_data ns_data, "", ""
	export_func ns_for_users, "GPL", "module:ns_user,ns_glob*"
	export_func a_symbol_whose_name_is_long_enough_for_extended_modversions_only, "", ""
	uses _printk
