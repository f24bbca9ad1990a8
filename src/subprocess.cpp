// SPDX-License-Identifier: MIT
#include "modlink/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

extern char** environ;

namespace modlink {

std::mutex& spawn_lock() {
    static std::mutex m;
    return m;
}

StringVector::StringVector(std::vector<std::string> words) : words_(std::move(words)) {
    pointers_.reserve(words_.size() + 1);
    for (std::string& w : words_) pointers_.push_back(w.data());
    pointers_.push_back(nullptr);
}

std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) env.emplace_back(*e);
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

ChildDescriptors::ChildDescriptors() { posix_spawn_file_actions_init(&actions_); }

ChildDescriptors::~ChildDescriptors() { posix_spawn_file_actions_destroy(&actions_); }

void ChildDescriptors::open_read_only(int child_fd, const char* path) {
    posix_spawn_file_actions_addopen(&actions_, child_fd, path, O_RDONLY, 0);
}

// dup2 leaves the copy without FD_CLOEXEC, so the child keeps it across
// exec while the O_CLOEXEC original closes.
void ChildDescriptors::copy(int fd, int child_fd) { posix_spawn_file_actions_adddup2(&actions_, fd, child_fd); }

void ChildDescriptors::change_directory(const char* dir) { posix_spawn_file_actions_addchdir_np(&actions_, dir); }

Spawned spawn_program(const StringVector& argv, ProgramLookup lookup, const ChildDescriptors& fds,
                      const StringVector* env) {
    Spawned s;
    char* const* envp = env ? env->data() : environ;
    std::lock_guard<std::mutex> hold(spawn_lock());
    s.error = lookup == ProgramLookup::SearchPath
                  ? posix_spawnp(&s.pid, argv.data()[0], fds.actions(), nullptr, argv.data(), envp)
                  : posix_spawn(&s.pid, argv.data()[0], fds.actions(), nullptr, argv.data(), envp);
    return s;
}

std::optional<int> wait_for_child(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return std::nullopt;
    return status;
}

int exec_in_place(const StringVector& argv) {
    ::execv(argv.data()[0], argv.data());
    return errno;
}

bool open_pipe(Pipe& p) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    p.read_end = fds[0];
    p.write_end = fds[1];
    return true;
}

int run_logged(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, const std::string& log) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    ChildDescriptors fds;
    fds.open_read_only(STDIN_FILENO, "/dev/null");
    fds.copy(fd, STDOUT_FILENO);
    fds.copy(fd, STDERR_FILENO);
    StringVector args(argv);
    StringVector env(environment_with(extra_env));
    Spawned child = spawn_program(args, ProgramLookup::SearchPath, fds, &env);
    ::close(fd);
    if (child.error != 0) return -1;
    std::optional<int> status = wait_for_child(child.pid);
    if (!status) return -1;
    return WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
}

CapturedRun run_captured(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                         const std::string& cwd, const std::function<void()>& tick) {
    CapturedRun run;
    Pipe out;
    if (!open_pipe(out)) return run;
    ChildDescriptors fds;
    fds.open_read_only(STDIN_FILENO, "/dev/null");
    fds.copy(out.write_end, STDOUT_FILENO);
    fds.copy(out.write_end, STDERR_FILENO);
    if (!cwd.empty()) fds.change_directory(cwd.c_str());
    StringVector args(argv);
    StringVector env(environment_with(extra_env));
    Spawned child = spawn_program(args, ProgramLookup::SearchPath, fds, &env);
    ::close(out.write_end);
    if (child.error == 0) {
        char buf[4096];
        for (;;) {
            pollfd p{out.read_end, POLLIN, 0};
            int ready = ::poll(&p, 1, 200);
            if (ready < 0 && errno == EINTR) continue;
            if (ready == 0) {
                if (tick) tick();
                continue;
            }
            ssize_t n = ::read(out.read_end, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            run.output.append(buf, static_cast<std::size_t>(n));
        }
        if (std::optional<int> status = wait_for_child(child.pid))
            run.status = WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
    }
    ::close(out.read_end);
    return run;
}

std::string output_of(const std::vector<std::string>& argv) {
    Pipe out;
    if (!open_pipe(out)) return "";
    ChildDescriptors fds;
    fds.copy(out.write_end, STDOUT_FILENO);
    StringVector args(argv);
    Spawned child = spawn_program(args, ProgramLookup::SearchPath, fds);
    ::close(out.write_end);
    std::string text;
    if (child.error == 0) {
        char buf[4096];
        for (;;) {
            ssize_t n = ::read(out.read_end, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            text.append(buf, static_cast<std::size_t>(n));
        }
        wait_for_child(child.pid);
    }
    ::close(out.read_end);
    return text;
}

bool program_runnable(const std::string& program, const std::string& root) {
    if (program.find('/') != std::string::npos) return ::access((root + program).c_str(), X_OK) == 0;
    const char* path = root.empty() ? std::getenv("PATH") : nullptr;
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    for (std::string d; std::getline(dirs, d, ':');)
        if (!d.empty() && ::access((root + d + "/" + program).c_str(), X_OK) == 0) return true;
    return false;
}

}  // namespace modlink
