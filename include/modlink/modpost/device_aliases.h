// SPDX-License-Identifier: MIT
// The alias formats of each device-table type (file2alias), one function
// per type, and the table that maps MODULE_DEVICE_TABLE's type name to
// its struct layout and formatter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/modpost/device_id.h"
#include "modlink/modpost/session.h"

namespace modlink::modpost {

// Where a formatter puts its aliases, and what it may need to warn about.
struct AliasSink {
    Session& session;
    ModpostModule& mod;
    std::string builtin_module = {};  // vmlinux's tables (7.x): the module an alias is for
    std::string scratch = {};         // what a formatter carries from one entry of the table to the next
    void add(std::string alias);
};

using AliasFormatter = void (*)(AliasSink&, const DeviceId&);

struct DeviceTableType {
    std::string_view name;  // as in MODULE_DEVICE_TABLE(name, ...)
    DeviceIdLayout (*layout)(const TargetAbi& abi);
    AliasFormatter format;
    // "" for the struct as 6.1 has it; else the name of a later revision
    // of the struct, which an era picks (Era::device_type_revisions).
    std::string_view revision = {};
};

// nullptr for a type no era knows (the era says which it reads: era.h).
// `revision` names a later revision of the type's struct ("" for the first).
const DeviceTableType* find_device_table_type(std::string_view name, std::string_view revision = {});

// The pieces every format is built from: `prefix` then the value in
// upper-case hex, two digits per byte, when `present`, else `*`.
void add_hex_field(std::string& alias, const char* prefix, bool present, std::uint64_t value, unsigned bytes);
// A trailing '*', unless the alias already ends with one.
void add_wildcard(std::string& alias);

// pnp ids give a pnp: and an acpi*: alias each; pnp_card tables are
// handled table-wide (device_table.cpp), since duplicates across entries
// are skipped.
void pnp_aliases(AliasSink& sink, const std::string& pnp_id);
DeviceIdLayout pnp_card_layout(const TargetAbi& word);

// USB's bcdDevice ranges expand into several aliases (device_alias_usb.cpp).
void format_usb(AliasSink& sink, const DeviceId& id);
DeviceIdLayout usb_layout(const TargetAbi& word);

}  // namespace modlink::modpost
