/* SPDX-License-Identifier: MIT */
/* Refused: ns_user2 is not ns_user (an entry without '*' is matched whole),
   and no MODULE_DESCRIPTION(). */
#include "exports.inc"
	modinfo "license=GPL"
	uses ns_for_users
	uses ns_plain_fn
