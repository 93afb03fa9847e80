// Sandbox: how one agent tool command is isolated, as a bwrap command line.
//
// In `bwrap` mode a command runs as `bash -c CMD` inside bubblewrap with:
//   /workspace   the task's workspace, read-write, and the working folder
//   /skill       the skill folder, read-only (only when one is given)
//   /usr, /bin, /lib*, /sbin and a few /etc entries, read-only
//   /tmp         a fresh tmpfs; /dev a minimal devtmpfs; /proc of its own
// and nothing else of the host: paths outside the workspace (golden files,
// checker material, the repository) do not exist inside. No network (only a
// loopback of its own), its own PID, IPC and UTS namespaces with bash as
// PID 1 (when it exits, every process it left behind is killed), all
// capabilities dropped (bwrap run by root would keep them), a read-only root,
// a new session (no TIOCSTI onto our terminal), killed with us
// (--die-with-parent), a cleared environment.
//
// `none` mode runs `bash -c CMD` on the host in the workspace, without any
// isolation; only when the user asks (the caller prints the warning).
#ifndef T2S_SANDBOX_SANDBOX_H_
#define T2S_SANDBOX_SANDBOX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace t2s {

enum class SandboxMode { kBwrap, kNone };

// Parses "bwrap" or "none" (the --sandbox flag).
Result<SandboxMode> ParseSandboxMode(std::string_view text);

struct SandboxOptions {
  SandboxMode mode = SandboxMode::kBwrap;
  // The bwrap binary: a name looked up on PATH or a path.
  std::string bwrap_path = "bwrap";
  // Host paths bound read-only at the same path inside (e.g. "/opt/conda");
  // a missing one is skipped.
  std::vector<std::string> extra_ro_binds;
  // Where the workspace and the skill appear inside.
  std::string workspace_mount = "/workspace";
  std::string skill_mount = "/skill";
};

// One tool call.
struct ToolCommand {
  std::string command;    // run as `bash -c command`
  std::string workspace;  // host folder, must exist; read-write inside
  std::string skill_dir;  // host folder bound read-only; empty = none
  // Extra environment (PATH, HOME=/tmp, LANG=C.UTF-8 and TERM=dumb are set).
  std::vector<std::pair<std::string, std::string>> env;
  int64_t timeout_ms = 120'000;  // from the process start, not from queueing
  size_t output_limit = 30'000;  // bytes of stdout+stderr kept (head + tail)
};

// What a tool call returned.
struct ToolResult {
  // stdout and stderr interleaved in the order written (one pipe, as on a
  // terminal), capped to the limit with a "[... N bytes cut ...]" note.
  std::string output;
  size_t output_bytes = 0;  // bytes written in all, before the cap
  bool output_cut = false;
  // The command's exit status; 128+N when killed by signal N (137 at a timeout).
  int exit_code = -1;
  bool timed_out = false;
  int64_t elapsed_ms = 0;
};

// How to start one command: what ToolProcess spawns.
struct LaunchSpec {
  std::vector<std::string> argv;  // argv[0] is bwrap or bash, looked up on PATH
  std::vector<std::string> env;   // NAME=value; empty = this process's environment
  std::string cwd;                // host folder to start in; empty = ours
  bool bwrap = true;              // argv passes --info-fd kBwrapInfoFd
};

// The launch of `command` under `options`. Errors when the workspace or the
// skill folder is not a folder:
//   sandbox: workspace /x/y: not a folder
Result<LaunchSpec> SandboxLaunch(const SandboxOptions& options, const ToolCommand& command);

// The fd number bwrap writes its {"child-pid": N} to (see --info-fd).
inline constexpr int kBwrapInfoFd = 3;

// Checks once per bwrap path that bwrap exists and can create the
// namespaces; later calls return the cached answer. OK in `none` mode.
// Errors are one line for the user, e.g.
//   sandbox: bwrap not found at bwrap (install the Debian package bubblewrap, or run with --sandbox
//   none to run tools without isolation)
// Thread-safe.
Status ProbeSandbox(const SandboxOptions& options);

}  // namespace t2s

#endif  // T2S_SANDBOX_SANDBOX_H_
