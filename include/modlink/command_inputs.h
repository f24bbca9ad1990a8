// SPDX-License-Identifier: MIT
// Assembling a job: one kernel (its dumps, vmlinux, module tree), extra
// symbol dumps, and the modules to look at, all parsed once, in parallel.
// Every front end that checks modules against a kernel starts here.
#pragma once

#include <string>
#include <vector>

#include "modlink/findings.h"
#include "modlink/kernel.h"
#include "modlink/kernel_locate.h"
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

// A module to check that could not be read (missing, truncated, not ELF,
// bad compression, over a limit). Like depmod, modlink says so for that one
// file and goes on: every other module is still checked and reported.
struct UnreadableModule {
    std::string path;     // as given or found
    std::string problem;  // what is wrong, without the path
    // Its place among the modules to check, in input order: the number of
    // inputs (readable or not) that come before it.
    std::size_t position = 0;
};

struct LoadedInputs {
    KernelLocation location;
    Kernel kernel;
    std::vector<Module> modules;  // the modules to check that could be read, in a stable order
    std::vector<UnreadableModule> unreadable;  // the others, by position
};

// The index grows in this order, later entries winning: the kernel's dumps
// and vmlinux, the modules of its module tree (what the loader would really
// see), --symvers files (like KBUILD_EXTRA_SYMBOLS), then the modules being
// checked (they are loaded together). Throws Error when the kernel or a
// --symvers file cannot be read: nothing can be checked then. A module to
// check that cannot be read goes to `unreadable`; a module of the kernel's
// tree that is only indexed and cannot be read is left out of the index
// with a warning on stderr (depmod does the same).
LoadedInputs load_inputs(const InputRequest& req);

// The finding that stands for an unreadable module in reports (kind
// unreadable-module, severity error).
Finding unreadable_module_finding(const UnreadableModule& u);

// Every checked input's findings in input order: `per_module` holds one list
// per readable module (in LoadedInputs::modules order); each unreadable
// module's finding goes in its place.
std::vector<Finding> findings_in_input_order(std::vector<std::vector<Finding>> per_module,
                                             const std::vector<UnreadableModule>& unreadable);

// The running kernel's module tree, /lib/modules/$(uname -r). Throws Error
// saying to give --kernel when it does not exist (a container's kernel is
// the host's).
std::string default_kernel_path();

}  // namespace modlink
