// SPDX-License-Identifier: MIT
#include "modlink/modpost/modpost.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "modlink/modpost/debian_wrapper.h"
#include "modlink/modpost/import_checks.h"
#include "modlink/modpost/mod_c.h"
#include "modlink/modpost/object_reader.h"
#include "modlink/modpost/output_file.h"
#include "modlink/modpost/prefetch.h"
#include "modlink/modpost/session.h"
#include "modlink/modpost/symbol_dump.h"

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
            read_object(session, objects.names[i]);
        }
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
    if (session.diag().error_occurred()) return;
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
    if (int err = read_whole_file(path, text)) session.diag().perror_exit(path, err);
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
    check_module_name_length(session, mod);
    resolve_and_check_imports(session, mod);
}

void write_module_outputs(Session& session, ModpostModule& mod) {
    if (mod.is_vmlinux) write_output(session, ".vmlinux.export.c", generate_vmlinux_export_c(session, mod), true);
    else write_output(session, mod.name + ".mod.c", generate_mod_c(session, mod), true);
}

int run_session(Session& session, const ObjectNames& objects) {
    const Options& opts = session.options();
    Diagnostics& diag = session.diag();

    for (const std::string& dump : opts.dump_inputs) read_symbol_dump(session, dump);
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

    if (!opts.nsdeps_output.empty()) write_output(session, opts.nsdeps_output, format_nsdeps(session), true);
    if (!opts.dump_output.empty()) write_output(session, opts.dump_output, format_symbol_dump(session), false);
    flush_outputs(session);
    if (session.section_mismatch_count > 0 && opts.mismatch_is_error)
        diag.error("Section mismatches detected.\nSet CONFIG_SECTION_MISMATCH_WARN_ONLY=y to allow them.\n");
    if (session.unresolved_count > kMaxUnresolvedReports)
        diag.warn("suppressed %u unresolved symbol warnings because there were too many)\n",
                  session.unresolved_count - kMaxUnresolvedReports);
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
    try {
        return run_session(session, objects);
    } catch (const FatalExit&) {
        // What upstream wrote before it stopped is written here.
        try {
            flush_outputs(session);
        } catch (const FatalExit&) {
        }
        return 1;
    }
}

}  // namespace modlink::modpost
