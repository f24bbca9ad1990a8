// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include "modlink/report.h"

using namespace modlink;

namespace {

Finding sample() {
    // Assigned through std::string values: gcc 12 warns (-Wrestrict, a
    // false positive) on assigning a one-character literal here.
    Finding f;
    f.module = std::string("a/b.ko");
    f.module_name = std::string("b");
    f.symbol = std::string("__rcu_read_lock");
    f.kind = FindingKind::GplOnlySymbol;
    f.severity = Severity::Error;
    f.message = "GPL-incompatible module b.ko uses GPL-only symbol '__rcu_read_lock'";
    f.exporter = "vmlinux";
    f.notes = {"first note"};
    return f;
}

}  // namespace

TEST_CASE("text output is modpost's line with modlink's name, then notes") {
    CHECK(render_text({sample()}, false) ==
          "ERROR: modlink: GPL-incompatible module b.ko uses GPL-only symbol '__rcu_read_lock'\n"
          "  note: first note\n");
}

TEST_CASE("JSON escapes and carries the required fields") {
    CHECK(json_quote("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
    CHECK(json_quote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");  // valid UTF-8 kept
    CHECK(json_quote("bad\xff") == "\"bad\\u00ff\"");       // invalid byte escaped
    std::string j = render_json({"check", "/k", "6.1", 1}, {sample()});
    for (const char* field : {"\"schema\": 1", "\"module\": \"a/b.ko\"", "\"name\": \"b\"", "\"symbol\": \"__rcu_read_lock\"",
                              "\"kind\": \"gpl-only-symbol\"", "\"severity\": \"error\"", "\"exporter\": \"vmlinux\"",
                              "\"modules_checked\": 1", "\"errors\": 1"})
        CHECK(j.find(field) != std::string::npos);
}

TEST_CASE("SARIF has one rule per kind and a result per finding") {
    std::string s = render_sarif({"check", "/k", "6.1", 1}, {sample(), sample()});
    CHECK(s.find("\"version\": \"2.1.0\"") != std::string::npos);
    CHECK(s.find("{\"id\": \"gpl-only-symbol\"") != std::string::npos);
    std::size_t results = 0;
    for (std::size_t p = 0; (p = s.find("\"ruleId\"", p)) != std::string::npos; ++p) ++results;
    CHECK(results == 2);
    std::size_t rules = 0;
    for (std::size_t p = 0; (p = s.find("\"shortDescription\"", p)) != std::string::npos; ++p) ++rules;
    CHECK(rules == 1);
}
