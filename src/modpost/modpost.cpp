// SPDX-License-Identifier: MIT
#include "modlink/modpost/modpost.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "modlink_config.h"

#include "modlink/json.h"
#include "modpost/debian_wrapper.h"
#include "modpost/import_checks.h"
#include "modpost/mod_c.h"
#include "modpost/object_reader.h"
#include "modpost/output_file.h"
#include "modpost/prefetch.h"
#include "modpost/session.h"
#include "modpost/symvers_dump.h"

namespace modlink::modpost {

namespace {

// Object names from a -T list, one a line; "-" is standard input where
// the era says so. Returns 0, or the errno when the list cannot be opened.
int read_object_list(const std::string& list, bool dash_is_stdin, std::vector<std::string>& names) {
    std::FILE* in = list == "-" && dash_is_stdin ? stdin : std::fopen(list.c_str(), "r");
    if (!in) return errno;
    char* line = nullptr;
    std::size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) != -1) {
        std::string name(line, static_cast<std::size_t>(n));
        if (!name.empty() && name.back() == '\n') name.pop_back();
        names.push_back(std::move(name));
    }
    std::free(line);
    if (in != stdin) std::fclose(in);
    return 0;
}

// The objects to read: positional ones first, then the -T list. The list
// is read up front so the prefetcher can run ahead (and so the first
// object is known before anything else happens, as Debian's wrapper needs).
struct ObjectNames {
    std::vector<std::string> names;
    int list_error = 0;  // errno when the -T list could not be opened
};

ObjectNames collect_object_names(const Options& opts, const Era& era) {
    ObjectNames objects{opts.objects};
    if (!opts.object_list.empty())
        objects.list_error = read_object_list(opts.object_list, era.object_list_from_stdin, objects.names);
    return objects;
}

// A list that cannot be opened is reported where upstream reports it,
// after the positional objects.
void read_objects(Session& session, const ObjectNames& objects) {
    {
        Prefetcher prefetch(objects.names);
        for (std::size_t i = 0; i < objects.names.size(); ++i) {
            prefetch.reached(i);
            std::string_view name = objects.names[i];
            if (name.ends_with(".o")) name.remove_suffix(2);
            session.diag().attribute_to(std::string(name));
            read_object(session, objects.names[i]);
        }
        session.diag().attribute_to("");
    }
    if (objects.list_error)
        session.diag().fatal("Can't open filenames file %s: %s", session.options().object_list.c_str(),
                             std::strerror(objects.list_error));
}

// Debian's wrapper looks at the first object before the real modpost
// runs; nullopt when it would hand over.
std::optional<int> debian_wrapper_stop(const Options& opts, const ObjectNames& objects) {
    if (!running_in_place_of_debian_wrapper()) return std::nullopt;
    if (opts.objects.empty() && objects.list_error) {
        std::fprintf(stderr, "Can't open \"%s\"\n", opts.object_list.c_str());
        return 1;
    }
    std::optional<std::string> first;
    if (!objects.names.empty()) first = objects.names.front();
    return debian_wrapper_verdict(first);
}

// Upstream writes nothing once an error has been reported. The write is
// queued (OutputBatch); a failure ends the run as upstream's does.
void write_output(Session& session, std::string path, std::string text, bool only_if_changed) {
    // Keep-going runs write for every module that passed (write_module_outputs).
    if (session.diag().error_occurred() && !session.options().keep_going) return;
    if (auto failure = session.outputs.add(std::move(path), std::move(text), only_if_changed))
        session.diag().perror_exit(failure->path, failure->error);
}

void flush_outputs(Session& session) {
    if (auto failure = session.outputs.flush()) session.diag().perror_exit(failure->path, failure->error);
}

std::string format_nsdeps(Session& session) {
    std::string out;
    for (ModpostModule& m : session.modules()) {
        if (m.from_dump || m.missing_namespaces.empty()) continue;
        out += m.name;
        out += ".ko:";
        for (const std::string& ns : m.missing_namespaces) out += ' ', out += ns;
        out += '\n';
    }
    return out;
}

// -u: names of exports that trimming keeps even when nothing uses them,
// separated by white space.
void mark_whitelisted_exports(Session& session, const std::string& path) {
    std::string text;
    if (int err = read_text_file(path, text)) session.diag().perror_exit(path, err);
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i > start)
            if (ExportedSymbol* s = session.find_export(std::string_view(text).substr(start, i - start))) s->used = true;
    }
}

void check_module(Session& session, ModpostModule& mod) {
    session.diag().attribute_to(mod.name);
    check_module_name_length(session, mod);
    resolve_and_check_imports(session, mod);
}

// modlink-verdicts.json beside the dump (-o), else in the working
// directory: a verdict per module in input order, with the lines printed
// for it. After a fatal error (completed false), `stopped` is the module it
// came in ("" when it came outside any module).
void write_verdicts(Session& session, bool completed, const std::string& stopped) {
    std::unordered_map<std::string, Json> lines;
    Json run_lines = Json::array();
    for (const Diagnostics::Recorded& r : session.diag().recorded()) {
        Json line = {{"error", r.error}, {"text", r.text}};
        if (!r.printed) line["printed"] = false;
        if (r.module.empty()) run_lines.push_back(std::move(line));
        else lines[r.module].push_back(std::move(line));
    }
    Json modules = Json::array();
    bool after_stop = false;
    for (const ModpostModule& mod : session.modules()) {
        if (mod.from_dump) continue;
        std::string verdict = after_stop ? "not-checked" : session.diag().recorded_error_for(mod.name) ? "refused" : "ok";
        if (!completed && !stopped.empty() && mod.name == stopped) verdict = "refused", after_stop = true;
        Json m = {{"module", mod.name}, {"verdict", verdict}};
        m["messages"] = lines.count(mod.name) ? lines[mod.name] : Json::array();
        modules.push_back(std::move(m));
    }
    Json doc = {{"schema", 1},      {"tool", "modlink"},        {"version", MODLINK_VERSION},
                {"command", "modpost"}, {"era", session.era().name}, {"completed", completed},
                {"modules", std::move(modules)}, {"messages", std::move(run_lines)}};
    const std::string& dump = session.options().dump_output;
    std::size_t slash = dump.rfind('/');
    std::string path = (slash == std::string::npos ? std::string() : dump.substr(0, slash + 1)) + "modlink-verdicts.json";
    if (int err = write_file_atomically(path, json_text(doc), ::access(path.c_str(), F_OK) != 0))
        session.diag().perror_line(path, err);
}

void write_module_outputs(Session& session, ModpostModule& mod) {
    // A keep-going run writes nothing for a module an error was printed for.
    if (session.options().keep_going && !mod.is_vmlinux && session.diag().recorded_error_for(mod.name)) return;
    if (mod.is_vmlinux) write_output(session, ".vmlinux.export.c", generate_vmlinux_export_c(session, mod), true);
    else write_output(session, mod.name + ".mod.c", generate_mod_c(session, mod), true);
}

int run_session(Session& session, const ObjectNames& objects) {
    const Options& opts = session.options();
    Diagnostics& diag = session.diag();

    for (const std::string& dump : opts.dump_inputs) read_symvers_dump(session, dump);
    read_objects(session, objects);
    if (opts.trim_unused && !opts.trim_whitelist.empty()) mark_whitelisted_exports(session, opts.trim_whitelist);
    for (const std::string& name : session.no_trim_symbols)
        if (ExportedSymbol* s = session.find_export(name)) s->used = true;

    if (session.era().check_order == CheckOrder::AllBeforeAnyWrite) {
        for (ModpostModule& mod : session.modules())
            if (!mod.from_dump && !mod.is_vmlinux) check_module(session, mod);
        for (ModpostModule& mod : session.modules())
            if (!mod.from_dump) write_module_outputs(session, mod);
    } else {
        for (ModpostModule& mod : session.modules()) {
            if (mod.from_dump) continue;
            if (!mod.is_vmlinux) check_module(session, mod);
            write_module_outputs(session, mod);
        }
    }

    diag.attribute_to("");  // what follows is the run's
    if (!opts.nsdeps_output.empty()) write_output(session, opts.nsdeps_output, format_nsdeps(session), true);
    if (!opts.dump_output.empty()) write_output(session, opts.dump_output, format_symvers_dump(session), false);
    flush_outputs(session);
    if (session.section_mismatch_count > 0 && opts.mismatch_is_error)
        diag.error("Section mismatches detected.\nSet CONFIG_SECTION_MISMATCH_WARN_ONLY=y to allow them.\n");
    if (session.unresolved_count > kMaxUnresolvedReports)
        diag.warn("suppressed %u unresolved symbol warnings because there were too many)\n",
                  session.unresolved_count - kMaxUnresolvedReports);
    if (opts.keep_going) {
        write_verdicts(session, true, "");
        return 0;
    }
    return diag.error_occurred() ? 1 : 0;
}

}  // namespace

int run(const Options& options, const Era& era) {
    ObjectNames objects = collect_object_names(options, era);
    if (std::optional<int> stop = debian_wrapper_stop(options, objects)) return *stop;
    // The session is not destroyed when the run ends: the process exits
    // next, and freeing every module and export (a whole kernel's worth)
    // costs more than the teardown is worth. The previous run's session is
    // freed when another run starts in the same process (tests).
    static Session* retained = nullptr;
    delete retained;
    retained = new Session(options, era);
    Session& session = *retained;
    if (options.keep_going) session.diag().record_messages();
    try {
        return run_session(session, objects);
    } catch (const FatalExit&) {
        if (options.keep_going) {
            // The module being read or checked when the fatal came is
            // refused; the ones after it were not checked.
            std::string stopped;
            const auto& rec = session.diag().recorded();
            if (!rec.empty()) stopped = rec.back().module;
            try {
                write_verdicts(session, false, stopped);
            } catch (const FatalExit&) {
            }
        }
        // What upstream wrote before it stopped is written here.
        try {
            flush_outputs(session);
        } catch (const FatalExit&) {
        }
        return 1;
    }
}

}  // namespace modlink::modpost
