// SPDX-License-Identifier: MIT
// The front ends. Each returns the process exit status.
#pragma once

namespace modlink::cli {

int run_check(int argc, char** argv, int first);
int run_exports(int argc, char** argv, int first);
int run_explain(int argc, char** argv, int first);

}  // namespace modlink::cli
