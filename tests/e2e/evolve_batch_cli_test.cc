// End-to-end tests of `evolve --batch` against the loopback fake server's
// batch APIs (testing/fake_batch_api.h), answering as its chat endpoint
// answers: a batch run ends where direct calls end, a killed one resumes by
// polling the batch it submitted.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/file_io.h"
#include "testing/constrained_llm_server.h"
#include "testing/evolve_responder.h"
#include "testing/run_binary.h"
#include "testing/run_invariants.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::RunOutput;
using testing::RunTrace2skill;

constexpr const char* kSkill = "examples/skills/airline-support";

std::vector<std::string> Evolve(const testing::FakeLlmServer& server, const std::string& out,
                                std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"evolve", "--traces", "examples/traces/airline-runs.jsonl",
                                   "--skill", kSkill, "--out", out, "--base-url",
                                   server.base_url(), "--model", "fake", "--fan-in", "4",
                                   "--analyst", "llm",
                                   // at most the fake server's threads: a kept-alive
                                   // connection holds one
                                   "--concurrency", "4"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

constexpr const char* kFiles[] = {"skill/airline-support/SKILL.md", "provenance.json", "fates.json",
                                  "changelog.md", "diff.patch"};

TEST(EvolveBatchCliTest, ABatchRunEndsWhereDirectCallsEnd) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  const std::string direct = (tmp.path() / "direct").string();
  RunOutput d = RunTrace2skill(Evolve(server, direct));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  server.batch().options.fail_first = 3;  // a partly failed first batch: a follow-up batch
  const std::string batch = (tmp.path() / "batch").string();
  RunOutput b = RunTrace2skill(Evolve(server, batch, {"--batch", "--batch-poll", "0.01"}));
  ASSERT_EQ(b.exit_code, 0) << b.err;
  for (const char* f : kFiles) {
    EXPECT_EQ(*ReadFile(fs::path(batch) / f), *ReadFile(fs::path(direct) / f)) << f;
  }
  EXPECT_EQ(testing::RunInvariantViolations(kSkill, batch), std::vector<std::string>{});
  // The analyze stage and each merge level: one batch each, plus the follow-up.
  EXPECT_GE(server.batch().batches_created(), 3u);
  EXPECT_TRUE(server.violations().empty());
}

TEST(EvolveBatchCliTest, AKilledBatchRunPollsItsBatchAgainAndPaysNothingTwice) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  server.batch().options.polls_before_end = 1'000'000;  // never ends while the first run lives
  testing::TempDir tmp;
  const std::string out = (tmp.path() / "run").string();
  int pid = testing::StartTrace2skill(Evolve(server, out, {"--batch", "--batch-poll", "0.01"}));
  for (int i = 0; i < 2000 && server.batch().polls() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(server.batch().polls(), 3u) << "the analyze batch was submitted and polled";
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ASSERT_EQ(server.batch().batches_created(), 1u);
  EXPECT_EQ(server.batch().items_answered(), 0u);

  // Without --batch the same calls would be paid for twice: refused.
  RunOutput direct = RunTrace2skill(Evolve(server, out));
  EXPECT_EQ(direct.exit_code, 1);
  EXPECT_NE(direct.err.find(out + " has provider batches an earlier --batch run submitted and "
                                  "did not collect (batch_1): run with --batch to collect them"),
            std::string::npos)
      << direct.err;
  EXPECT_EQ(server.request_count(), 0);

  server.batch().options.polls_before_end = 0;
  RunOutput again = RunTrace2skill(Evolve(server, out, {"--batch", "--batch-poll", "0.01"}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("analyze: collecting batch batch_1 (36 calls), submitted by an earlier run"),
            std::string::npos)
      << again.err;
  // The analyze batch was collected, not submitted again: every trajectory's
  // analysis was answered once.
  Json manifest = Json::parse(*ReadFile(fs::path(out) / "manifest.json"));
  const size_t analyzed = manifest["counts"]["analyzed"].get<size_t>();
  EXPECT_GT(analyzed, 0u);
  size_t analyses = 0;
  for (const testing::SeenRequest& s : server.seen()) {
    analyses += s.body.find("t2s_analysis") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(analyses, analyzed);
  EXPECT_EQ(testing::RunInvariantViolations(kSkill, out), std::vector<std::string>{});
}

TEST(EvolveBatchCliTest, AServerWithoutBatchesStopsTheRunWithOneLine) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  server.batch().options.no_batch_api = true;
  testing::TempDir tmp;
  RunOutput r = RunTrace2skill(
      Evolve(server, (tmp.path() / "run").string(), {"--batch", "--batch-poll", "0.01"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("POST " + server.base_url() +
                       "/files: HTTP 404: route /v1/files not found (the endpoint has no batch "
                       "API: run without --batch)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(server.request_count(), 0);
}

}  // namespace
}  // namespace t2s
