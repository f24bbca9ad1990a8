// SPDX-License-Identifier: MIT
/*
 * explain unit fixture, compiled at test time with gcc (see
 * tests/unit/explain_test.cpp): a kernel-header inline is used from .text,
 * .init.text and .exit.text, whose code all starts at offset 0 of its own
 * section, the way a .ko's does; one use is direct; one is from data.
 */
#include <linux/explain_fixture.h>

extern int ext_data;

__attribute__((noinline)) int text_fn(int x)
{
	return fixture_helper(x) * fixture_helper(x + 7);
}

__attribute__((section(".init.text"), noinline)) int init_fn(int x)
{
	return fixture_helper(x);
}

__attribute__((section(".exit.text"), noinline)) int exit_fn(int x)
{
	return ext_gpl_func(x);
}

int *const data_ops[] = { &ext_data };
