// SPDX-License-Identifier: MIT
// USB aliases. A usb_device_id matches a range of bcdDevice values; an
// alias can only hold a glob, so the range is cut into pieces that a
// fixed prefix of digits followed by one digit range (or "*") can express.
// Whether the digits count in decimal (BCD, the usual case) or hex is
// guessed from the range's own digits.
#include <cstdio>

#include "modpost/device_aliases.h"

namespace modlink::modpost {

namespace {

constexpr unsigned kMatchVendor = 0x0001, kMatchProduct = 0x0002, kMatchDevLo = 0x0004, kMatchDevHi = 0x0008,
                   kMatchDevClass = 0x0010, kMatchDevSubclass = 0x0020, kMatchDevProtocol = 0x0040,
                   kMatchIntClass = 0x0080, kMatchIntSubclass = 0x0100, kMatchIntProtocol = 0x0200,
                   kMatchIntNumber = 0x0400;
constexpr unsigned kDigits = 4;  // bcdDevice is a u16

std::string hex(const char* fmt, unsigned a, unsigned b = 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    return buf;
}

// Steps a 4-digit value by ±1, in BCD when `max` says the digits are
// decimal. Returns the value before the step.
unsigned step(unsigned& value, int by, unsigned max) {
    unsigned before = value;
    if (max > 9) {
        value += static_cast<unsigned>(by);
        return before;
    }
    unsigned long long decimal = 0, scale = 1;
    for (unsigned i = 0; i < kDigits; ++i, scale *= 10) {
        unsigned long long digit = (value >> (4 * i)) & 0xf;
        decimal += (digit > 9 ? 9 : digit) * scale;
    }
    decimal += static_cast<unsigned long long>(static_cast<long long>(by));
    value = 0;
    scale = 1;
    for (unsigned i = 0; i < kDigits; ++i, scale *= 10) value += static_cast<unsigned>((decimal / scale) % 10) << (4 * i);
    return before;
}

void emit(AliasSink& sink, const DeviceId& id, unsigned prefix_value, unsigned prefix_digits, unsigned lo, unsigned hi,
          unsigned max) {
    unsigned flags = static_cast<unsigned>(id.u("match_flags"));
    std::string a = "usb:";
    add_hex_field(a, "v", flags & kMatchVendor, id.u("idVendor"), 2);
    add_hex_field(a, "p", flags & kMatchProduct, id.u("idProduct"), 2);
    a += 'd';
    if (prefix_digits) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%0*X", static_cast<int>(prefix_digits), prefix_value);
        a += buf;
    }
    if (lo == hi) a += hex("%X", lo);
    else if (lo > 0 || hi < max) {
        if (lo > 9 || hi < 0xA) a += hex("[%X-%X]", lo, hi);
        else {
            // A range across 9/A is written as two runs inside one bracket.
            a += hex(lo < 9 ? "[%X-9" : "[%X", lo);
            a += hex(hi > 0xA ? "A-%X]" : "%X]", hi);
        }
    }
    if (prefix_digits < kDigits - 1) a += '*';
    add_hex_field(a, "dc", flags & kMatchDevClass, id.u("bDeviceClass"), 1);
    add_hex_field(a, "dsc", flags & kMatchDevSubclass, id.u("bDeviceSubClass"), 1);
    add_hex_field(a, "dp", flags & kMatchDevProtocol, id.u("bDeviceProtocol"), 1);
    add_hex_field(a, "ic", flags & kMatchIntClass, id.u("bInterfaceClass"), 1);
    add_hex_field(a, "isc", flags & kMatchIntSubclass, id.u("bInterfaceSubClass"), 1);
    add_hex_field(a, "ip", flags & kMatchIntProtocol, id.u("bInterfaceProtocol"), 1);
    add_hex_field(a, "in", flags & kMatchIntNumber, id.u("bInterfaceNumber"), 1);
    add_wildcard(a);
    sink.add(std::move(a));
}

}  // namespace

DeviceIdLayout usb_layout(const TargetAbi& word) {
    return DeviceIdLayout({{"match_flags", FieldKind::U16}, {"idVendor", FieldKind::U16}, {"idProduct", FieldKind::U16},
                           {"bcdDevice_lo", FieldKind::U16}, {"bcdDevice_hi", FieldKind::U16},
                           {"bDeviceClass", FieldKind::U8}, {"bDeviceSubClass", FieldKind::U8},
                           {"bDeviceProtocol", FieldKind::U8}, {"bInterfaceClass", FieldKind::U8},
                           {"bInterfaceSubClass", FieldKind::U8}, {"bInterfaceProtocol", FieldKind::U8},
                           {"bInterfaceNumber", FieldKind::U8}, {"driver_info", FieldKind::Word}},
                          word);
}

void format_usb(AliasSink& sink, const DeviceId& id) {
    unsigned flags = static_cast<unsigned>(id.u("match_flags"));
    unsigned lo = flags & kMatchDevLo ? static_cast<unsigned>(id.u("bcdDevice_lo")) : 0u;
    unsigned hi = flags & kMatchDevHi ? static_cast<unsigned>(id.u("bcdDevice_hi")) : ~0u;

    // Decimal digits unless some digit of the range says hex.
    unsigned max = 9;
    for (unsigned i = 0; i < kDigits; ++i) {
        unsigned dlo = (lo >> (4 * i)) & 0xf;
        unsigned dhi = ((hi > 0x9999 ? 0x9999 : hi) >> (4 * i)) & 0xf;
        if (dlo > max || dhi > max) {
            max = 0xf;
            break;
        }
    }
    // An all-zero entry is a placeholder filled in at run time: no alias.
    if (!(id.u("idVendor") | id.u("idProduct") | id.u("bDeviceClass") | id.u("bInterfaceClass"))) return;

    // Peel one digit per round off the low end: the ragged ends of the
    // range get their own aliases, the middle continues with fewer digits.
    for (int digits = kDigits - 1; lo <= hi; --digits) {
        unsigned dlo = lo & 0xf, dhi = hi & 0xf;
        if (dhi > max) dhi = max;
        lo >>= 4;
        hi >>= 4;
        if (lo == hi || digits == 0) {
            emit(sink, id, lo, static_cast<unsigned>(digits), dlo, dhi, max);
            break;
        }
        if (dlo > 0) emit(sink, id, step(lo, 1, max), static_cast<unsigned>(digits), dlo, max, max);
        if (dhi < max) emit(sink, id, step(hi, -1, max), static_cast<unsigned>(digits), 0, dhi, max);
    }
}

}  // namespace modlink::modpost
