// SPDX-License-Identifier: MIT
// The alias formats of each device-table type (file2alias), one function
// per type, and the table that maps MODULE_DEVICE_TABLE's type name to
// its struct layout and formatter.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modpost/device_id.h"
#include "modpost/session.h"

namespace modlink::modpost {

struct Era;  // era.h

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
    // nullptr for pnp_card, whose tables are handled table-wide
    // (device_table.cpp): duplicates across entries are skipped.
    AliasFormatter format;
};

// The types file2alias knows, each with its struct and alias format as
// first verified (6.1's, or those of the release that added the type);
// nullptr for an unknown name. An era lists the types it reads (era.h).
const DeviceTableType* device_table_type(std::string_view name);

// Structs and formats that changed after they were first verified, named
// for what changed. The era that has a change lists it in place of the
// type's first entry (era_7_2.cpp, era_7_3.cpp).
extern const DeviceTableType kAuxiliaryName40;      // AUXILIARY_NAME_SIZE 32 -> 40
extern const DeviceTableType kTypecSvidOnly;        // the alias no longer names the mode
extern const DeviceTableType kWmiGuidChecked;       // GUIDs validated and upper-cased
extern const DeviceTableType kPciBufferCarried;     // do_pci_entry's uncleared 256-byte buffer
extern const DeviceTableType kInputBufferChecked;   // input's alias buffer is bounded
extern const DeviceTableType kVioAlias256;          // the alias is formatted into 256 bytes
extern const DeviceTableType kApWithoutDriverInfo;  // struct ap_device_id lost driver_info

// The era's entry for `type`, or nullptr when the era does not read it.
const DeviceTableType* era_device_type(const Era& era, std::string_view type);

// The device types of `names`, in that order (each must be known).
std::vector<const DeviceTableType*> device_types_named(std::initializer_list<std::string_view> names);
// `base`, with each of `changes` in place of the type of its name, or
// added after the rest when `base` has no type of that name.
std::vector<const DeviceTableType*> device_types_changed(std::span<const DeviceTableType* const> base,
                                                         std::initializer_list<const DeviceTableType*> changes);

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
