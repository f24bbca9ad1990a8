// SPDX-License-Identifier: MIT
// Assembling a job: one kernel (its dumps, vmlinux, module tree), extra
// symbol dumps, and the modules to look at, all parsed once, in parallel.
// Every front end that checks modules against a kernel starts here.
#pragma once

#include <string>
#include <vector>

#include "modlink/kernel.h"
#include "modlink/module.h"

namespace modlink {

struct InputRequest {
    std::string kernel;                      // --kernel PATH
    std::vector<std::string> modules;        // module files or directories; empty = the kernel's tree
    bool index_only = false;                 // no modules to check: just the kernel's export index
    // A check against an index without vmlinux would call every kernel
    // symbol missing, so that is an error; query answers what there is.
    bool need_vmlinux_exports = true;
    std::vector<std::string> extra_symvers;  // --symvers FILE...
    int jobs = 0;
    ParseOptions parse;  // how the modules are read
};

struct LoadedInputs {
    KernelLocation location;
    Kernel kernel;
    std::vector<Module> modules;  // the modules to check, in a stable order
};

// The index grows in this order, later entries winning: the kernel's dumps
// and vmlinux, the modules of its module tree (what the loader would really
// see), --symvers files (like KBUILD_EXTRA_SYMBOLS), then the modules being
// checked (they are loaded together). Throws Error.
LoadedInputs load_inputs(const InputRequest& req);

// The running kernel's module tree, /lib/modules/$(uname -r).
std::string default_kernel_path();

}  // namespace modlink
