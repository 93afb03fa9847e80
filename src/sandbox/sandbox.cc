#include "sandbox/sandbox.h"

#include <fmt/format.h>
#include <string.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#include "base/text.h"
#include "sandbox/tool_process.h"

extern char** environ;

namespace t2s {
namespace {

namespace fs = std::filesystem;

// The system, read-only. /bin, /lib... are symlinks into /usr on merged-/usr
// systems (Debian 12) and folders elsewhere; each is recreated as it is.
constexpr const char* kSystemDirs[] = {"/usr",   "/bin",   "/sbin",  "/lib",
                                       "/lib32", "/lib64", "/libx32"};
// What programs need of /etc: the alternatives symlinks (Debian's awk,
// python links point there), the loader cache, user names, time zone, fonts.
// Not the rest, which may hold host secrets; each bind costs about 0.2 ms of
// start-up, so the list stays short (SandboxOptions::extra_ro_binds adds).
constexpr const char* kEtcEntries[] = {"/etc/alternatives", "/etc/ld.so.cache", "/etc/passwd",
                                       "/etc/group",        "/etc/localtime",   "/etc/fonts"};
constexpr const char* kPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

Result<std::string> ExistingFolder(std::string_view what, const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::canonical(path, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return Status::NotFound(fmt::format("sandbox: {} {}: not a folder", what, path));
  }
  return canonical.string();
}

void AddSystem(std::vector<std::string>& argv) {
  for (const char* dir : kSystemDirs) {
    std::error_code ec;
    fs::file_status st = fs::symlink_status(dir, ec);
    if (ec || !fs::exists(st)) continue;
    if (fs::is_symlink(st)) {
      fs::path target = fs::read_symlink(dir, ec);
      if (ec) continue;
      argv.insert(argv.end(), {"--symlink", target.string(), dir});
    } else {
      argv.insert(argv.end(), {"--ro-bind", dir, dir});
    }
  }
  for (const char* entry : kEtcEntries) argv.insert(argv.end(), {"--ro-bind-try", entry, entry});
}

}  // namespace

Result<SandboxMode> ParseSandboxMode(std::string_view text) {
  if (text == "bwrap") return SandboxMode::kBwrap;
  if (text == "none") return SandboxMode::kNone;
  return Status::InvalidArgument(
      fmt::format("sandbox: unknown mode \"{}\" (expected bwrap or none)", text));
}

Result<LaunchSpec> SandboxLaunch(const SandboxOptions& options, const ToolCommand& command) {
  T2S_ASSIGN_OR_RETURN(std::string workspace, ExistingFolder("workspace", command.workspace));
  std::string skill;
  if (!command.skill_dir.empty()) {
    T2S_ASSIGN_OR_RETURN(skill, ExistingFolder("skill folder", command.skill_dir));
  }
  LaunchSpec spec;
  if (options.mode == SandboxMode::kNone) {
    spec.bwrap = false;
    spec.cwd = workspace;
    for (char** e = environ; *e != nullptr; ++e) spec.env.emplace_back(*e);
    for (const auto& [name, value] : command.env) spec.env.push_back(name + "=" + value);
    spec.argv = {"bash", "-c", command.command};
    return spec;
  }
  std::vector<std::string>& a = spec.argv;
  a = {options.bwrap_path,
       "--unshare-net",
       "--unshare-pid",
       "--unshare-ipc",
       "--unshare-uts",
       "--unshare-cgroup-try",
       "--die-with-parent",
       "--new-session",
       "--as-pid-1",
       "--cap-drop",
       "ALL",
       "--hostname",
       "sandbox"};
  AddSystem(a);
  for (const std::string& dir : options.extra_ro_binds)
    a.insert(a.end(), {"--ro-bind-try", dir, dir});
  a.insert(a.end(), {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"});
  a.insert(a.end(), {"--bind", workspace, options.workspace_mount});
  if (!skill.empty()) a.insert(a.end(), {"--ro-bind", skill, options.skill_mount});
  // The root (bwrap's tmpfs holding the mount points) read-only: nothing is
  // writable but the workspace and /tmp.
  a.insert(a.end(), {"--remount-ro", "/", "--chdir", options.workspace_mount, "--clearenv",
                     "--setenv", "PATH", kPath, "--setenv", "HOME", "/tmp", "--setenv", "LANG",
                     "C.UTF-8", "--setenv", "TERM", "dumb"});
  for (const auto& [name, value] : command.env) a.insert(a.end(), {"--setenv", name, value});
  a.insert(a.end(), {"--info-fd", std::to_string(kBwrapInfoFd), "bash", "-c", command.command});
  return spec;
}

Status ProbeSandbox(const SandboxOptions& options) {
  if (options.mode == SandboxMode::kNone) return Status::Ok();
  static std::mutex mu;
  static std::map<std::string, Status> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(options.bwrap_path);
  if (it != cache.end()) return it->second;

  Status status;
  ToolCommand probe;
  probe.command = "true";
  probe.workspace = "/";  // bound but untouched: the command is `true`
  probe.timeout_ms = 10'000;
  probe.output_limit = 2000;
  Result<LaunchSpec> launch = SandboxLaunch(options, probe);
  Result<std::unique_ptr<ToolProcess>> process =
      launch.ok() ? ToolProcess::Start({*launch, probe.timeout_ms, probe.output_limit})
                  : Result<std::unique_ptr<ToolProcess>>(launch.status());
  if (!process.ok() && process.status().message().find(strerror(ENOENT)) == std::string::npos) {
    status = Status::FailedPrecondition(
        fmt::format("sandbox: cannot run bwrap at {} ({}); run with --sandbox none to run tools "
                    "without isolation",
                    options.bwrap_path, process.status().message()));
  } else if (!process.ok()) {
    status = Status::FailedPrecondition(fmt::format(
        "sandbox: bwrap not found at {} (install the Debian package bubblewrap, or run with "
        "--sandbox none to run tools without isolation)",
        options.bwrap_path));
  } else {
    (*process)->Wait();
    ToolResult result = (*process)->TakeResult();
    if (result.exit_code != 0) {
      std::string why(Trim(result.output.substr(0, result.output.find('\n'))));
      if (result.timed_out) why = "it did not finish within 10 s";
      status = Status::FailedPrecondition(fmt::format(
          "sandbox: bwrap cannot create its namespaces here ({}); run with --sandbox none to run "
          "tools without isolation",
          why.empty() ? fmt::format("exit code {}", result.exit_code) : why));
    }
  }
  cache.emplace(options.bwrap_path, status);
  return status;
}

}  // namespace t2s
