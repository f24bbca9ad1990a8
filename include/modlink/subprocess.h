// SPDX-License-Identifier: MIT
// Starting other programs. Every program modlink runs goes through here:
// make for `audit --source`, ldd while modlink copies itself into a root,
// and the tree's own modpost that the drop-in hands a run to. The rules for
// file descriptors are set out once, here:
//  - modlink opens its own descriptors (logs, pipes) with O_CLOEXEC: a
//    child gets one only as the standard descriptor its ChildDescriptors
//    copies it to (besides what modlink itself inherited);
//  - some files cannot be opened with O_CLOEXEC (fs::copy_file and
//    std::ofstream do not offer it). If a thread spawns a child while
//    another thread has such a file open for writing, the child keeps a
//    write descriptor to it across exec. A later exec of that file then
//    fails with ETXTBSY (make: "Error 126"). So code that writes a file to
//    be run, while other threads may spawn, holds spawn_lock() as it writes.
//    Every spawn here takes the same lock.
#pragma once

#include <sys/types.h>

#include <spawn.h>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace modlink {

// Held by every spawn here, and by code that writes files it cannot open
// with O_CLOEXEC (see above).
std::mutex& spawn_lock();

// Owned strings as the NULL-terminated char* array that exec and
// posix_spawn take (an argument vector or an environment).
class StringVector {
public:
    explicit StringVector(std::vector<std::string> words);
    StringVector(const StringVector&) = delete;
    StringVector& operator=(const StringVector&) = delete;
    char* const* data() const { return pointers_.data(); }

private:
    std::vector<std::string> words_;
    std::vector<char*> pointers_;
};

// This process's environment, then `extra` ("NAME=value" each) after it.
std::vector<std::string> environment_with(const std::vector<std::string>& extra);

// What a child's descriptors become between fork and exec: posix_spawn's
// file actions, in the order given.
class ChildDescriptors {
public:
    ChildDescriptors();
    ~ChildDescriptors();
    ChildDescriptors(const ChildDescriptors&) = delete;
    ChildDescriptors& operator=(const ChildDescriptors&) = delete;

    // The child's `child_fd` is `path`, opened read-only (stdin from /dev/null).
    void open_read_only(int child_fd, const char* path);
    // The child's `child_fd` is a copy of this process's `fd`.
    void copy(int fd, int child_fd);
    // The child starts in `dir` (it must outlive the spawn).
    void change_directory(const char* dir);
    const posix_spawn_file_actions_t* actions() const { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

// How argv[0] is found: as a path (posix_spawn, execv), or in PATH's
// directories when it has no slash, as a shell finds it (posix_spawnp).
enum class ProgramLookup { AsPath, SearchPath };

struct Spawned {
    pid_t pid = -1;
    int error = 0;  // posix_spawn's error number; 0 when the child runs
};

// Starts argv[0] with `argv`, the descriptors `fds` and the environment
// `env` (nullptr: this process's). Holds spawn_lock() while it spawns.
Spawned spawn_program(const StringVector& argv, ProgramLookup lookup, const ChildDescriptors& fds,
                      const StringVector* env = nullptr);

// Waits for a child, again whenever a signal interrupts the wait. Its wait
// status (WIFEXITED, WEXITSTATUS...), or nothing when waitpid fails.
std::optional<int> wait_for_child(pid_t pid);

// Replaces this process with argv[0] (a path, as execv takes it), keeping
// the environment and the standard descriptors. Returns only when the exec
// failed, with its error number.
int exec_in_place(const StringVector& argv);

// A pipe with both ends O_CLOEXEC: a child gets an end only as a standard
// descriptor through ChildDescriptors::copy. False (errno set) when there
// is none to be had.
struct Pipe {
    int read_end = -1;
    int write_end = -1;
};
bool open_pipe(Pipe& p);

// Runs argv (argv[0] looked up in PATH) with `extra_env` added to this
// process's environment, stdin from /dev/null, stdout and stderr into the
// file `log`. Its exit status, 128 + the signal when a signal ended it, or
// -1 when it could not be started or waited for.
int run_logged(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, const std::string& log);

// What run_captured saw: the exit status (128 + the signal when a signal
// ended it, -1 when it could not be started or waited for) and everything
// the program wrote to stdout and stderr, interleaved as written.
struct CapturedRun {
    int status = -1;
    std::string output;
};

// Runs argv (argv[0] looked up in PATH) in the directory `cwd` ("" = this
// process's), with `extra_env` added to the environment and stdin from
// /dev/null. `tick`, when set, is called about five times a second while
// the program runs (a progress line watches its files grow).
CapturedRun run_captured(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                         const std::string& cwd = "", const std::function<void()>& tick = {});

// What argv (argv[0] looked up in PATH) prints on stdout; its stdin and
// stderr are this process's. "" when it cannot be started.
std::string output_of(const std::vector<std::string>& argv);

// Whether `program` is there to run: a name with a slash is that file; any
// other is looked for in PATH's directories. With `root` (a chroot; "" =
// this system) the file is looked for below it, and in a standard PATH,
// since the root's own environment is not known here.
bool program_runnable(const std::string& program, const std::string& root = "");

}  // namespace modlink
