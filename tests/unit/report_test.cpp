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
    Finding odd = sample();
    odd.message = "a\"b\\c\n\x01 caf\xc3\xa9 bad\xff";
    std::string j = render_json({"check", "/k", "6.1", 1}, {sample(), odd});
    Json doc = Json::parse(j);  // always valid JSON
    CHECK(doc["schema"] == 1);
    CHECK(doc["modules_checked"] == 1);
    CHECK(doc["errors"] == 2);
    const Json& f = doc["findings"][0];
    CHECK(f["module"] == "a/b.ko");
    CHECK(f["name"] == "b");
    CHECK(f["symbol"] == "__rcu_read_lock");
    CHECK(f["kind"] == "gpl-only-symbol");
    CHECK(f["severity"] == "error");
    CHECK(f["exporter"] == "vmlinux");
    // Control characters escaped, valid UTF-8 kept, an invalid byte replaced.
    CHECK(doc["findings"][1]["message"] == "a\"b\\c\n\x01 caf\xc3\xa9 bad\xef\xbf\xbd");
    CHECK(j.find("\\u0001") != std::string::npos);
    // Keys in the documented order.
    std::vector<std::string> keys;
    for (auto it = f.begin(); it != f.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"module", "name", "symbol", "kind", "severity", "message", "exporter", "notes"});
}

TEST_CASE("SARIF has one rule per kind and a result per finding") {
    std::string s = render_sarif({"check", "/k", "6.1", 1}, {sample(), sample()});
    CHECK(s.find("\"version\": \"2.1.0\"") != std::string::npos);
    CHECK(Json::parse(s)["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "gpl-only-symbol");
    std::size_t results = 0;
    for (std::size_t p = 0; (p = s.find("\"ruleId\"", p)) != std::string::npos; ++p) ++results;
    CHECK(results == 2);
    std::size_t rules = 0;
    for (std::size_t p = 0; (p = s.find("\"shortDescription\"", p)) != std::string::npos; ++p) ++rules;
    CHECK(rules == 1);
}
