// SPDX-License-Identifier: MIT
/* Stands in for a kernel header: installed as include/linux/explain_fixture.h at test time. */
extern int ext_gpl_func(int);

static inline __attribute__((always_inline)) int fixture_helper(int x)
{
	return ext_gpl_func(x) + 1;
}
