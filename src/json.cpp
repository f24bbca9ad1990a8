// SPDX-License-Identifier: MIT
#include "modlink/json.h"

#include <fmt/format.h>

namespace modlink {

std::string json_text(const Json& doc) {
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string crc_text(std::uint32_t crc) { return fmt::format("0x{:08x}", crc); }

}  // namespace modlink
