/* SPDX-License-Identifier: MIT */
#define EXPORTER_BIAS 3 // a header in the module's own directory
