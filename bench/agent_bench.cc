// The agent loop's overhead (issue 13): E episodes of T model turns each
// (T-1 bash calls, then a final answer) against the loopback fake server
// answering after a fixed latency, at concurrency C. The ideal wall time is
// what the model calls alone take: ceil(E*T / C) x latency. Goal: within
// 1.1x of it. Tools run with `--sandbox none` by default (the loop is
// measured, not process start-up; bench/sandbox_bench measures bwrap);
// pass "bwrap" as the fifth argument to run them sandboxed.
//
//   build/bench/agent_bench [E=200] [T=10] [C=64] [latency_ms=100] [none|bwrap]
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/agent_loop.h"
#include "llm/llm_client.h"
#include "sandbox/job_limiter.h"
#include "testing/fake_llm_server.h"

namespace {

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  int episodes = argc > 1 ? std::stoi(argv[1]) : 200;
  int turns = argc > 2 ? std::stoi(argv[2]) : 10;
  int c = argc > 3 ? std::stoi(argv[3]) : 64;
  int latency = argc > 4 ? std::stoi(argv[4]) : 100;
  std::string sandbox = argc > 5 ? argv[5] : "none";

  // The server runs in a child process so that its CPU is not counted.
  int pipefd[2];
  if (pipe(pipefd) != 0) return 1;
  pid_t server_pid = fork();
  if (server_pid == 0) {
    close(pipefd[0]);
    t2s::testing::FakeLlmServer server(c + 32);
    server.SetResponder([turns, latency](const t2s::testing::SeenRequest& seen) {
      nlohmann::json body = nlohmann::json::parse(seen.body);
      int tools = 0;
      for (const auto& m : body["messages"]) tools += m["role"] == "tool" ? 1 : 0;
      t2s::testing::FakeReply reply;
      reply.delay_ms = latency;
      if (tools < turns - 1) {
        reply.tool_calls = {{"c" + std::to_string(tools), "bash", R"({"command":"true"})"}};
      } else {
        reply.content = "done";
      }
      return reply;
    });
    std::string url = server.base_url() + "\n";
    if (write(pipefd[1], url.data(), url.size()) < 0) _exit(1);
    pause();
    _exit(0);
  }
  close(pipefd[1]);
  char buf[256] = {};
  ssize_t got = read(pipefd[0], buf, sizeof(buf) - 1);
  std::string url(buf, got > 0 ? static_cast<size_t>(got) - 1 : 0);

  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / fmt::format("t2s-agent-bench-{}", getpid());
  std::vector<t2s::EpisodeSpec> specs;
  for (int i = 0; i < episodes; ++i) {
    fs::path ws = root / std::to_string(i);
    fs::create_directories(ws);
    specs.push_back({std::to_string(i), "You solve tasks.", fmt::format("task {}", i), ws.string(), ""});
  }
  t2s::LlmOptions options;
  options.concurrency = c;
  auto transport = t2s::MakeCurlTransport();
  t2s::LlmClient client(t2s::MakeOpenAIProvider(), {{url, ""}}, transport.get(), t2s::RealClock(),
                        nullptr, options);
  t2s::JobLimiter limiter(4);
  t2s::SandboxOptions so;
  so.mode = sandbox == "bwrap" ? t2s::SandboxMode::kBwrap : t2s::SandboxMode::kNone;
  auto runner = t2s::ToolRunner::Create(so, &limiter);
  if (!runner.ok()) {
    fmt::print(stderr, "{}\n", runner.status().message());
    return 1;
  }
  // Open the connections first (httplib's listen backlog is 5).
  {
    std::vector<t2s::ChatRequest> warmup(static_cast<size_t>(c));
    for (size_t i = 0; i < warmup.size(); ++i) {
      warmup[i].model = "fake";
      warmup[i].messages = {{"user", fmt::format("warm-up {}", i)}};
    }
    t2s::LlmClient warm(t2s::MakeOpenAIProvider(), {{url, ""}}, transport.get(), t2s::RealClock(),
                        nullptr, options);
    warm.Run(warmup);
  }
  t2s::AgentOptions agent;
  agent.model = "fake";
  t2s::AgentLoop loop(&client, runner->get(), nullptr, agent);
  int answered = 0, total_turns = 0;
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  loop.Run(specs, [&](const t2s::EpisodeSpec&, t2s::EpisodeResult r) {
    answered += r.answered;
    total_turns += r.turns;
  });
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  kill(server_pid, SIGTERM);
  waitpid(server_pid, nullptr, 0);
  fs::remove_all(root);

  long calls = static_cast<long>(episodes) * turns;
  double ideal = static_cast<double>((calls + c - 1) / c) * latency / 1000.0;
  fmt::print("{} episodes x {} turns ({} answered, {} turns) at concurrency {}, {} ms latency, "
             "tools in sandbox {}\n",
             episodes, turns, answered, total_turns, c, latency, sandbox);
  fmt::print("  wall {:.3f} s, ideal {:.3f} s: {:.3f}x ideal\n", wall, ideal, wall / ideal);
  fmt::print("  harness CPU {:.3f} s: {:.3f} ms per turn\n", cpu, cpu * 1000.0 / total_turns);
  return answered == episodes ? 0 : 1;
}
