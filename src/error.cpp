// SPDX-License-Identifier: MIT
#include "modlink/error.h"

namespace modlink {

std::string Error::describe() const {
    if (file_.empty()) return what();
    return file_ + ": " + what();
}

}  // namespace modlink
