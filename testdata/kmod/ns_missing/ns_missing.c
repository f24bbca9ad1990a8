// SPDX-License-Identifier: MIT
/*
 * ns_missing: uses dma_buf_get()/dma_buf_put(), exported in the DMA_BUF
 * symbol namespace, without MODULE_IMPORT_NS(DMA_BUF).
 */
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int ns_missing_fd = -1;
module_param_named(fd, ns_missing_fd, int, 0444);
MODULE_PARM_DESC(fd, "a dma-buf file descriptor to look up");

static int __init ns_missing_init(void)
{
	struct dma_buf *buf = dma_buf_get(ns_missing_fd);

	if (IS_ERR(buf)) {
		pr_info("ns_missing: no dma-buf for fd %d (%ld)\n",
			ns_missing_fd, PTR_ERR(buf));
		return 0;
	}
	pr_info("ns_missing: dma-buf of %zu bytes\n", buf->size);
	dma_buf_put(buf);
	return 0;
}

static void __exit ns_missing_exit(void)
{
}

module_init(ns_missing_init);
module_exit(ns_missing_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: namespaced symbols without MODULE_IMPORT_NS");
