// SPDX-License-Identifier: MIT
// --format and --color, shared by the commands that print reports, and
// the one place that turns the choice into bytes on stdout.
#pragma once

#include <string>

#include "args.h"
#include "modlink/report.h"

namespace modlink::cli {

struct OutputChoice {
    OutputFormat format = OutputFormat::Text;
    std::string color = "auto";  // auto, always or never

    // Consumes the current argument if it is --format or --color; a bad
    // value is a usage error.
    bool consume(Args& args);

    // Renders with the callable for the chosen format (text gets whether to
    // colour) and writes the result to stdout.
    template <typename Text, typename Json, typename Sarif>
    void print(Text&& text, Json&& json, Sarif&& sarif) const {
        switch (format) {
            case OutputFormat::Text: write(text(colored())); break;
            case OutputFormat::Json: write(json()); break;
            case OutputFormat::Sarif: write(sarif()); break;
        }
    }

    // Whether text goes out in color (--color, or auto on a terminal).
    bool colored() const;

private:
    static void write(const std::string& bytes);
};

}  // namespace modlink::cli
