// SPDX-License-Identifier: MIT
/*
 * vma_flags: NVIDIA's 6.15 break. A proprietary driver's mmap handler sets
 * VMA flags the way the kernel asks since 6.3, with vm_flags_set(). Since
 * 6.15 that inline (include/linux/mm.h) calls vma_start_write()
 * (include/linux/mmap_lock.h), which calls __vma_start_write(), an
 * EXPORT_SYMBOL_GPL symbol: the module is refused, though it never names a
 * GPL-only symbol. On 6.12 the same source is accepted; before 6.3 it
 * writes vm_flags directly, as vendors' compatibility code does.
 */
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/version.h>

static int vma_flags_mmap(struct file *file, struct vm_area_struct *vma)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_IO | VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
#endif
	return 0;
}

static const struct file_operations vma_flags_fops = {
	.owner = THIS_MODULE,
	.mmap = vma_flags_mmap,
};

static struct miscdevice vma_flags_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "modlink_vma_flags",
	.fops = &vma_flags_fops,
};

static int __init vma_flags_init(void)
{
	return misc_register(&vma_flags_dev);
}

static void __exit vma_flags_exit(void)
{
	misc_deregister(&vma_flags_dev);
}

module_init(vma_flags_init);
module_exit(vma_flags_exit);
MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("modlink test: vm_flags_set() in a proprietary mmap handler");
