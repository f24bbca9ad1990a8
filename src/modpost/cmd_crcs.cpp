// SPDX-License-Identifier: MIT
#include "modpost/cmd_crcs.h"

#include <cctype>
#include <cstdlib>
#include <unordered_map>

#include "modpost/output_file.h"

namespace modlink::modpost {

std::string cmd_file_of(std::string_view object) {
    std::size_t slash = object.rfind('/');
    std::size_t cut = slash == std::string_view::npos ? 0 : slash + 1;
    std::string out(object.substr(0, cut));
    out += '.';
    out += object.substr(cut);
    out += ".cmd";
    return out;
}

std::vector<std::string> list_objects(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (!line.empty()) out.emplace_back(line);
    }
    return out;
}

bool parse_symver_value(std::string_view text, std::uint32_t& crc, std::size_t& consumed) {
    // The value must be a number straight away and end its line.
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return false;
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return false;
    std::string value(text.substr(0, nl + 1));
    char* end = nullptr;
    long v = std::strtol(value.c_str(), &end, 0);
    if (*end != '\n') return false;
    crc = static_cast<std::uint32_t>(v);
    consumed = static_cast<std::size_t>(end - value.c_str());
    return true;
}

void read_module_crcs(Session& session, ModpostModule& mod) {
    std::string list_path = mod.is_vmlinux ? std::string(".vmlinux.objs") : mod.name + ".mod";
    std::string list;
    if (int err = read_text_file(list_path, list)) session.diag().perror_exit(list_path, err);

    std::unordered_map<std::string_view, ExportedSymbol*> own;
    own.reserve(mod.exports.size());
    for (ExportedSymbol* s : mod.exports) own.emplace(s->name, s);

    std::string text;
    constexpr std::string_view kThinltoNative = ".thinlto-native.o";
    for (const std::string& object : list_objects(list)) {
        std::string cmd;
        if (session.era().thinlto_native_crcs && object.ends_with(kThinltoNative))
            cmd = cmd_file_of(object.substr(0, object.size() - kThinltoNative.size()) + ".o");
        else
            cmd = cmd_file_of(object);
        if (int err = read_text_file(cmd, text)) session.diag().perror_exit(cmd, err);
        if (own.empty()) continue;
        for_each_symver(text, [&](std::string_view name, std::uint32_t crc) {
            // CRCs of symbols this module does not export are ignored.
            if (auto it = own.find(name); it != own.end()) {
                it->second->crc = crc;
                it->second->crc_valid = true;
            }
        });
    }
}

}  // namespace modlink::modpost
