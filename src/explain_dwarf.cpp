// SPDX-License-Identifier: MIT
// Inline chains from DWARF, through elfutils' libdwfl.
//
// Why libdwfl and not libdwarf: a .ko is a relocatable object whose code
// sections (.text, .text.unlikely, .init.text, .exit.text) all start at
// address 0, and its DWARF addresses are relocations against those
// sections. libdwarf applies ET_REL relocations with the section symbols'
// value, 0, so a function in .init.text and one in .text get the same
// low_pc and an address no longer says which one it is. libdwfl's offline
// mode first lays every allocated section out at its own address (as a
// loader would) and then applies the debug relocations, so section S,
// offset O is simply base(S) + O. (README, "DWARF".)
//
// Resolving a batch: sites are grouped by compilation unit, and each unit's
// DIE tree is walked once, descending only into scopes whose ranges hold
// some site; the deepest subprogram or inlined subroutine covering a site,
// and its parents, are its chain.
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/explain_dwarf.h"
#include "modlink/input_file.h"

namespace modlink {

namespace {

// The debug file is chosen before libdwfl sees it: never search elsewhere.
int no_separate_debuginfo(Dwfl_Module*, void**, const char*, Dwarf_Addr, const char*, const char*, GElf_Word,
                          char**) {
    return -1;
}

const Dwfl_Callbacks kOfflineCallbacks = {
    dwfl_build_id_find_elf,
    no_separate_debuginfo,
    dwfl_offline_section_address,
    nullptr,
};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Joins a relative path to `dir` and folds "." and ".." lexically (the
// files need not exist here).
std::string normalize(std::string_view path, std::string_view dir) {
    std::string joined = (path.empty() || path[0] == '/' || dir.empty()) ? std::string(path)
                                                                         : std::string(dir) + "/" + std::string(path);
    bool absolute = !joined.empty() && joined[0] == '/';
    std::vector<std::string_view> parts;
    std::string_view rest = joined;
    while (!rest.empty()) {
        auto slash = rest.find('/');
        std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == ".." && !parts.empty() && parts.back() != "..") {
            parts.pop_back();
            continue;
        }
        if (part == ".." && absolute) continue;
        parts.push_back(part);
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '/';
        out += parts[i];
    }
    return out.empty() ? "." : out;
}

// `path` is `dir` or below it.
bool is_under(std::string_view path, std::string_view dir) {
    if (dir.empty()) return false;
    if (dir == "/") return path.size() > 1 && path[0] == '/';
    return starts_with(path, dir) && (path.size() == dir.size() || path[dir.size()] == '/');
}

std::string_view relative_to(std::string_view path, std::string_view dir) {
    if (path.size() == dir.size()) return ".";
    return path.substr(dir == "/" ? 1 : dir.size() + 1);
}

std::string common_directory(std::string_view a, std::string_view b) {
    std::size_t n = 0, last_slash = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) {
        if (a[n] == '/') last_slash = n;
        ++n;
    }
    if ((n == a.size() && (n == b.size() || b[n] == '/')) || (n == b.size() && a[n] == '/')) return std::string(a.substr(0, n));
    return std::string(a.substr(0, last_slash == 0 ? 1 : last_slash));
}

std::string dirname_of(std::string_view p) {
    auto slash = p.rfind('/');
    if (slash == std::string_view::npos) return ".";
    return std::string(p.substr(0, slash == 0 ? 1 : slash));
}

const char* attr_string(Dwarf_Die* die, unsigned name) {
    Dwarf_Attribute a;
    return dwarf_formstring(dwarf_attr_integrate(die, name, &a));
}

std::optional<Dwarf_Word> attr_udata(Dwarf_Die* die, unsigned name) {
    Dwarf_Attribute a;
    Dwarf_Word v;
    if (!dwarf_attr(die, name, &a) || dwarf_formudata(&a, &v) != 0) return std::nullopt;
    return v;
}

struct Scope {
    Dwarf_Die die;
    int parent = -1;  // index of the enclosing subprogram or inlined subroutine
    bool inlined = false;
};

struct Query {
    Dwarf_Addr addr = 0;  // in the unit's DWARF address space
    std::size_t site = 0;
    int deepest = -1;
};

// 7.x links scripts/module-common.c (built in the kernel's tree) into every
// module: its unit is kernel code, not the module's, and must not widen the
// module's own source root to "/".
constexpr std::string_view kModuleCommon = "/scripts/module-common.c";

// An in-tree build names it relative to the build directory
// ("scripts/module-common.c"), an out-of-tree one by absolute path.
bool is_kernel_stub_unit(std::string_view name) {
    return name.ends_with(kModuleCommon) || name == kModuleCommon.substr(1);
}

}  // namespace

struct InlineChains::OpenDebugFile {
    std::string path;
    ExplainOptions opts;
    int memfd = -1;
    Dwfl* dwfl = nullptr;
    Dwfl_Module* module = nullptr;
    Dwarf* dwarf = nullptr;
    Dwarf_Addr dwarf_bias = 0;     // module address = DWARF address + dwarf_bias
    std::vector<Dwarf_Die> units;  // compile units, in file order
    struct LaidOut {
        std::string name;
        Dwarf_Addr addr = 0;  // where libdwfl put the section
        Dwarf_Addr size = 0;
    };
    std::vector<LaidOut> sections;  // by section index
    unsigned version = 0;

    // Which sources are the module's own and how paths are shown (see present()).
    std::string source_root;           // deepest directory holding every unit's main file
    bool unit_names_absolute = false;  // out-of-tree builds name units by absolute path
    bool classified = false;
    std::vector<std::string> kernel_roots;  // kernel trees the units include from
    std::string own_root;                   // deepest directory holding every own source
    std::vector<std::string> comp_dirs;     // of the units, for relative display
    std::unordered_map<std::string, SourceLocation> shown;  // absolute path -> as shown, cached

    ~OpenDebugFile() {
        if (dwfl) dwfl_end(dwfl);
        if (memfd >= 0) close(memfd);
    }

    void classify_sources();
    bool is_kernel_file(std::string_view path) const;
    void present(SourceLocation& loc);
    void resolve_unit(Dwarf_Die& cu, std::vector<Query>& queries, std::vector<ReferenceSite*>& sites);
    std::vector<Scope> scopes_of(Dwarf_Die& cu, std::vector<Query>& queries);
    // A unit's compile directory and file table, read once per unit.
    struct UnitFiles {
        std::string_view comp_dir;
        Dwarf_Files* files = nullptr;
        std::size_t count = 0;
    };
    std::vector<InlineFrame> frames_of(Dwarf_Die& cu, const UnitFiles& unit, const Query& q,
                                       std::vector<Scope>& scopes, const ReferenceSite& site);
    void resolve_data(std::vector<ReferenceSite*>& sites);
};

// libdwfl's last error as text. dwfl_errmsg gives NULL when a call failed
// without recording why (a .symtab whose sh_entsize libdwfl rejects).
static std::string dwfl_message() {
    const char* m = dwfl_errmsg(-1);
    return m && *m ? m : "libdwfl rejects the file (malformed ELF or DWARF)";
}

InlineChains::InlineChains(const std::string& debug_file, const ExplainOptions& opts)
    : InlineChains(debug_file, Input::open(debug_file, Input::Access::Read, Input::Content::Elf), opts) {}

InlineChains::InlineChains(const std::string& debug_file, const Input& file, const ExplainOptions& opts)
    : state_(std::make_unique<OpenDebugFile>()) {
    OpenDebugFile& st = *state_;
    st.path = debug_file;
    st.opts = opts;
    int fd = file.fd();
    if (file.in_memory()) {
        // A compressed file was inflated into memory; libdwfl wants a file.
        st.memfd = memfd_create("modlink-debug", MFD_CLOEXEC);
        if (st.memfd < 0) throw Error(debug_file, "cannot create a memory file for the decompressed image");
        const char* p = file.data();
        std::size_t left = file.size();
        while (left > 0) {
            ssize_t n = write(st.memfd, p, left);
            if (n <= 0) throw Error(debug_file, "cannot write the decompressed image");
            p += n;
            left -= static_cast<std::size_t>(n);
        }
        fd = st.memfd;
    }
    st.dwfl = dwfl_begin(&kOfflineCallbacks);
    if (!st.dwfl) throw Error(debug_file, "libdwfl: " + dwfl_message());
    // libdwfl closes the descriptor it is given; hand it a duplicate.
    int own_fd = dup(fd);
    if (own_fd < 0) throw Error(debug_file, "cannot duplicate file descriptor");
    st.module = dwfl_report_offline(st.dwfl, "module", debug_file.c_str(), own_fd);
    if (!st.module) {
        close(own_fd);
        throw Error(debug_file, "cannot read debug info: " + dwfl_message());
    }
    dwfl_report_end(st.dwfl, nullptr, nullptr);
    st.dwarf = dwfl_module_getdwarf(st.module, &st.dwarf_bias);
    if (!st.dwarf) throw Error(debug_file, "cannot read DWARF: " + dwfl_message());

    // Where libdwfl laid out each section (sh_addr of its relocated view).
    Dwarf_Addr elf_bias = 0;
    Elf* elf = dwfl_module_getelf(st.module, &elf_bias);
    std::size_t shstrndx = 0;
    if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0) throw Error(debug_file, "cannot read section headers");
    std::size_t shnum = 0;
    elf_getshdrnum(elf, &shnum);
    st.sections.resize(shnum);
    for (std::size_t i = 1; i < shnum; ++i) {
        GElf_Shdr sh;
        Elf_Scn* scn = elf_getscn(elf, i);
        if (!scn || !gelf_getshdr(scn, &sh)) continue;
        const char* name = elf_strptr(elf, shstrndx, sh.sh_name);
        st.sections[i] = {name ? name : "", sh.sh_addr + elf_bias, sh.sh_size};
    }

    // Units: DWARF version, and where the module's own sources live.
    Dwarf_Off off = 0, next = 0;
    std::size_t header_size = 0;
    Dwarf_Half version = 0;
    bool first = true;
    while (dwarf_next_unit(st.dwarf, off, &next, &header_size, &version, nullptr, nullptr, nullptr, nullptr,
                           nullptr) == 0) {
        Dwarf_Die cu;
        if (dwarf_offdie(st.dwarf, off + header_size, &cu) && dwarf_tag(&cu) == DW_TAG_compile_unit) {
            st.units.push_back(cu);
            st.version = std::max<unsigned>(st.version, version);
            const char* name = attr_string(&cu, DW_AT_name);
            const char* comp_dir = attr_string(&cu, DW_AT_comp_dir);
            // MODULE.mod.c is generated in the build directory, which a
            // kernel built with O= (Debian's rt flavour: sources in
            // debian/build/source_rt, objects in build_amd64_rt_amd64)
            // keeps apart from the sources: it must not widen the module's
            // own source root to the whole build.
            if (name && !is_kernel_stub_unit(name) && !std::string_view(name).ends_with(".mod.c")) {
                std::string dir = dirname_of(normalize(name, comp_dir ? comp_dir : ""));
                if (first) st.unit_names_absolute = name[0] == '/';
                st.source_root = first ? dir : common_directory(st.source_root, dir);
                first = false;
            }
        }
        off = next;
    }
}

InlineChains::~InlineChains() = default;

unsigned InlineChains::dwarf_version() const { return state_->version; }

namespace {

// Compiler and C library headers are nobody's own source.
bool is_system_file(std::string_view path) {
    return starts_with(path, "/usr/include/") || starts_with(path, "/usr/lib/");
}

}  // namespace

// Sorts the sources the units name into the module's own and the kernel's,
// from every unit's file table (so the answer for one symbol never depends
// on which other symbols were asked about). A kernel tree is the
// directory of an out-of-tree build (its units' comp_dir is the kernel's
// build tree) or whatever holds "include/linux/" outside the module's
// sources (Debian's headers come from a separate -common tree).
void InlineChains::OpenDebugFile::classify_sources() {
    classified = true;
    std::vector<std::string> dirs;
    for (Dwarf_Die& cu : units) {
        const char* name = attr_string(&cu, DW_AT_name);
        const char* comp_c = attr_string(&cu, DW_AT_comp_dir);
        std::string comp = comp_c ? normalize(comp_c, "") : "";
        if (!comp.empty()) comp_dirs.push_back(comp);
        if (name && is_kernel_stub_unit(name)) {
            // The kernel's own stub: its tree is a kernel root.
            std::string path = normalize(name, comp);
            if (path.size() > kModuleCommon.size()) kernel_roots.push_back(path.substr(0, path.size() - kModuleCommon.size()));
        } else if (name && !comp.empty() && !is_under(normalize(name, comp), comp)) {
            kernel_roots.push_back(comp);
        }
        Dwarf_Files* files = nullptr;
        std::size_t n = 0;
        if (dwarf_getsrcfiles(&cu, &files, &n) != 0) continue;
        for (std::size_t i = 0; i < n; ++i) {
            const char* f = dwarf_filesrc(files, i, nullptr, nullptr);
            if (!f) continue;
            std::string path = normalize(f, comp);
            auto at = path.find("/include/linux/");
            if (at != std::string::npos && !is_under(path, source_root)) kernel_roots.push_back(path.substr(0, at));
            dirs.push_back(dirname_of(path));
        }
    }
    auto unique = [](std::vector<std::string>& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    unique(kernel_roots);
    unique(comp_dirs);
    unique(dirs);
    own_root = source_root;
    for (const std::string& d : dirs)
        if (d[0] == '/' && !is_system_file(d + "/") && !is_kernel_file(d + "/x")) own_root = common_directory(own_root, d);
}

bool InlineChains::OpenDebugFile::is_kernel_file(std::string_view path) const {
    if (is_under(path, source_root)) return false;
    for (const std::string& root : kernel_roots)
        if (is_under(path, root)) return true;
    return false;
}

// How a source path is shown: --prefix-map first (the user knows best);
// else the module's own files relative to the directory holding all of
// them (out-of-tree) or to the kernel tree (in-tree builds), kernel files
// relative to their kernel tree, so "include/linux/rcupdate.h" reads the
// same for every build.
void InlineChains::OpenDebugFile::present(SourceLocation& loc) {
    if (loc.file.empty()) return;
    if (auto it = shown.find(loc.file); it != shown.end()) {
        loc.own = it->second.own;
        loc.file = it->second.file;
        return;
    }
    if (!classified) classify_sources();
    const std::string path = loc.file;
    SourceLocation out;
    out.own = !is_kernel_file(path) && !is_system_file(path);
    bool mapped = false;
    for (const auto& [from, to] : opts.prefix_map) {
        std::string nfrom = normalize(from, "");
        if (!is_under(path, nfrom)) continue;
        std::string_view rest = relative_to(path, nfrom);
        out.file = to.empty() ? std::string(rest)
                   : rest == "." ? to
                                 : to + (to.back() == '/' ? "" : "/") + std::string(rest);
        mapped = true;
        break;
    }
    if (!mapped) {
        out.file = path;
        std::string_view best;  // the deepest tree holding the file
        auto consider = [&](std::string_view dir) {
            if (is_under(path, dir) && dir.size() > best.size()) best = dir;
        };
        if (out.own && unit_names_absolute) {
            consider(own_root);
        } else {
            for (const std::string& d : comp_dirs) consider(d);
            if (!out.own)
                for (const std::string& r : kernel_roots) consider(r);
        }
        if (!best.empty() && best != path) out.file = std::string(relative_to(path, best));
    }
    shown.emplace(path, out);
    loc.own = out.own;
    loc.file = out.file;
}

// The subprograms and inlined subroutines of unit `cu` that hold a query,
// each query marked with the deepest one it lies in.
std::vector<Scope> InlineChains::OpenDebugFile::scopes_of(Dwarf_Die& cu, std::vector<Query>& queries) {
    std::sort(queries.begin(), queries.end(), [](const Query& a, const Query& b) { return a.addr < b.addr; });
    std::vector<Scope> scopes;

    // Marks the queries inside [lo, hi) as lying in `scope`; true if any.
    auto mark = [&](std::vector<std::size_t>& inside, const std::vector<std::size_t>& candidates, Dwarf_Die* die) {
        inside.clear();
        Dwarf_Addr base = 0, lo = 0, hi = 0;
        ptrdiff_t off = 0;
        while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
            // candidates are sorted by address: binary search the range.
            auto first = std::lower_bound(candidates.begin(), candidates.end(), lo,
                                          [&](std::size_t q, Dwarf_Addr a) { return queries[q].addr < a; });
            for (auto it = first; it != candidates.end() && queries[*it].addr < hi; ++it) inside.push_back(*it);
        }
        std::sort(inside.begin(), inside.end());
        return !inside.empty();
    };

    // Depth-first over scopes that hold some query. Real code nests scopes a
    // few dozen deep; a crafted file must not exhaust the stack.
    constexpr int kMaxDepth = 512;
    auto walk = [&](auto& self, Dwarf_Die* parent_die, int parent_scope, const std::vector<std::size_t>& candidates,
                    int depth) -> void {
        if (depth > kMaxDepth) throw Error(path, "DWARF scopes nested more than 512 deep");
        Dwarf_Die child;
        if (dwarf_child(parent_die, &child) != 0) return;
        std::vector<std::size_t> inside;
        do {
            int tag = dwarf_tag(&child);
            if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine && tag != DW_TAG_lexical_block)
                continue;
            bool has_pc = dwarf_hasattr(&child, DW_AT_low_pc) || dwarf_hasattr(&child, DW_AT_ranges);
            if (!has_pc) {
                // A lexical block without code of its own may still hold scopes that have some.
                if (tag == DW_TAG_lexical_block) self(self, &child, parent_scope, candidates, depth + 1);
                continue;
            }
            if (!mark(inside, candidates, &child)) continue;
            int scope = parent_scope;
            if (tag != DW_TAG_lexical_block) {
                scopes.push_back({child, parent_scope, tag == DW_TAG_inlined_subroutine});
                scope = static_cast<int>(scopes.size() - 1);
                for (std::size_t q : inside) queries[q].deepest = scope;
            }
            self(self, &child, scope, inside, depth + 1);
        } while (dwarf_siblingof(&child, &child) == 0);
    };
    std::vector<std::size_t> all(queries.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    walk(walk, &cu, -1, all, 0);
    return scopes;

}

// The inline chain of one query, innermost first: its line, then each
// enclosing inlined subroutine's call site, up to the function it lies in.
std::vector<InlineFrame> InlineChains::OpenDebugFile::frames_of(Dwarf_Die& cu, const UnitFiles& unit, const Query& q,
                                                                std::vector<Scope>& scopes, const ReferenceSite& site) {
    std::string_view comp_dir = unit.comp_dir;
    Dwarf_Files* files = unit.files;
    std::size_t nfiles = unit.count;
    std::vector<InlineFrame> frames;
    InlineFrame innermost;
    if (Dwarf_Line* line = dwarf_getsrc_die(&cu, q.addr)) {
        int lineno = 0, col = 0;
        dwarf_lineno(line, &lineno);
        dwarf_linecol(line, &col);
        if (const char* src = dwarf_linesrc(line, nullptr, nullptr)) innermost.location.file = normalize(src, comp_dir);
        innermost.location.line = static_cast<unsigned>(std::max(lineno, 0));
        innermost.location.column = static_cast<unsigned>(std::max(col, 0));
    }
    if (q.deepest < 0) {
        innermost.function = site.function;
        frames.push_back(std::move(innermost));
        return frames;
    }
    SourceLocation loc = innermost.location;
    for (int s = q.deepest; s >= 0; s = scopes[static_cast<std::size_t>(s)].parent) {
        Scope& sc = scopes[static_cast<std::size_t>(s)];
        InlineFrame f;
        const char* name = attr_string(&sc.die, DW_AT_name);
        f.function = name ? name : "";
        f.location = loc;
        f.inlined = sc.inlined;
        // dwarf_decl_file/line follow DW_AT_abstract_origin to the declaration.
        if (const char* decl = dwarf_decl_file(&sc.die)) {
            f.declared.file = normalize(decl, comp_dir);
            int line = 0;
            if (dwarf_decl_line(&sc.die, &line) == 0) f.declared.line = static_cast<unsigned>(std::max(line, 0));
        }
        frames.push_back(std::move(f));
        if (!sc.inlined) break;
        // The next frame out is where this one was called from.
        loc = SourceLocation{};
        auto file = attr_udata(&sc.die, DW_AT_call_file);
        if (file && files && *file < nfiles)
            if (const char* src = dwarf_filesrc(files, *file, nullptr, nullptr)) loc.file = normalize(src, comp_dir);
        if (auto l = attr_udata(&sc.die, DW_AT_call_line)) loc.line = static_cast<unsigned>(*l);
        if (auto c = attr_udata(&sc.die, DW_AT_call_column)) loc.column = static_cast<unsigned>(*c);
    }
    return frames;
}

void InlineChains::OpenDebugFile::resolve_unit(Dwarf_Die& cu, std::vector<Query>& queries,
                                       std::vector<ReferenceSite*>& sites) {
    std::vector<Scope> scopes = scopes_of(cu, queries);
    UnitFiles unit;
    if (const char* comp_dir = attr_string(&cu, DW_AT_comp_dir)) unit.comp_dir = comp_dir;
    if (dwarf_getsrcfiles(&cu, &unit.files, &unit.count) != 0) unit.files = nullptr;
    for (const Query& q : queries) sites[q.site]->frames = frames_of(cu, unit, q, scopes, *sites[q.site]);
}

// Data sites: where the object holding the reference is defined (an ops
// table, a pointer), from the unit-level DW_TAG_variable of that name. Two
// units may each define a static object of one name: then the one whose
// address (DW_OP_addr) is the last at or before the site in its section.
void InlineChains::OpenDebugFile::resolve_data(std::vector<ReferenceSite*>& data_sites) {
    struct Variable {
        Dwarf_Addr addr;  // module address, 0 when unknown
        std::string file;
        unsigned line;
    };
    std::unordered_map<std::string, std::vector<Variable>> by_name;
    for (Dwarf_Die& cu : units) {
        Dwarf_Die die;
        if (dwarf_child(&cu, &die) != 0) continue;
        do {
            if (dwarf_tag(&die) != DW_TAG_variable || !dwarf_hasattr(&die, DW_AT_location)) continue;
            const char* name = attr_string(&die, DW_AT_name);
            const char* file = dwarf_decl_file(&die);
            int line = 0;
            if (!name || !file || dwarf_decl_line(&die, &line) != 0) continue;
            Dwarf_Attribute attr;
            Dwarf_Op* ops = nullptr;
            std::size_t nops = 0;
            Dwarf_Addr addr = 0;
            if (dwarf_getlocation(dwarf_attr(&die, DW_AT_location, &attr), &ops, &nops) == 0 && nops >= 1 &&
                ops[0].atom == DW_OP_addr)
                addr = ops[0].number + dwarf_bias;
            const char* comp = attr_string(&cu, DW_AT_comp_dir);
            by_name[name].push_back({addr, normalize(file, comp ? comp : ""), static_cast<unsigned>(std::max(line, 0))});
        } while (dwarf_siblingof(&die, &die) == 0);
    }
    for (ReferenceSite* s : data_sites) {
        auto it = by_name.find(s->data_object);
        if (it == by_name.end()) continue;
        const Variable* best = it->second.size() == 1 ? &it->second.front() : nullptr;
        if (s->section_index < sections.size() && sections[s->section_index].name == s->section) {
            const LaidOut& sec = sections[s->section_index];
            Dwarf_Addr at = sec.addr + s->offset;
            for (const Variable& v : it->second)
                if (v.addr >= sec.addr && v.addr <= at && (!best || best->addr < v.addr)) best = &v;
        }
        if (!best) continue;
        InlineFrame f;
        f.function = s->data_object;
        f.location.file = best->file;
        f.location.line = best->line;
        s->frames = {std::move(f)};
    }
}

void InlineChains::resolve(std::vector<ReferenceSite*>& sites) {
    OpenDebugFile& st = *state_;
    // Units by DIE offset, so the walk order (and nothing else) is fixed.
    std::map<Dwarf_Off, std::pair<Dwarf_Die, std::vector<Query>>> units;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        ReferenceSite& s = *sites[i];
        if (s.code_section.empty() || s.code_section_index >= st.sections.size() ||
            st.sections[s.code_section_index].name != s.code_section)
            continue;  // no code, or a debug file whose sections differ
        Dwarf_Addr addr = st.sections[s.code_section_index].addr + s.code_offset;
        Dwarf_Addr cu_bias = 0;
        Dwarf_Die* cu = dwfl_module_addrdie(st.module, addr, &cu_bias);
        if (!cu) continue;
        auto& unit = units[dwarf_dieoffset(cu)];
        unit.first = *cu;
        unit.second.push_back({addr - cu_bias, i, -1});
    }
    for (auto& [_, unit] : units) st.resolve_unit(unit.first, unit.second, sites);
    std::vector<ReferenceSite*> data;
    for (ReferenceSite* s : sites)
        if (s->code_section.empty() && !s->data_object.empty()) data.push_back(s);
    if (!data.empty()) st.resolve_data(data);
    for (ReferenceSite* s : sites)
        for (InlineFrame& f : s->frames) {
            st.present(f.location);
            st.present(f.declared);
        }
}

std::vector<DeclaredFunction> InlineChains::code_functions() {
    OpenDebugFile& st = *state_;
    // (name, declaration file) as libdw hands them out: pointers into the
    // string sections and file tables, so each inlined copy costs a lookup,
    // not a string; turned into shown paths once at the end.
    struct Raw {
        const char* name;
        const char* file;
        std::string_view comp_dir;
        bool operator==(const Raw& o) const { return name == o.name && file == o.file; }
    };
    struct RawHash {
        std::size_t operator()(const Raw& r) const {
            return std::hash<const void*>{}(r.name) * 31 + std::hash<const void*>{}(r.file);
        }
    };
    std::unordered_set<Raw, RawHash> raw;
    constexpr int kMaxDepth = 512;
    auto walk = [&](auto& self, Dwarf_Die* parent, std::string_view comp_dir, int depth) -> void {
        if (depth > kMaxDepth) throw Error(st.path, "DWARF scopes nested more than 512 deep");
        Dwarf_Die child;
        if (dwarf_child(parent, &child) != 0) return;
        do {
            int tag = dwarf_tag(&child);
            // Only code scopes hold functions with code; types and
            // variables are skipped whole.
            if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine && tag != DW_TAG_lexical_block) continue;
            if (tag != DW_TAG_lexical_block && (dwarf_hasattr(&child, DW_AT_low_pc) || dwarf_hasattr(&child, DW_AT_ranges) ||
                                                tag == DW_TAG_inlined_subroutine)) {
                const char* name = attr_string(&child, DW_AT_name);
                const char* file = dwarf_decl_file(&child);
                if (name && file) raw.insert({name, file, comp_dir});
            }
            self(self, &child, comp_dir, depth + 1);
        } while (dwarf_siblingof(&child, &child) == 0);
    };
    for (Dwarf_Die& cu : st.units) {
        const char* comp = attr_string(&cu, DW_AT_comp_dir);
        walk(walk, &cu, comp ? comp : "", 0);
    }
    std::set<std::pair<std::string, std::string>> seen;
    std::vector<DeclaredFunction> out;
    for (const Raw& r : raw) {
        DeclaredFunction f;
        f.function = r.name;
        f.declared.file = normalize(r.file, r.comp_dir);
        st.present(f.declared);
        if (seen.emplace(f.function, f.declared.file).second) out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), [](const DeclaredFunction& a, const DeclaredFunction& b) {
        return std::tie(a.function, a.declared.file) < std::tie(b.function, b.declared.file);
    });
    return out;
}

}  // namespace modlink
