// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include "modlink/error.h"
#include "modlink/symvers.h"

using namespace modlink;

TEST_CASE("Module.symvers lines") {
    auto v = parse_symvers("Module.symvers",
                           "0x12345678\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n"
                           "0xdeadbeef\tdma_buf_get\tdrivers/dma-buf/dma-buf\tEXPORT_SYMBOL_GPL\tDMA_BUF\n"
                           "\n"
                           "abc\tno_prefix\t/abs/path/mod\tEXPORT_SYMBOL\tmodule:kvm,kvm-*");
    REQUIRE(v.size() == 3);
    CHECK(v[0].crc == 0x12345678u);
    CHECK(v[0].symbol == "printk");
    CHECK(v[0].module == "vmlinux");
    CHECK(!v[0].gpl_only);
    CHECK(v[0].ns.empty());
    CHECK(v[1].gpl_only);
    CHECK(v[1].ns == "DMA_BUF");
    CHECK(v[2].crc == 0xabcu);
    CHECK(v[2].ns == "module:kvm,kvm-*");
}

TEST_CASE("a broken line is an error naming file and line") {
    struct Case {
        const char* text;
        const char* error;
    } cases[] = {
        {"0x1\tsym\tvmlinux\n", "Module.symvers:1: expected 5 tab-separated fields (crc, symbol, module, export type, namespace)"},
        {"0x1\ta\tvmlinux\tEXPORT_SYMBOL\t\nzz\tb\tvmlinux\tEXPORT_SYMBOL\t\n", "Module.symvers:2: bad CRC 'zz'"},
        {"0x1\t\tvmlinux\tEXPORT_SYMBOL\t\n", "Module.symvers:1: empty symbol name"},
        {"0x1\ta\t\tEXPORT_SYMBOL\t\n", "Module.symvers:1: empty module name"},
        {"0x1\ta\tvmlinux\tEXPORT_SYMBOL_FOO\t\n", "Module.symvers:1: unknown export type 'EXPORT_SYMBOL_FOO'"},
        {"0x1ffffffff\ta\tvmlinux\tEXPORT_SYMBOL\t\n", "Module.symvers:1: bad CRC '0x1ffffffff'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        try {
            parse_symvers("Module.symvers", c.text);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.describe() == c.error);
        }
    }
}

TEST_CASE("pre-5.4 dumps without a namespace column") {
    auto v = parse_symvers("old", "0x00000001\tfoo\tvmlinux\tEXPORT_SYMBOL\n");
    REQUIRE(v.size() == 1);
    CHECK(v[0].ns.empty());
}
