// ToolProcess: one running tool command, driven without threads.
//
// Start() spawns argv (from SandboxArgv) with stdin on /dev/null and stdout
// and stderr on one pipe, in a process group of its own. The owner waits on
// fds() (poll/epoll/curl_multi_poll extra fds) for at most MsUntilDeadline()
// and calls Advance(), which reads output, reaps the process and enforces
// the timeout, until it returns true. Then TakeResult().
//
// The timeout kills the whole tree: under bwrap, SIGKILL goes to the
// sandbox's PID 1 (bash itself, --as-pid-1; its pid comes from bwrap's
// --info-fd), and the kernel kills everything in the PID namespace before
// bwrap sees its child exit. When bash ends by itself, the same teardown
// ends its background children before bwrap exits. In
// none mode SIGKILL goes to the process group (a child that calls setsid
// escapes it: none mode isolates nothing). Advance() returns true only once
// the process is reaped, so under bwrap no process of the command is left.
//
// Not thread-safe; the destructor kills and reaps a process still running.
#ifndef T2S_SANDBOX_TOOL_PROCESS_H_
#define T2S_SANDBOX_TOOL_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "sandbox/capped_output.h"
#include "sandbox/sandbox.h"

namespace t2s {

class ToolProcess {
 public:
  struct Spec {
    LaunchSpec launch;
    int64_t timeout_ms = 120'000;
    size_t output_limit = 30'000;
  };

  // Errors when the process cannot be spawned (e.g. argv[0] not found):
  //   cannot start bwrap: No such file or directory
  static Result<std::unique_ptr<ToolProcess>> Start(const Spec& spec);
  ~ToolProcess();
  ToolProcess(const ToolProcess&) = delete;
  ToolProcess& operator=(const ToolProcess&) = delete;

  // The fds to wait on for readability.
  std::vector<int> fds() const;
  // How long the owner may wait before calling Advance() (>= 0).
  int64_t MsUntilDeadline() const;
  // Reads, reaps, kills at the deadline; true once finished.
  bool Advance();
  // Blocks until finished (polls its own fds).
  void Wait();
  // The result; call once, after Advance() returned true.
  ToolResult TakeResult();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  ToolProcess(const Spec& spec, pid_t pid, int out_fd, int info_fd, int pid_fd);
  void ReadOutput();
  void ReadInfo();
  void Kill();
  void Reap(int status);

  bool bwrap_;
  pid_t pid_;
  pid_t sandbox_init_ = -1;  // bwrap's child, PID 1 of the sandbox
  int out_fd_;
  int info_fd_;
  int pid_fd_;
  std::string info_;
  CappedOutput output_;
  TimePoint start_;
  TimePoint deadline_;
  TimePoint hard_deadline_;  // after a kill: SIGKILL bwrap itself
  bool killed_ = false;
  bool exited_ = false;
  bool finished_ = false;
  int exit_code_ = -1;
  int64_t elapsed_ms_ = 0;
};

}  // namespace t2s

#endif  // T2S_SANDBOX_TOOL_PROCESS_H_
