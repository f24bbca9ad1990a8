// SPDX-License-Identifier: MIT
// One formatter per device-table type 6.1 knows, with the struct it reads.
// Formats are modpost's (they are what udev matches modaliases against).
#include "modpost/device_aliases.h"

#include "modlink/modpost/era.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace modlink::modpost {

using Kind = FieldKind;  // the kinds of a struct member

void add_hex_field(std::string& alias, const char* prefix, bool present, std::uint64_t value, unsigned bytes) {
    alias += prefix;
    if (!present) {
        alias += '*';
        return;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*llX", static_cast<int>(bytes * 2), static_cast<unsigned long long>(value));
    alias += buf;
}

void AliasSink::add(std::string alias) {
    // 6.1 formats each MODULE_ALIAS line into a 500-byte buffer and gives
    // up on a longer one (an input table matching hundreds of keys).
    constexpr std::size_t kLineMax = 500;
    std::string line = "MODULE_ALIAS(\"" + alias + "\");\n";
    if (!session.era().mod_c.aliases_formatted_at_write && line.size() >= kLineMax)
        session.diag().fatal("buf_printf output truncated for string %s: %zu bytes needed, %zu available\n",
                             line.substr(0, kLineMax - 1).c_str(), line.size() + 1, kLineMax);
    if (session.era().aliases_deduplicated && !mod.alias_set.insert(alias).second) return;
    if (session.era().mod_c.builtin_aliases && mod.is_vmlinux) mod.alias_modules.push_back(builtin_module);
    mod.aliases.push_back(std::move(alias));
}

void add_wildcard(std::string& alias) {
    if (alias.empty() || alias.back() != '*') alias += '*';
}

namespace {

// ADD() over a field of the entry, at the field's own width.
void add(std::string& a, const DeviceId& id, const char* prefix, bool present, const char* field) {
    add_hex_field(a, prefix, present, id.u(field), id.width(field));
}

std::string uuid_text(std::span<const char> b, bool upper, bool swap_first_fields) {
    static constexpr int kLeOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    std::string out;
    char buf[4];
    for (int i = 0; i < 16 && b.size() >= 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        int at = swap_first_fields ? kLeOrder[i] : i;
        std::snprintf(buf, sizeof buf, upper ? "%02X" : "%02x", static_cast<unsigned char>(b[static_cast<std::size_t>(at)]));
        out += buf;
    }
    return out;
}

// --- layouts ---------------------------------------------------------------

DeviceIdLayout name_then_word(const TargetAbi& word, unsigned name_len) {
    return DeviceIdLayout({{"name", Kind::Chars, name_len}, {"driver_data", Kind::Word}}, word);
}

DeviceIdLayout pci_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"vendor", Kind::U32}, {"device", Kind::U32}, {"subvendor", Kind::U32}, {"subdevice", Kind::U32},
                           {"class", Kind::U32}, {"class_mask", Kind::U32}, {"driver_data", Kind::Word}, {"override_only", Kind::U32}},
                          w);
}
DeviceIdLayout ieee1394_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U32}, {"vendor_id", Kind::U32}, {"model_id", Kind::U32},
                           {"specifier_id", Kind::U32}, {"version", Kind::U32}, {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout hid_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"bus", Kind::U16}, {"group", Kind::U16}, {"vendor", Kind::U32}, {"product", Kind::U32}, {"driver_data", Kind::Word}}, w);
}
DeviceIdLayout ccw_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U16}, {"cu_type", Kind::U16}, {"dev_type", Kind::U16}, {"cu_model", Kind::U8},
                           {"dev_model", Kind::U8}, {"driver_info", Kind::Word}},
                          w);
}
DeviceIdLayout ap_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U16}, {"dev_type", Kind::U8}, {"driver_info", Kind::Word}}, w);
}
// 7.3 dropped driver_info (include/linux/device-id/ap.h): 4 bytes.
DeviceIdLayout ap_without_info_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U16}, {"dev_type", Kind::U8}}, w);
}
DeviceIdLayout css_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U8}, {"type", Kind::U8}, {"driver_data", Kind::Word}}, w);
}
DeviceIdLayout serio_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"type", Kind::U8}, {"extra", Kind::U8}, {"id", Kind::U8}, {"proto", Kind::U8}}, w);
}
DeviceIdLayout acpi_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"id", Kind::Chars, 16}, {"driver_data", Kind::Word}, {"cls", Kind::U32}, {"cls_msk", Kind::U32}}, w);
}
DeviceIdLayout pnp_layout(const TargetAbi& w) { return DeviceIdLayout({{"id", Kind::Chars, 8}, {"driver_data", Kind::Word}}, w); }
DeviceIdLayout pcmcia_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U16}, {"manf_id", Kind::U16}, {"card_id", Kind::U16}, {"func_id", Kind::U8},
                           {"function", Kind::U8}, {"device_no", Kind::U8}, {"prod_id_hash", Kind::U32, 4},
                           {"prod_id", Kind::Word, 4}, {"driver_info", Kind::Word}, {"cisfile", Kind::Word}},
                          w);
}
DeviceIdLayout vio_layout(const TargetAbi& w) { return DeviceIdLayout({{"type", Kind::Chars, 32}, {"compat", Kind::Chars, 32}}, w); }
DeviceIdLayout input_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"flags", Kind::Word}, {"bustype", Kind::U16}, {"vendor", Kind::U16}, {"product", Kind::U16},
                           {"version", Kind::U16}, {"evbit", Kind::WordBitmap, 0x1f}, {"keybit", Kind::WordBitmap, 0x2ff},
                           {"relbit", Kind::WordBitmap, 0x0f}, {"absbit", Kind::WordBitmap, 0x3f},
                           {"mscbit", Kind::WordBitmap, 0x07}, {"ledbit", Kind::WordBitmap, 0x0f},
                           {"sndbit", Kind::WordBitmap, 0x07}, {"ffbit", Kind::WordBitmap, 0x7f},
                           {"swbit", Kind::WordBitmap, 0x10}, {"propbit", Kind::WordBitmap, 0x1f}, {"driver_info", Kind::Word}},
                          w);
}
DeviceIdLayout eisa_layout(const TargetAbi& w) { return DeviceIdLayout({{"sig", Kind::Chars, 8}, {"driver_data", Kind::Word}}, w); }
DeviceIdLayout parisc_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"hw_type", Kind::U8}, {"hversion_rev", Kind::U8}, {"hversion", Kind::U16}, {"sversion", Kind::U32}}, w);
}
DeviceIdLayout sdio_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"class", Kind::U8}, {"vendor", Kind::U16}, {"device", Kind::U16}, {"driver_data", Kind::Word}}, w);
}
DeviceIdLayout ssb_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"vendor", Kind::U16}, {"coreid", Kind::U16}, {"revision", Kind::U8}, {"pad", Kind::U8}}, w);
}
DeviceIdLayout bcma_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"manuf", Kind::U16}, {"id", Kind::U16}, {"rev", Kind::U8}, {"class", Kind::U8}}, w);
}
DeviceIdLayout virtio_layout(const TargetAbi& w) { return DeviceIdLayout({{"device", Kind::U32}, {"vendor", Kind::U32}}, w); }
DeviceIdLayout guid_then_word(const TargetAbi& w) { return DeviceIdLayout({{"guid", Kind::Chars, 16}, {"driver_data", Kind::Word}}, w); }
DeviceIdLayout rpmsg_layout(const TargetAbi& w) { return name_then_word(w, 32); }
DeviceIdLayout i2c_layout(const TargetAbi& w) { return name_then_word(w, 20); }
DeviceIdLayout spi_layout(const TargetAbi& w) { return name_then_word(w, 32); }
DeviceIdLayout platform_layout(const TargetAbi& w) { return name_then_word(w, 20); }
DeviceIdLayout auxiliary_layout(const TargetAbi& w) { return name_then_word(w, 32); }
DeviceIdLayout auxiliary40_layout(const TargetAbi& w) { return name_then_word(w, 40); }
DeviceIdLayout mhi_layout(const TargetAbi& w) { return DeviceIdLayout({{"chan", Kind::Chars, 32}, {"driver_data", Kind::Word}}, w); }
DeviceIdLayout i3c_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U8}, {"dcr", Kind::U8}, {"manuf_id", Kind::U16}, {"part_id", Kind::U16},
                           {"extra_info", Kind::U16}, {"data", Kind::Word}},
                          w);
}
DeviceIdLayout dmi_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"callback", Kind::Word}, {"ident", Kind::Word}, {"slot0", Kind::U8}, {"substr0", Kind::Chars, 79},
                           {"slot1", Kind::U8}, {"substr1", Kind::Chars, 79}, {"slot2", Kind::U8}, {"substr2", Kind::Chars, 79},
                           {"slot3", Kind::U8}, {"substr3", Kind::Chars, 79}, {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout mdio_layout(const TargetAbi& w) { return DeviceIdLayout({{"phy_id", Kind::U32}, {"phy_id_mask", Kind::U32}}, w); }
DeviceIdLayout zorro_layout(const TargetAbi& w) { return DeviceIdLayout({{"id", Kind::U32}, {"driver_data", Kind::Word}}, w); }
DeviceIdLayout isapnp_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"card_vendor", Kind::U16}, {"card_device", Kind::U16}, {"vendor", Kind::U16}, {"function", Kind::U16},
                           {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout ipack_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"format", Kind::U8}, {"vendor", Kind::U32}, {"device", Kind::U32}}, w);
}
DeviceIdLayout amba_layout(const TargetAbi& w) { return DeviceIdLayout({{"id", Kind::U32}, {"mask", Kind::U32}, {"data", Kind::Word}}, w); }
DeviceIdLayout mips_cdmm_layout(const TargetAbi& w) { return DeviceIdLayout({{"type", Kind::U8}}, w); }
DeviceIdLayout x86cpu_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"vendor", Kind::U16}, {"family", Kind::U16}, {"model", Kind::U16}, {"steppings", Kind::U16},
                           {"feature", Kind::U16}, {"flags", Kind::U16}, {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout cpu_layout(const TargetAbi& w) { return DeviceIdLayout({{"feature", Kind::U16}}, w); }
DeviceIdLayout mei_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"name", Kind::Chars, 32}, {"uuid", Kind::Chars, 16}, {"version", Kind::U8}, {"driver_info", Kind::Word}}, w);
}
DeviceIdLayout rio_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"did", Kind::U16}, {"vid", Kind::U16}, {"asm_did", Kind::U16}, {"asm_vid", Kind::U16}}, w);
}
DeviceIdLayout ulpi_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"vendor", Kind::U16}, {"product", Kind::U16}, {"driver_data", Kind::Word}}, w);
}
DeviceIdLayout hda_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"vendor_id", Kind::U32}, {"rev_id", Kind::U32}, {"api_version", Kind::U8}, {"name", Kind::Word},
                           {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout sdw_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"mfg_id", Kind::U16}, {"part_id", Kind::U16}, {"sdw_version", Kind::U8}, {"class_id", Kind::U8},
                           {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout fslmc_layout(const TargetAbi& w) { return DeviceIdLayout({{"vendor", Kind::U16}, {"obj_type", Kind::Chars, 16}}, w); }
DeviceIdLayout tbsvc_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U32}, {"protocol_key", Kind::Chars, 9}, {"protocol_id", Kind::U32},
                           {"protocol_version", Kind::U32}, {"protocol_revision", Kind::U32}, {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout typec_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"svid", Kind::U16}, {"mode", Kind::U8}, {"driver_data", Kind::Word}}, w);
}
DeviceIdLayout tee_layout(const TargetAbi& w) { return DeviceIdLayout({{"uuid", Kind::Chars, 16}}, w); }
DeviceIdLayout wmi_layout(const TargetAbi& w) { return DeviceIdLayout({{"guid_string", Kind::Chars, 37}, {"context", Kind::Word}}, w); }
DeviceIdLayout ssam_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"match_flags", Kind::U8}, {"domain", Kind::U8}, {"category", Kind::U8}, {"target", Kind::U8},
                           {"instance", Kind::U8}, {"function", Kind::U8}, {"driver_data", Kind::Word}},
                          w);
}
DeviceIdLayout dfl_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"type", Kind::U16}, {"feature_id", Kind::U16}, {"driver_data", Kind::Word}}, w);
}
DeviceIdLayout of_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"name", Kind::Chars, 32}, {"type", Kind::Chars, 32}, {"compatible", Kind::Chars, 128}, {"data", Kind::Word}}, w);
}

// --- formats ---------------------------------------------------------------

// Most aliases are a prefix, then for each field of the entry a key and
// the field in upper-case hex at its own width, or the key and '*' when
// the entry leaves that field open: either a match_flags bit is clear, or
// the field holds the value that means "any". Those types are rows of
// kKeyedAliases; the rest have a formatter of their own below.
struct AliasKey {
    const char* key;
    const char* field;
    enum When { IfFlag, UnlessValue } when;
    std::uint64_t value;  // IfFlag: the match_flags bit; UnlessValue: the "any" value
};
struct KeyedAlias {
    const char* prefix;
    std::initializer_list<AliasKey> keys;
    bool wildcard;  // a '*' at the end (unless there is one already)
};

constexpr AliasKey flag(const char* key, const char* field, std::uint64_t bit) { return {key, field, AliasKey::IfFlag, bit}; }
constexpr AliasKey unless(const char* key, const char* field, std::uint64_t any) { return {key, field, AliasKey::UnlessValue, any}; }

void format_keyed(AliasSink& sink, const DeviceId& id, const KeyedAlias& shape) {
    std::string a = shape.prefix;
    for (const AliasKey& k : shape.keys) {
        bool present = k.when == AliasKey::IfFlag ? (id.u("match_flags") & k.value) != 0 : id.u(k.field) != k.value;
        add(a, id, k.key, present, k.field);
    }
    if (shape.wildcard) add_wildcard(a);
    sink.add(std::move(a));
}

constexpr std::uint64_t kAny8 = 0xff, kAny16 = 0xffff, kAny32 = 0xffffffffu;

constexpr KeyedAlias kIeee1394{"ieee1394:",
                           {flag("ven", "vendor_id", 1), flag("mo", "model_id", 2), flag("sp", "specifier_id", 4),
                            flag("ver", "version", 8)},
                           true};
constexpr KeyedAlias kHid{"hid:",
                      {unless("b", "bus", kAny16), unless("g", "group", 0), unless("v", "vendor", kAny32),
                       unless("p", "product", kAny32)},
                      false};
constexpr KeyedAlias kCcw{"ccw:",
                      {flag("t", "cu_type", 1), flag("m", "cu_model", 2), flag("dt", "dev_type", 4), flag("dm", "dev_model", 8)},
                      true};
constexpr KeyedAlias kSerio{"serio:",
                        {unless("ty", "type", kAny8), unless("pr", "proto", kAny8), unless("id", "id", kAny8),
                         unless("ex", "extra", kAny8)},
                        true};
constexpr KeyedAlias kParisc{"parisc:",
                         {unless("t", "hw_type", kAny8), unless("hv", "hversion", kAny16),
                          unless("rev", "hversion_rev", kAny8), unless("sv", "sversion", kAny32)},
                         true};
constexpr KeyedAlias kSdio{"sdio:", {unless("c", "class", kAny8), unless("v", "vendor", kAny16), unless("d", "device", kAny16)}, true};
constexpr KeyedAlias kSsb{"ssb:", {unless("v", "vendor", kAny16), unless("id", "coreid", kAny16), unless("rev", "revision", kAny8)}, true};
constexpr KeyedAlias kBcma{"bcma:",
                       {unless("m", "manuf", kAny16), unless("id", "id", kAny16), unless("rev", "rev", kAny8),
                        unless("cl", "class", kAny8)},
                       true};
constexpr KeyedAlias kVirtio{"virtio:", {unless("d", "device", kAny32), unless("v", "vendor", kAny32)}, true};
constexpr KeyedAlias kI3c{"i3c:",
                      {flag("dcr", "dcr", 1), flag("manuf", "manuf_id", 2), flag("part", "part_id", 4),
                       flag("ext", "extra_info", 8)},
                      false};
constexpr KeyedAlias kZorro{"zorro:", {unless("i", "id", kAny32)}, false};
constexpr KeyedAlias kIpack{"ipack:", {unless("f", "format", kAny8), unless("v", "vendor", kAny32), unless("d", "device", kAny32)}, true};
constexpr KeyedAlias kRapidio{"rapidio:",
                          {unless("v", "vid", kAny16), unless("d", "did", kAny16), unless("av", "asm_vid", kAny16),
                           unless("ad", "asm_did", kAny16)},
                          true};
constexpr KeyedAlias kHdaudio{"hdaudio:", {unless("v", "vendor_id", 0), unless("r", "rev_id", 0), unless("a", "api_version", 0)}, true};
constexpr KeyedAlias kSdw{"sdw:",
                      {unless("m", "mfg_id", 0), unless("p", "part_id", 0), unless("v", "sdw_version", 0),
                       unless("c", "class_id", 0)},
                      true};

template <const KeyedAlias& Shape>
void format_keyed(AliasSink& sink, const DeviceId& id) {
    format_keyed(sink, id, Shape);
}


// The vendor, device, subvendor and subdevice fields of a pci alias (6.1
// and 7.2 alike), and the class bytes with their masks.
void append_pci_ids(std::string& a, const DeviceId& id) {
    constexpr std::uint64_t any = 0xffffffffu;
    add(a, id, "v", id.u("vendor") != any, "vendor");
    add(a, id, "d", id.u("device") != any, "device");
    add(a, id, "sv", id.u("subvendor") != any, "subvendor");
    add(a, id, "sd", id.u("subdevice") != any, "subdevice");
}

struct PciClass {
    unsigned mask, bc, sc, in, bcm, scm, inm;
    // Only whole bytes can be globbed.
    bool partial_mask() const {
        auto partial = [](unsigned m) { return m != 0 && m != 0xff; };
        return partial(bcm) || partial(scm) || partial(inm);
    }
};

PciClass pci_class(const DeviceId& id) {
    auto cls = static_cast<std::uint32_t>(id.u("class")), mask = static_cast<std::uint32_t>(id.u("class_mask"));
    return {mask, cls >> 16 & 0xff, cls >> 8 & 0xff, cls & 0xff, mask >> 16 & 0xff, mask >> 8 & 0xff, mask & 0xff};
}

void format_pci(AliasSink& sink, const DeviceId& id) {
    std::uint32_t override_only = static_cast<std::uint32_t>(id.u("override_only"));
    std::string a;
    // Exactly the VFIO flag: any other bit set with it makes the value unknown.
    if (override_only == 1u) a = "vfio_pci:";
    else if (override_only) {
        sink.session.diag().warn("Unknown PCI driver_override alias %08X\n", override_only);
        return;
    } else a = "pci:";
    append_pci_ids(a, id);
    PciClass c = pci_class(id);
    unsigned bc = c.bc, sc = c.sc, in = c.in, bcm = c.bcm, scm = c.scm, inm = c.inm, mask = c.mask;
    // Only whole bytes can be globbed.
    if (c.partial_mask()) {
        sink.session.diag().warn("Can't handle masks in %s:%04X\n", sink.mod.name.c_str(), mask);
        return;
    }
    add_hex_field(a, "bc", bcm == 0xff, bc, 1);
    add_hex_field(a, "sc", scm == 0xff, sc, 1);
    add_hex_field(a, "i", inm == 0xff, in, 1);
    add_wildcard(a);
    sink.add(std::move(a));
}

// 7.2's do_pci_entry builds each alias in a buffer it does not clear
// first: an unknown driver_override value is warned about, and the entry's
// fields are then appended to what the table's previous entry left there
// (its alias without the trailing '*', or as far as it got before a mask
// it could not handle), and the result is written. The buffer holds 256
// bytes; once the text reaches them the real program's behaviour is
// undefined (glibc's _FORTIFY_SOURCE stops it, or its stack protector, or
// it goes on, depending on the bytes: all three seen). modlink stops there
// ("alias buffer overflow", a message of 7.2's own).
void format_pci_carried(AliasSink& sink, const DeviceId& id) {
    constexpr std::size_t kBuffer = 256;
    std::uint32_t override_only = static_cast<std::uint32_t>(id.u("override_only"));
    std::string& a = sink.scratch;
    if (override_only == 1u) a = "vfio_pci:";
    else if (override_only) sink.session.diag().warn("Unknown PCI driver_override alias %08X\n", override_only);
    else a = "pci:";
    auto overflowed = [&] {
        if (a.size() + 1 <= kBuffer) return false;
        sink.session.diag().fatal("%s: alias buffer overflow\n", sink.mod.name.c_str());
        return true;
    };
    append_pci_ids(a, id);
    PciClass c = pci_class(id);
    unsigned bc = c.bc, sc = c.sc, in = c.in, bcm = c.bcm, scm = c.scm, inm = c.inm, mask = c.mask;
    if (c.partial_mask()) {
        sink.session.diag().warn("Can't handle masks in %s:%04X\n", sink.mod.name.c_str(), mask);
        overflowed();
        return;
    }
    add_hex_field(a, "bc", bcm == 0xff, bc, 1);
    add_hex_field(a, "sc", scm == 0xff, sc, 1);
    add_hex_field(a, "i", inm == 0xff, in, 1);
    if (overflowed()) return;
    std::string alias = a;
    add_wildcard(alias);
    sink.add(std::move(alias));
}




void format_ap(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "ap:t%02X*", static_cast<unsigned>(id.u("dev_type")));
    sink.add(buf);
}

void format_css(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "css:t%01X", static_cast<unsigned>(id.u("type")));
    sink.add(buf);
}


void format_acpi(AliasSink& sink, const DeviceId& id) {
    std::string hid = id.str("id");
    if (!hid.empty()) {
        sink.add("acpi*:" + hid + ":*");
        return;
    }
    // Without an id every entry is a class match, even an all-zero one
    // (armhf's ahci_platform: ACPI_DEVICE_CLASS() is empty without
    // CONFIG_ACPI, and 6.1 still writes "acpi*:??????:*"). 6.1's modpost
    // reads cls and cls_msk in the byte order of the machine it runs on,
    // not the target's (a big-endian object's class comes out shuffled on
    // x86), and this program is that machine; 6.12's reads the target's.
    auto host_u32 = [&](const char* field) {
        std::uint32_t v = 0;
        auto r = id.raw(field);
        if (r.size() == sizeof v) std::memcpy(&v, r.data(), sizeof v);
        return v;
    };
    bool host_order = sink.session.era().acpi_class_in_host_order;
    std::uint32_t cls = host_order ? host_u32("cls") : static_cast<std::uint32_t>(id.u("cls"));
    std::uint32_t msk = host_order ? host_u32("cls_msk") : static_cast<std::uint32_t>(id.u("cls_msk"));
    // Base class, subclass, programming interface, with "??" for a byte
    // the mask leaves open.
    std::string a = "acpi*:";
    for (int shift = 16; shift >= 0; shift -= 8) {
        if ((msk >> shift) & 0xff) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%02x", (cls >> shift) & 0xff);
            a += buf;
        } else a += "??";
    }
    a += ":*";
    sink.add(std::move(a));
}

}  // namespace

void pnp_aliases(AliasSink& sink, const std::string& pnp_id) {
    sink.add("pnp:d" + pnp_id + "*");
    // The acpi form keeps at most the id field's eight bytes, even when the
    // id has no NUL and the pnp form ran on past them.
    std::string upper = pnp_id.substr(0, 8);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    sink.add("acpi*:" + upper + ":*");
}

namespace {

void format_pnp(AliasSink& sink, const DeviceId& id) { pnp_aliases(sink, id.str("id")); }

}  // namespace

DeviceIdLayout pnp_card_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"id", Kind::Chars, 8}, {"driver_data", Kind::Word}, {"devs", Kind::Chars, 64}}, w);
}

namespace {

void format_pcmcia(AliasSink& sink, const DeviceId& id) {
    unsigned f = static_cast<unsigned>(id.u("match_flags"));
    std::string a = "pcmcia:";
    add(a, id, "m", f & 0x0001, "manf_id");
    add(a, id, "c", f & 0x0002, "card_id");
    add(a, id, "f", f & 0x0004, "func_id");
    add(a, id, "fn", f & 0x0008, "function");
    add(a, id, "pfn", f & 0x0100, "device_no");
    static constexpr const char* kProd[4] = {"pa", "pb", "pc", "pd"};
    for (unsigned i = 0; i < 4; ++i) add_hex_field(a, kProd[i], f & (0x0010u << i), id.u("prod_id_hash", i), 4);
    add_wildcard(a);
    sink.add(std::move(a));
}

void format_vio(AliasSink& sink, const DeviceId& id) {
    std::string type = id.str("type"), compat = id.str("compat");
    std::string a = "vio:T" + (type.empty() ? std::string("*") : type) + "S" + (compat.empty() ? std::string("*") : compat);
    for (char& c : a)
        if (std::isspace(static_cast<unsigned char>(c))) c = '_';
    add_wildcard(a);
    sink.add(std::move(a));
}

// 7.2 formats the vio alias into a 256-byte buffer, which type and compat
// strings that run on past their fields overflow: the real program is
// stopped by _FORTIFY_SOURCE ("buffer overflow detected"), modlink stops
// with 7.2's own words.
void format_vio_256(AliasSink& sink, const DeviceId& id) {
    std::string type = id.str("type"), compat = id.str("compat");
    std::string a = "vio:T" + (type.empty() ? std::string("*") : type) + "S" + (compat.empty() ? std::string("*") : compat);
    if (a.size() + 1 > 256) sink.session.diag().fatal("%s: alias buffer overflow\n", sink.mod.name.c_str());
    for (char& c : a)
        if (std::isspace(static_cast<unsigned char>(c))) c = '_';
    add_wildcard(a);
    sink.add(std::move(a));
}

void input_bits(std::string& a, const DeviceId& id, const char* field, unsigned min, unsigned max) {
    unsigned bits = id.word_bits();
    char buf[16];
    for (unsigned i = min; i <= max; ++i)
        if ((id.u(field, i / bits) >> (i % bits)) & 1) {
            std::snprintf(buf, sizeof buf, "%X,*", i);
            a += buf;
        }
}

void format_input(AliasSink& sink, const DeviceId& id) {
    std::uint64_t f = id.u("flags");
    std::string a = "input:";
    add(a, id, "b", f & 1, "bustype");
    add(a, id, "v", f & 2, "vendor");
    add(a, id, "p", f & 4, "product");
    add(a, id, "e", f & 8, "version");
    struct Bits {
        const char* tag;
        std::uint64_t flag;
        const char* field;
        unsigned min, max;
    };
    static constexpr Bits kBits[] = {
        {"-e*", 0x10, "evbit", 0, 0x1f},   {"k*", 0x20, "keybit", 0x71, 0x2ff}, {"r*", 0x40, "relbit", 0, 0x0f},
        {"a*", 0x80, "absbit", 0, 0x3f},   {"m*", 0x100, "mscbit", 0, 0x07},    {"l*", 0x200, "ledbit", 0, 0x0f},
        {"s*", 0x400, "sndbit", 0, 0x07},  {"f*", 0x800, "ffbit", 0, 0x7f},     {"w*", 0x1000, "swbit", 0, 0x10},
    };
    for (const Bits& b : kBits) {
        a += b.tag;
        if (f & b.flag) input_bits(a, id, b.field, b.min, b.max);
    }
    sink.add(std::move(a));
}

// 7.2: the switch bits go to 0x11, and everything after "input:" is
// appended to a 256-byte buffer with a check: a piece (a field, a bitmap's
// tag, a bit's "%X,*") that does not fit in what is left, its NUL
// included, is fatal.
void format_input_checked(AliasSink& sink, const DeviceId& id) {
    constexpr std::size_t kBuffer = 256;
    std::uint64_t f = id.u("flags");
    std::string a;
    auto append = [&](const std::string& piece) {
        std::size_t have = kBuffer - a.size();
        if (piece.size() >= have) {
            sink.session.diag().fatal("alias buffer (%zu) overflow on append (need %d, have %zu)\n", kBuffer,
                                      static_cast<int>(piece.size()), have);
            return false;
        }
        a += piece;
        return true;
    };
    auto field = [&](const char* prefix, bool present, const char* name) {
        std::string piece;
        add(piece, id, prefix, present, name);
        return append(piece);
    };
    if (!field("b", f & 1, "bustype") || !field("v", f & 2, "vendor") || !field("p", f & 4, "product") ||
        !field("e", f & 8, "version"))
        return;
    struct Bits {
        const char* tag;
        std::uint64_t flag;
        const char* field;
        unsigned min, max;
    };
    static constexpr Bits kBits[] = {
        {"-e*", 0x10, "evbit", 0, 0x1f},   {"k*", 0x20, "keybit", 0x71, 0x2ff}, {"r*", 0x40, "relbit", 0, 0x0f},
        {"a*", 0x80, "absbit", 0, 0x3f},   {"m*", 0x100, "mscbit", 0, 0x07},    {"l*", 0x200, "ledbit", 0, 0x0f},
        {"s*", 0x400, "sndbit", 0, 0x07},  {"f*", 0x800, "ffbit", 0, 0x7f},     {"w*", 0x1000, "swbit", 0, 0x11},
    };
    unsigned bits = id.word_bits();
    char buf[16];
    for (const Bits& b : kBits) {
        if (!append(b.tag)) return;
        if (!(f & b.flag)) continue;
        for (unsigned i = b.min; i <= b.max; ++i) {
            if (!((id.u(b.field, i / bits) >> (i % bits)) & 1)) continue;
            std::snprintf(buf, sizeof buf, "%X,*", i);
            if (!append(buf)) return;
        }
    }
    sink.add("input:" + a);
}

void format_eisa(AliasSink& sink, const DeviceId& id) {
    sink.add("eisa:s" + id.str("sig") + "*");
}






void format_vmbus(AliasSink& sink, const DeviceId& id) {
    std::string a = "vmbus:";
    char buf[4];
    for (char c : id.raw("guid")) {
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(c));
        a += buf;
    }
    sink.add(std::move(a));
}

template <const char* Prefix, const char* Field>
void format_name(AliasSink& sink, const DeviceId& id) {
    sink.add(std::string(Prefix) + id.str(Field));
}
constexpr char kName[] = "name", kChan[] = "chan";
constexpr char kRpmsg[] = "rpmsg:", kI2c[] = "i2c:", kSpi[] = "spi:", kPlatform[] = "platform:",
               kAuxiliary[] = "auxiliary:", kMhi[] = "mhi:", kMhiEp[] = "mhi_ep:";


// DMI fields modpost knows, in the order it writes them.
void format_dmi(AliasSink& sink, const DeviceId& id) {
    struct Field {
        const char* prefix;
        unsigned slot;
    };
    static constexpr Field kFields[] = {{"bvn", 1}, {"bvr", 2}, {"bd", 3},   {"br", 4},   {"efr", 5},
                                        {"svn", 6}, {"pn", 7},  {"pvr", 8},  {"rvn", 13}, {"rn", 14},
                                        {"rvr", 15}, {"cvn", 18}, {"ct", 19}, {"cvr", 20}};
    static constexpr const char* kSlot[4] = {"slot0", "slot1", "slot2", "slot3"};
    static constexpr const char* kSub[4] = {"substr0", "substr1", "substr2", "substr3"};
    std::string a = "dmi*";
    for (const Field& f : kFields) {
        for (int j = 0; j < 4; ++j) {
            // `slot` is a 7-bit bitfield, which 6.1 reads with the bitfield
            // layout of the machine it runs on (low bits of the byte on a
            // little-endian one), whatever the target's: so does this one.
            unsigned byte = static_cast<unsigned>(id.u(kSlot[j]));
            unsigned slot = std::endian::native == std::endian::little ? byte & 0x7f : byte >> 1;
            if (!slot || slot != f.slot) continue;
            a += ':';
            a += f.prefix;
            a += '*';
            for (char c : id.str(kSub[j]))
                if (c > 0x20 && c < 0x7f && c != ':') a += c;
            a += '*';
        }
    }
    a += ':';
    sink.add(std::move(a));
}

void format_mdio(AliasSink& sink, const DeviceId& id) {
    std::uint32_t phy = static_cast<std::uint32_t>(id.u("phy_id")), mask = static_cast<std::uint32_t>(id.u("phy_id_mask"));
    std::string a = "mdio:";
    for (int bit = 31; bit >= 0; --bit) a += !((mask >> bit) & 1) ? '?' : ((phy >> bit) & 1) ? '1' : '0';
    sink.add(std::move(a));
}


void format_isapnp(AliasSink& sink, const DeviceId& id) {
    // The vendor and function ids are compressed EISA ids whose bytes
    // ISAPNP_VENDOR() swaps; 6.1 swaps them back from the value read in the
    // target's byte order, on big-endian targets too.
    auto swab = [](std::uint64_t v) { return static_cast<unsigned>(((v & 0xff) << 8) | ((v >> 8) & 0xff)); };
    unsigned vendor = swab(id.u("vendor"));
    unsigned function = swab(id.u("function"));
    char buf[32];
    // The first letter takes all six bits left above the other two (a
    // value past 'Z' comes out as it is, as in 6.1).
    std::snprintf(buf, sizeof buf, "pnp:d%c%c%c%x%x%x%x*", 'A' + ((vendor >> 10) & 0x3f) - 1,
                  'A' + ((vendor >> 5) & 0x1f) - 1, 'A' + (vendor & 0x1f) - 1, (function >> 12) & 0x0f,
                  (function >> 8) & 0x0f, (function >> 4) & 0x0f, function & 0x0f);
    sink.add(buf);
}


void format_amba(AliasSink& sink, const DeviceId& id) {
    std::uint32_t value = static_cast<std::uint32_t>(id.u("id")), mask = static_cast<std::uint32_t>(id.u("mask"));
    if ((value & mask) != value)
        sink.session.diag().fatal(
            "%s: Masked-off bit(s) of AMBA device ID are non-zero: id=0x%08X, mask=0x%08X.  Please fix this driver.\n",
            sink.mod.name.c_str(), value, mask);
    std::string a = "amba:d";
    char buf[4];
    for (int digit = 7; digit >= 0; --digit) {
        unsigned nibble_mask = (mask >> (4 * digit)) & 0xf;
        if (nibble_mask == 0xf) {
            std::snprintf(buf, sizeof buf, "%X", (value >> (4 * digit)) & 0xf);
            a += buf;
        } else if (nibble_mask == 0) a += '?';
        else {
            a += '[';
            for (unsigned v = 0; v < 16; ++v)
                if ((v & nibble_mask) == ((value >> (4 * digit)) & nibble_mask)) {
                    std::snprintf(buf, sizeof buf, "%X", v);
                    a += buf;
                }
            a += ']';
        }
    }
    sink.add(std::move(a));
}

void format_mips_cdmm(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "mipscdmm:t%02X*", static_cast<unsigned>(id.u("type")));
    sink.add(buf);
}

void format_x86cpu(AliasSink& sink, const DeviceId& id) {
    std::string a = "cpu:type:x86,";
    add(a, id, "ven", id.u("vendor") != 0xffff, "vendor");
    add(a, id, "fam", id.u("family") != 0, "family");
    add(a, id, "mod", id.u("model") != 0, "model");
    a += ":feature:*";
    if (unsigned feature = static_cast<unsigned>(id.u("feature"))) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04X*", feature);
        a += buf;
    }
    sink.add(std::move(a));
}

void format_cpu(AliasSink& sink, const DeviceId& id) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "cpu:type:*:feature:*%04X*", static_cast<unsigned>(id.u("feature")));
    sink.add(buf);
}

void format_mei(AliasSink& sink, const DeviceId& id) {
    std::string name = id.str("name");
    std::string a = "mei:" + (name.empty() ? std::string("*") : name) + ":" + uuid_text(id.raw("uuid"), false, true);
    add(a, id, ":", id.u("version") != 0xff, "version");
    a += ":*";
    sink.add(std::move(a));
}


void format_ulpi(AliasSink& sink, const DeviceId& id) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "ulpi:v%04xp%04x", static_cast<unsigned>(id.u("vendor")), static_cast<unsigned>(id.u("product")));
    sink.add(buf);
}



void format_fslmc(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "fsl-mc:v%08Xd", static_cast<unsigned>(id.u("vendor")));
    sink.add(buf + id.str("obj_type"));
}

void format_tbsvc(AliasSink& sink, const DeviceId& id) {
    unsigned f = static_cast<unsigned>(id.u("match_flags"));
    std::string a = "tbsvc:";
    a += f & 1 ? "k" + id.str("protocol_key") : std::string("k*");
    add(a, id, "p", f & 2, "protocol_id");
    add(a, id, "v", f & 4, "protocol_version");
    add(a, id, "r", f & 8, "protocol_revision");
    add_wildcard(a);
    sink.add(std::move(a));
}

void format_typec(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "typec:id%04X", static_cast<unsigned>(id.u("svid")));
    std::string a = buf;
    add(a, id, "m", id.u("mode") != 7, "mode");
    sink.add(std::move(a));
}

// 7.2 leaves the mode out, whatever it is.
void format_typec_svid(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "typec:id%04X", static_cast<unsigned>(id.u("svid")));
    sink.add(buf);
}

void format_tee(AliasSink& sink, const DeviceId& id) {
    sink.add("tee:" + uuid_text(id.raw("uuid"), false, false) + "*");
}

void format_wmi(AliasSink& sink, const DeviceId& id) {
    std::string guid = id.str("guid_string");
    if (guid.size() != 36) {
        sink.session.diag().warn("Invalid WMI device id 'wmi:%s' in '%s'\n", guid.c_str(), sink.mod.name.c_str());
        return;
    }
    sink.add("wmi:" + guid);
}

// 7.2 checks the GUID's form (hex digits, dashes at 8, 13, 18 and 23) and
// writes it in upper case; the first bad character is a warning and no alias.
void format_wmi_checked(AliasSink& sink, const DeviceId& id) {
    std::string guid = id.str("guid_string");
    if (guid.size() != 36) {
        sink.session.diag().warn("Invalid WMI device id 'wmi:%s' in '%s'\n", guid.c_str(), sink.mod.name.c_str());
        return;
    }
    std::string upper = guid;
    for (std::size_t i = 0; i < upper.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(upper[i]);
        bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_place ? c != '-' : !std::isxdigit(c)) {
            sink.session.diag().warn("Invalid character %c inside WMI GUID string '%s' in '%s'\n", c, guid.c_str(),
                                     sink.mod.name.c_str());
            return;
        }
        upper[i] = static_cast<char>(std::toupper(c));
    }
    sink.add("wmi:" + upper);
}

void format_ssam(AliasSink& sink, const DeviceId& id) {
    unsigned f = static_cast<unsigned>(id.u("match_flags"));
    char buf[32];
    std::snprintf(buf, sizeof buf, "ssam:d%02Xc%02X", static_cast<unsigned>(id.u("domain")), static_cast<unsigned>(id.u("category")));
    std::string a = buf;
    add(a, id, "t", f & 1, "target");
    add(a, id, "i", f & 2, "instance");
    add(a, id, "f", f & 4, "function");
    sink.add(std::move(a));
}

void format_dfl(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "dfl:t%04Xf%04X*", static_cast<unsigned>(id.u("type")), static_cast<unsigned>(id.u("feature_id")));
    sink.add(buf);
}

void format_ishtp(AliasSink& sink, const DeviceId& id) {
    sink.add("ishtp:{" + uuid_text(id.raw("guid"), true, true) + "}");
}

void format_of(AliasSink& sink, const DeviceId& id) {
    std::string name = id.str("name"), type = id.str("type"), compatible = id.str("compatible");
    std::string a = "of:N" + (name.empty() ? std::string("*") : name) + "T" + (type.empty() ? std::string("*") : type);
    if (!compatible.empty()) a += (type.empty() ? "" : "*") + std::string("C") + compatible;
    for (char& c : a)
        if (std::isspace(static_cast<unsigned char>(c))) c = '_';
    sink.add(a);
    a += 'C';
    add_wildcard(a);
    sink.add(std::move(a));
}

// Types 6.12 adds to 6.1's (era_6_12.cpp lists them).
DeviceIdLayout slim_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"manf_id", Kind::U16}, {"prod_code", Kind::U16}, {"dev_index", Kind::U16}, {"instance", Kind::U16},
                           {"driver_data", Kind::Word}},
                          w);
}
void format_slim(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "slim:%x:%x:*", static_cast<unsigned>(id.u("manf_id")),
                  static_cast<unsigned>(id.u("prod_code")));
    sink.add(buf);
}

DeviceIdLayout cdx_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"vendor", Kind::U16}, {"device", Kind::U16}, {"subvendor", Kind::U16}, {"subdevice", Kind::U16},
                           {"class", Kind::U32}, {"class_mask", Kind::U32}, {"override_only", Kind::U32}},
                          w);
}
void format_cdx(AliasSink& sink, const DeviceId& id) {
    constexpr std::uint64_t any = 0xffff;
    std::uint32_t override_only = static_cast<std::uint32_t>(id.u("override_only"));
    std::string a;
    if (override_only == 1u) a = "vfio_cdx:";
    else if (override_only) {
        sink.session.diag().warn("Unknown CDX driver_override alias %08X\n", override_only);
        return;
    } else a = "cdx:";
    add(a, id, "v", id.u("vendor") != any, "vendor");
    add(a, id, "d", id.u("device") != any, "device");
    add(a, id, "sv", id.u("subvendor") != any, "subvendor");
    add(a, id, "sd", id.u("subdevice") != any, "subdevice");
    add(a, id, "c", id.u("class_mask") == 0xffffff, "class");
    if (id.u("class_mask") != 0xffffff) add_wildcard(a);
    sink.add(std::move(a));
}

DeviceIdLayout vchiq_layout(const TargetAbi& w) { return DeviceIdLayout({{"name", Kind::Chars, 32}}, w); }

DeviceIdLayout coreboot_layout(const TargetAbi& w) {
    return DeviceIdLayout({{"tag", Kind::U32}, {"driver_data", Kind::Word}}, w);
}
void format_coreboot(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "coreboot:t%08X", static_cast<unsigned>(id.u("tag")));
    sink.add(buf);
}

constexpr char kVchiq[] = "vchiq:";

// MEN Chameleon Bus ids (7.2's file2alias): the device number in decimal.
DeviceIdLayout mcb_layout(const TargetAbi& w) { return DeviceIdLayout({{"device", Kind::U16}, {"driver_data", Kind::Word}}, w); }
void format_mcb(AliasSink& sink, const DeviceId& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "mcb:16z%03d", static_cast<int>(id.u("device")));
    sink.add(buf);
}

constexpr DeviceTableType kTypes[] = {
    {"hid", hid_layout, format_keyed<kHid>},
    {"ieee1394", ieee1394_layout, format_keyed<kIeee1394>},
    {"pci", pci_layout, format_pci},
    {"ccw", ccw_layout, format_keyed<kCcw>},
    {"ap", ap_layout, format_ap},
    {"css", css_layout, format_css},
    {"serio", serio_layout, format_keyed<kSerio>},
    {"acpi", acpi_layout, format_acpi},
    {"pcmcia", pcmcia_layout, format_pcmcia},
    {"vio", vio_layout, format_vio},
    {"input", input_layout, format_input},
    {"eisa", eisa_layout, format_eisa},
    {"parisc", parisc_layout, format_keyed<kParisc>},
    {"sdio", sdio_layout, format_keyed<kSdio>},
    {"ssb", ssb_layout, format_keyed<kSsb>},
    {"bcma", bcma_layout, format_keyed<kBcma>},
    {"virtio", virtio_layout, format_keyed<kVirtio>},
    {"vmbus", guid_then_word, format_vmbus},
    {"rpmsg", rpmsg_layout, format_name<kRpmsg, kName>},
    {"i2c", i2c_layout, format_name<kI2c, kName>},
    {"i3c", i3c_layout, format_keyed<kI3c>},
    {"spi", spi_layout, format_name<kSpi, kName>},
    {"dmi", dmi_layout, format_dmi},
    {"platform", platform_layout, format_name<kPlatform, kName>},
    {"mdio", mdio_layout, format_mdio},
    {"zorro", zorro_layout, format_keyed<kZorro>},
    {"isapnp", isapnp_layout, format_isapnp},
    {"ipack", ipack_layout, format_keyed<kIpack>},
    {"amba", amba_layout, format_amba},
    {"mipscdmm", mips_cdmm_layout, format_mips_cdmm},
    {"x86cpu", x86cpu_layout, format_x86cpu},
    {"cpu", cpu_layout, format_cpu},
    {"mei", mei_layout, format_mei},
    {"rapidio", rio_layout, format_keyed<kRapidio>},
    {"ulpi", ulpi_layout, format_ulpi},
    {"hdaudio", hda_layout, format_keyed<kHdaudio>},
    {"sdw", sdw_layout, format_keyed<kSdw>},
    {"fslmc", fslmc_layout, format_fslmc},
    {"tbsvc", tbsvc_layout, format_tbsvc},
    {"typec", typec_layout, format_typec},
    {"tee", tee_layout, format_tee},
    {"wmi", wmi_layout, format_wmi},
    {"mhi", mhi_layout, format_name<kMhi, kChan>},
    {"mhi_ep", mhi_layout, format_name<kMhiEp, kChan>},
    {"auxiliary", auxiliary_layout, format_name<kAuxiliary, kName>},
    {"ssam", ssam_layout, format_ssam},
    {"dfl", dfl_layout, format_dfl},
    {"ishtp", guid_then_word, format_ishtp},
    {"usb", usb_layout, format_usb},
    {"of", of_layout, format_of},
    {"pnp", pnp_layout, format_pnp},
    {"slim", slim_layout, format_slim},
    {"cdx", cdx_layout, format_cdx},
    {"vchiq", vchiq_layout, format_name<kVchiq, kName>},
    {"coreboot", coreboot_layout, format_coreboot},
    {"mcb", mcb_layout, format_mcb},
    {"pnp_card", pnp_card_layout, nullptr},
};

}  // namespace

const DeviceTableType kAuxiliaryName40{"auxiliary", auxiliary40_layout, format_name<kAuxiliary, kName>};
const DeviceTableType kTypecSvidOnly{"typec", typec_layout, format_typec_svid};
const DeviceTableType kWmiGuidChecked{"wmi", wmi_layout, format_wmi_checked};
const DeviceTableType kPciBufferCarried{"pci", pci_layout, format_pci_carried};
const DeviceTableType kInputBufferChecked{"input", input_layout, format_input_checked};
const DeviceTableType kVioAlias256{"vio", vio_layout, format_vio_256};
const DeviceTableType kApWithoutDriverInfo{"ap", ap_without_info_layout, format_ap};

const DeviceTableType* device_table_type(std::string_view name) {
    for (const DeviceTableType& t : kTypes)
        if (t.name == name) return &t;
    return nullptr;
}

const DeviceTableType* era_device_type(const Era& era, std::string_view type) {
    for (const DeviceTableType* t : era.device_types)
        if (t->name == type) return t;
    return nullptr;
}

std::vector<const DeviceTableType*> device_types_named(std::initializer_list<std::string_view> names) {
    std::vector<const DeviceTableType*> types;
    for (std::string_view name : names) {
        const DeviceTableType* t = device_table_type(name);
        // An era's list is the program's own data: a name not in kTypes is a bug.
        if (!t) throw std::logic_error("no device table type " + std::string(name));
        types.push_back(t);
    }
    return types;
}

std::vector<const DeviceTableType*> device_types_changed(std::span<const DeviceTableType* const> base,
                                                         std::initializer_list<const DeviceTableType*> changes) {
    std::vector<const DeviceTableType*> types(base.begin(), base.end());
    for (const DeviceTableType* change : changes) {
        auto same_name = [&](const DeviceTableType* t) { return t->name == change->name; };
        auto it = std::find_if(types.begin(), types.end(), same_name);
        if (it != types.end()) *it = change;
        else types.push_back(change);
    }
    return types;
}

}  // namespace modlink::modpost
