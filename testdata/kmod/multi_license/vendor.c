// SPDX-License-Identifier: MIT
/*
 * The "vendored" part of multi_license, carrying its own license tag
 * (as ZFS's bundled Lua and zstd carry theirs).
 */
#include <linux/module.h>

int multi_license_vendor_checksum(const char *s);

int multi_license_vendor_checksum(const char *s)
{
	int sum = 0;

	while (*s)
		sum = sum * 31 + *s++;
	return sum;
}

MODULE_LICENSE("Proprietary");
