// SPDX-License-Identifier: MIT
// The front ends. Each returns the process exit status.
#pragma once

namespace modlink::cli {

int run_check(int argc, char** argv, int first);
int run_exports(int argc, char** argv, int first);
// The drop-in modpost (modpost_command.cpp).
int run_modpost(int argc, char** argv, int first);
bool invoked_as_modpost(int argc, char** argv);
int run_explain(int argc, char** argv, int first);
int run_audit(int argc, char** argv, int first);
int run_diff(int argc, char** argv, int first);
int run_query(int argc, char** argv, int first);
// `modlink leaks`: the kernel's leak index (leaks_command.cpp).
int run_leaks(int argc, char** argv, int first);
// `modlink kernel fetch|list|remove` (kernel_command.cpp).
int run_kernel(int argc, char** argv, int first);

}  // namespace modlink::cli
