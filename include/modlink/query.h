// SPDX-License-Identifier: MIT
// `modlink query`: what each kernel says about each symbol (exported or not,
// owner, GPL-only, namespace, CRC), and optionally whether a given module may
// use it. Answers come from the kernel's export index (Module.symvers, or a
// module tree's own __ksymtab_gpl / __kflagstab when there is no dump), so a
// configure script can ask many questions of one read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modlink/kernel.h"

namespace modlink {

// The module asking (--module NAME [--license L]).
struct QueryingModule {
    std::string name;
    std::string license;  // "" when not given: GPL-only symbols are reported, not judged
};

struct SymbolAnswer {
    std::string symbol;
    const KernelExport* exported = nullptr;  // into the kernel's index; null: not exported
    // With a querying module: may it use the symbol, and if not, why; and
    // what it must add (MODULE_IMPORT_NS) when a namespace needs importing.
    std::optional<bool> usable;
    std::string reason;
    std::string import_statement;
};

struct KernelAnswers {
    std::string path;
    std::string release;
    bool modversions = false;
    std::vector<SymbolAnswer> symbols;  // in the order asked
};

// Looks every symbol up in `kernel` (names as a module imports them).
KernelAnswers answer_query(const std::string& path, const Kernel& kernel, const std::vector<std::string>& symbols,
                           const std::optional<QueryingModule>& module);

std::string render_query_text(const std::vector<KernelAnswers>& answers);
std::string render_query_json(const std::vector<KernelAnswers>& answers, const std::optional<QueryingModule>& module);
// `#define HAVE_EXPORT_<SYM> 1` for each exported symbol, `/* #undef ... */`
// for the others, and `#define <SYM>_IS_GPL_ONLY 1` for GPL-only ones; with
// several kernels, a comment line heads each kernel's block.
std::string render_query_autoconf(const std::vector<KernelAnswers>& answers);

}  // namespace modlink
