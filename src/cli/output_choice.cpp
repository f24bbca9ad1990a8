// SPDX-License-Identifier: MIT
#include "output_choice.h"

#include <unistd.h>

#include <cstdio>

#include "modlink/error.h"

namespace modlink::cli {

bool OutputChoice::consume(Args& args) {
    if (auto v = args.value("--format")) {
        if (*v == "text") format = OutputFormat::Text;
        else if (*v == "json") format = OutputFormat::Json;
        else if (*v == "sarif") format = OutputFormat::Sarif;
        else throw Error("", "unknown format '" + *v + "' (text, json or sarif)");
        return true;
    }
    if (auto v = args.value("--color")) {
        if (*v != "auto" && *v != "always" && *v != "never")
            throw Error("", "unknown --color value '" + *v + "' (auto, always or never)");
        color = *v;
        return true;
    }
    return false;
}

bool OutputChoice::colored() const { return color == "always" || (color == "auto" && isatty(STDOUT_FILENO)); }

void OutputChoice::write(const std::string& bytes) { std::fwrite(bytes.data(), 1, bytes.size(), stdout); }

}  // namespace modlink::cli
