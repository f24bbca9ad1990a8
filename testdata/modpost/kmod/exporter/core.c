// SPDX-License-Identifier: MIT
// Exports of every kind 6.1 knows: plain, GPL-only, in a namespace; a
// local header (hashed into srcversion); device tables for aliases.
#include <linux/module.h>
#include <linux/init.h>
#include <linux/pci.h>
#include <linux/usb.h>
#include <linux/of.h>
#include <linux/mod_devicetable.h>
#include "exporter.h"

int mlx_plain(int x) { return x + EXPORTER_BIAS; }
EXPORT_SYMBOL(mlx_plain);

int mlx_gpl(int x) { return x * 2; }
EXPORT_SYMBOL_GPL(mlx_gpl);

int mlx_in_ns(int x) { return x - 1; }
EXPORT_SYMBOL_NS_GPL(mlx_in_ns, MLX_NS);

int mlx_data = 42;
EXPORT_SYMBOL(mlx_data);

static const struct pci_device_id mlx_pci_ids[] = {
	{ PCI_DEVICE(0x8086, 0x1234) },
	{ PCI_DEVICE_SUB(0x10de, PCI_ANY_ID, 0x1043, 0x8888) },
	{ PCI_DEVICE_CLASS(0x020000, 0xffff00) },
	{ }
};
MODULE_DEVICE_TABLE(pci, mlx_pci_ids);

static const struct usb_device_id mlx_usb_ids[] = {
	{ USB_DEVICE(0x046d, 0xc52b) },
	{ USB_DEVICE_VER(0x0bda, 0x8153, 0x3000, 0x3100) },
	{ USB_INTERFACE_INFO(3, 1, 2) },
	{ }
};
MODULE_DEVICE_TABLE(usb, mlx_usb_ids);

static const struct of_device_id mlx_of_ids[] = {
	{ .compatible = "acme,widget" },
	{ .name = "node", .type = "serial", .compatible = "acme,other thing" },
	{ }
};
MODULE_DEVICE_TABLE(of, mlx_of_ids);

static int __init mlx_init(void) { return 0; }
static void __exit mlx_exit(void) { }
module_init(mlx_init);
module_exit(mlx_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION("1.2");
