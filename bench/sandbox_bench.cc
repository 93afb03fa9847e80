// Sandbox start-up cost per tool call (issue 13; goal: under 20 ms): runs
// `true` N times one after another under bwrap, then without isolation, and
// prints the median, p90 and mean wall time per call and the CPU time the
// sandbox's processes used per call.
//
//   cmake --build build --target sandbox_bench && build/bench/sandbox_bench [N]
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "sandbox/job_limiter.h"
#include "sandbox/tool_runner.h"

namespace {

// User + system time of reaped children: the cost itself, whatever else
// the machine is doing (wall time on a loaded machine measures the load).
double ChildCpuMs() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

int Measure(t2s::SandboxMode mode, const std::string& workspace, int n) {
  t2s::SandboxOptions options;
  options.mode = mode;
  t2s::JobLimiter limiter(1);
  auto runner = t2s::ToolRunner::Create(options, &limiter);
  if (!runner.ok()) {
    fmt::print(stderr, "{}\n", runner.status().message());
    return 1;
  }
  t2s::ToolCommand command;
  command.command = "true";
  command.workspace = workspace;
  std::vector<double> ms;
  double cpu_before = ChildCpuMs();
  for (int i = 0; i < n; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto result = (*runner)->Run(command);
    auto end = std::chrono::steady_clock::now();
    if (!result.ok() || result->exit_code != 0) {
      fmt::print(stderr, "run {} failed\n", i);
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  double cpu_per_call = (ChildCpuMs() - cpu_before) / n;
  std::sort(ms.begin(), ms.end());
  double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / n;
  fmt::print(
      "{:<6} {} calls of `true`: wall median {:.1f} ms, p90 {:.1f} ms, mean {:.1f} ms; "
      "CPU {:.1f} ms per call\n",
      mode == t2s::SandboxMode::kBwrap ? "bwrap" : "none", n, ms[ms.size() / 2],
      ms[ms.size() * 9 / 10], mean, cpu_per_call);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100;
  std::filesystem::path workspace =
      std::filesystem::temp_directory_path() / fmt::format("t2s-sandbox-bench-{}", getpid());
  std::filesystem::create_directories(workspace);
  int rc = Measure(t2s::SandboxMode::kBwrap, workspace.string(), n);
  if (rc == 0) rc = Measure(t2s::SandboxMode::kNone, workspace.string(), n);
  std::filesystem::remove_all(workspace);
  return rc;
}
