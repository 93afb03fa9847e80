// Spawning uses posix_spawn (safe in a threaded program, no fork of a large
// address space) and waits with a pidfd, so one poll covers output and exit.
#include "sandbox/tool_process.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>

extern char** environ;

namespace t2s {
namespace {

constexpr int64_t kKillGraceMs = 2000;
constexpr int64_t kNoPidfdPollMs = 10;
constexpr int kReadsPerAdvance = 16;  // 1 MiB

int PidfdOpen(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int64_t MsBetween(std::chrono::steady_clock::time_point a,
                  std::chrono::steady_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

}  // namespace

Result<std::unique_ptr<ToolProcess>> ToolProcess::Start(const Spec& spec) {
  if (spec.launch.argv.empty())
    return Status::InvalidArgument("cannot start a tool: empty command line");
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    return Status::IoError(
        fmt::format("cannot start {}: pipe: {}", spec.launch.argv[0], strerror(errno)));
  }
  int info[2] = {-1, -1};
  if (spec.launch.bwrap && pipe2(info, O_CLOEXEC) != 0) {
    int err = errno;
    close(out[0]);
    close(out[1]);
    return Status::IoError(
        fmt::format("cannot start {}: pipe: {}", spec.launch.argv[0], strerror(err)));
  }
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  if (info[0] >= 0) fcntl(info[0], F_SETFL, O_NONBLOCK);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  if (info[1] >= 0) posix_spawn_file_actions_adddup2(&actions, info[1], kBwrapInfoFd);
  if (!spec.launch.cwd.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, spec.launch.cwd.c_str());
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGXFSZ, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv = spec.launch.argv;
  std::vector<std::string> env = spec.launch.env;
  std::vector<char*> c_argv = CStrings(argv);
  std::vector<char*> c_env = CStrings(env);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, c_argv[0], &actions, &attr, c_argv.data(),
                        env.empty() ? environ : c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out[1]);
  if (info[1] >= 0) close(info[1]);
  if (rc != 0) {
    close(out[0]);
    if (info[0] >= 0) close(info[0]);
    return Status::IoError(fmt::format("cannot start {}: {}", spec.launch.argv[0], strerror(rc)));
  }
  int pid_fd = PidfdOpen(pid);
  if (pid_fd >= 0) fcntl(pid_fd, F_SETFD, FD_CLOEXEC);
  return std::unique_ptr<ToolProcess>(new ToolProcess(spec, pid, out[0], info[0], pid_fd));
}

ToolProcess::ToolProcess(const Spec& spec, pid_t pid, int out_fd, int info_fd, int pid_fd)
    : bwrap_(spec.launch.bwrap),
      pid_(pid),
      out_fd_(out_fd),
      info_fd_(info_fd),
      pid_fd_(pid_fd),
      output_(spec.output_limit),
      start_(std::chrono::steady_clock::now()),
      deadline_(start_ + std::chrono::milliseconds(std::max<int64_t>(spec.timeout_ms, 0))),
      hard_deadline_(deadline_) {}

ToolProcess::~ToolProcess() {
  if (!exited_) {
    ReadInfo();
    Kill();  // under bwrap, bwrap exits once the namespace is empty
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  CloseFd(out_fd_);
  CloseFd(info_fd_);
  CloseFd(pid_fd_);
}

std::vector<int> ToolProcess::fds() const {
  std::vector<int> fds;
  if (out_fd_ >= 0) fds.push_back(out_fd_);
  if (info_fd_ >= 0) fds.push_back(info_fd_);
  if (pid_fd_ >= 0 && !exited_) fds.push_back(pid_fd_);
  return fds;
}

int64_t ToolProcess::MsUntilDeadline() const {
  if (finished_) return 0;
  int64_t ms = MsBetween(std::chrono::steady_clock::now(), killed_ ? hard_deadline_ : deadline_);
  // +1: poll rounds down; waking a millisecond early would spin.
  ms = std::max<int64_t>(ms + 1, 0);
  if (pid_fd_ < 0) ms = std::min(ms, kNoPidfdPollMs);
  return ms;
}

void ToolProcess::ReadOutput() {
  char buf[65536];
  // A bounded batch: a command that writes without pause (`yes`) must not
  // keep the loop here past its deadline or starve other conversations.
  for (int batch = 0; batch < kReadsPerAdvance && out_fd_ >= 0; ++batch) {
    ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n > 0) {
      output_.Append(std::string_view(buf, static_cast<size_t>(n)));
    } else if (n == 0) {
      CloseFd(out_fd_);
    } else if (errno != EINTR) {
      if (errno != EAGAIN) CloseFd(out_fd_);
      return;
    }
  }
}

void ToolProcess::ReadInfo() {
  char buf[512];
  while (info_fd_ >= 0) {
    ssize_t n = read(info_fd_, buf, sizeof buf);
    if (n > 0) {
      info_.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      CloseFd(info_fd_);
    } else if (errno != EINTR) {
      if (errno != EAGAIN) CloseFd(info_fd_);
      break;
    }
  }
  // bwrap writes {"child-pid": N} once its child exists.
  size_t key = info_.find("\"child-pid\"");
  if (sandbox_init_ < 0 && key != std::string::npos) {
    size_t digit = info_.find_first_of("0123456789", key);
    size_t end = digit == std::string::npos ? digit : info_.find_first_not_of("0123456789", digit);
    int pid = -1;
    if (end != std::string::npos &&
        std::from_chars(info_.data() + digit, info_.data() + end, pid).ec == std::errc() &&
        pid > 1) {
      sandbox_init_ = pid;
    }
  }
}

void ToolProcess::Kill() {
  killed_ = true;
  hard_deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKillGraceMs);
  if (bwrap_ && sandbox_init_ > 0) {
    // PID 1 of the namespace: the kernel kills the rest, then bwrap exits.
    kill(sandbox_init_, SIGKILL);
  } else {
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
  }
}

void ToolProcess::Reap(int status) {
  exited_ = true;
  elapsed_ms_ = MsBetween(start_, std::chrono::steady_clock::now());
  if (WIFEXITED(status)) exit_code_ = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit_code_ = 128 + WTERMSIG(status);
  // Leftovers in the group (none mode: `server &`) end with the command, as
  // they do under bwrap.
  kill(-pid_, SIGKILL);
  CloseFd(pid_fd_);
}

bool ToolProcess::Advance() {
  if (finished_) return true;
  ReadInfo();
  ReadOutput();
  if (!exited_) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      Reap(status);
    } else if (r < 0 && errno == ECHILD) {
      // Someone else reaped it (a SIGCHLD handler set to SIG_IGN).
      exited_ = true;
      elapsed_ms_ = MsBetween(start_, std::chrono::steady_clock::now());
      CloseFd(pid_fd_);
    }
  }
  if (!exited_) {
    auto now = std::chrono::steady_clock::now();
    if (!killed_ && now >= deadline_) {
      Kill();
    } else if (killed_ && now >= hard_deadline_) {
      kill(pid_, SIGKILL);
    }
    return false;
  }
  // Writers are gone (under bwrap, with the namespace): read what is left.
  // In none mode a process that left the group may still write; what it
  // writes after this batch is not waited for.
  for (int batch = 0; batch < 64 && out_fd_ >= 0; ++batch) {
    size_t before = output_.total();
    ReadOutput();
    if (output_.total() == before) break;
  }
  CloseFd(out_fd_);
  CloseFd(info_fd_);
  finished_ = true;
  return true;
}

void ToolProcess::Wait() {
  while (!Advance()) {
    std::vector<pollfd> polls;
    for (int fd : fds()) polls.push_back({fd, POLLIN, 0});
    poll(polls.data(), polls.size(), static_cast<int>(std::min<int64_t>(MsUntilDeadline(), 1000)));
  }
}

ToolResult ToolProcess::TakeResult() {
  ToolResult result;
  result.output = output_.Text();
  result.output_bytes = output_.total();
  result.output_cut = output_.cut();
  result.exit_code = exit_code_;
  result.timed_out = killed_;
  result.elapsed_ms = elapsed_ms_;
  return result;
}

}  // namespace t2s
