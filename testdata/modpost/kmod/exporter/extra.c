// SPDX-License-Identifier: MIT
#include <linux/module.h>
#include "exporter.h"

/* A comment, and a "string  with   spaces" that srcversion keeps. */
const char *mlx_name(void) { return "mlx  exporter"; }
EXPORT_SYMBOL(mlx_name);
