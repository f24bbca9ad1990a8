// SPDX-License-Identifier: MIT
// Machine-readable output goes through nlohmann-json (ordered objects, so
// keys keep the order the README documents); nothing builds JSON by hand.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace modlink {

using Json = nlohmann::ordered_json;

// The document as modlink prints it: two-space indentation, a final
// newline. Bytes that are not UTF-8 (a hostile module's strings) are
// replaced by U+FFFD, so the output is always valid JSON.
std::string json_text(const Json& doc);

// A CRC as every report writes it: "0x%08x".
std::string crc_text(std::uint32_t crc);

}  // namespace modlink
