// Kill -9 at random moments: the same command afterwards pays for no answer
// already stored, and ends with the same output as an undisturbed run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "base/file_io.h"
#include "testing/constrained_llm_server.h"
#include "testing/evolve_responder.h"
#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;

constexpr int kConcurrency = 4;

std::vector<std::string> Args(const testing::FakeLlmServer& server, const std::string& out) {
  return {"evolve",   "--traces",          "examples/traces/airline-runs.jsonl",
          "--skill",  "examples/skills/airline-support",
          "--out",    out,
          "--base-url", server.base_url(),
          "--model",  "fake",
          "--fan-in", "4",
          "--concurrency", std::to_string(kConcurrency)};
}

// Every file of a run folder that must not depend on how the run went
// (manifest.json holds timings, run.sqlite the answers and their order).
std::map<std::string, std::string> Output(const fs::path& out) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    std::string rel = fs::relative(e.path(), out).string();
    if (!e.is_regular_file() || rel == "manifest.json" || rel == "report.html" ||
        rel.rfind("run.", 0) == 0) {
      continue;
    }
    files[rel] = *ReadFile(e.path());
  }
  return files;
}

TEST(EvolveKillTest, KilledAtRandomMomentsTheSameCommandFinishesTheSameRun) {
  auto slow = [](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    reply.delay_ms = 15;
    return reply;
  };
  testing::TempDir tmp;
  std::map<std::string, std::string> expected;
  int64_t undisturbed_ms = 0;
  {
    testing::ConstrainedLlmServer server;
    server.SetResponder(slow);
    auto start = std::chrono::steady_clock::now();
    testing::RunOutput r = testing::RunTrace2skill(Args(server, (tmp.path() / "calm").string()));
    undisturbed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expected = Output(tmp.path() / "calm");
  }
  for (uint32_t seed : {1u, 2u, 3u, 4u}) {
    std::mt19937 rng(seed);
    testing::ConstrainedLlmServer server;
    server.SetResponder(slow);
    std::string out = (tmp.path() / ("killed-" + std::to_string(seed))).string();
    int kill_at = std::uniform_int_distribution<int>(0, static_cast<int>(undisturbed_ms))(rng);
    int pid = testing::StartTrace2skill(Args(server, out));
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_at));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    size_t before = server.seen().size();
    testing::RunOutput r = testing::RunTrace2skill(Args(server, out));
    ASSERT_EQ(r.exit_code, 0) << "seed " << seed << " killed at " << kill_at << " ms: " << r.err;
    // Only calls in flight at the kill may be asked twice.
    std::map<std::string, int> asked;
    for (const testing::SeenRequest& s : server.seen()) ++asked[s.body];
    int repeated = 0;
    for (const auto& [body, n] : asked) repeated += n - 1;
    std::printf("seed %u: killed at %d of %lld ms, after %zu calls; %d asked again\n", seed,
                kill_at, static_cast<long long>(undisturbed_ms), before, repeated);
    EXPECT_LE(repeated, kConcurrency) << "seed " << seed << ", " << before << " asked before";
    EXPECT_EQ(Output(out), expected) << "seed " << seed << " killed at " << kill_at << " ms";
  }
}

}  // namespace
}  // namespace t2s
