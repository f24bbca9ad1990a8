#include <linux/module.h>
#include <linux/export-internal.h>
#include <linux/compiler.h>

MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
	.arch = MODULE_ARCH_INIT,
};

KSYMTAB_FUNC(snap_plain, "");
SYMBOL_FLAGS(snap_plain, 0x00);
KSYMTAB_FUNC(snap_gpl, "SNAP_OWN");
SYMBOL_FLAGS(snap_gpl, 0x01);

SYMBOL_CRC(snap_plain, 0x00000000);
SYMBOL_CRC(snap_gpl, 0x00000000);

MODULE_INFO(depends, "");

MODULE_ALIAS("pci:v00008086d00001234sv*sd*bc*sc*i*");

MODULE_INFO(srcversion, "533BB7E5866E52F63B9ACCB");
