// SPDX-License-Identifier: MIT
// How the commands that check modules report the ones they could not read,
// so each says the same: the tool's own error line for each (on stderr, in
// the module's place), a count, and exit status 2 after everything else
// was reported.
#pragma once

#include <cstddef>
#include <vector>

#include "modlink/findings.h"

namespace modlink::cli {

// Text reports: each run of findings goes to stdout as render_text prints
// it; each unreadable-module finding is `modlink: error: FILE: problem` on
// stderr, after stdout is flushed, so a terminal shows it in its place.
void print_text_report(const std::vector<Finding>& findings, bool color);

// One error line on stderr for an unreadable module.
void print_unreadable(const Finding& f);

// 2 when some module could not be read (with more than one input, a line on
// stderr counts them), else 1 on an error-severity finding, else 0.
int check_exit_status(bool any_error, std::size_t unreadable, std::size_t checked);

}  // namespace modlink::cli
