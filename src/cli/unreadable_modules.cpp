// SPDX-License-Identifier: MIT
#include "unreadable_modules.h"

#include <cstdio>
#include <string>

#include "modlink/plural.h"
#include "modlink/report.h"

namespace modlink::cli {

void print_unreadable(const Finding& f) {
    std::fflush(stdout);
    std::fprintf(stderr, "modlink: error: %s: %s\n", f.module.c_str(), f.message.c_str());
}

void print_text_report(const std::vector<Finding>& findings, bool color) {
    std::vector<Finding> run;
    auto flush_run = [&] {
        std::string text = render_text(run, color);
        std::fwrite(text.data(), 1, text.size(), stdout);
        run.clear();
    };
    for (const Finding& f : findings) {
        if (f.kind != FindingKind::UnreadableModule) {
            run.push_back(f);
            continue;
        }
        flush_run();
        print_unreadable(f);
    }
    flush_run();
}

int check_exit_status(bool any_error, std::size_t unreadable, std::size_t checked) {
    if (unreadable == 0) return any_error ? 1 : 0;
    if (unreadable + checked > 1) {
        std::fflush(stdout);  // the report first, then the count that explains the exit status
        std::fprintf(stderr, "modlink: error: %zu of %s could not be read; %zu %s checked\n", unreadable,
                     plural(unreadable + checked, "module").c_str(), checked, checked == 1 ? "was" : "were");
    }
    return 2;
}

}  // namespace modlink::cli
