#include "testing/fake_evolve_run.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/file_io.h"
#include "skill/skill.h"
#include "testing/evolve_responder.h"
#include "testing/run_invariants.h"
#include "trace/reader.h"

namespace t2s::testing {
namespace {

namespace fs = std::filesystem;

class Collect final : public TrajectorySink {
 public:
  void Add(Trajectory t) override { all.push_back(std::move(t)); }
  void Skip(const std::string&, const std::string&) override {}
  std::vector<Trajectory> all;
};

}  // namespace

std::vector<Trajectory> DemoTrajectories() {
  fs::path file = fs::path(T2S_SOURCE_DIR) / "examples/traces/airline-runs.jsonl";
  Collect sink;
  Result<const FormatReader*> reader = DetectFormat(file, file.string());
  EXPECT_TRUE(reader.ok());
  EXPECT_TRUE((*reader)->Read(file, "airline-runs.jsonl", &sink).ok());
  return sink.all;
}

FakeEvolveRun::FakeEvolveRun() {
  llm.provider = "openai";
  llm.model = "fake";
  llm.endpoints = {{"http://fake/v1", ""}};
  options.fan_in = 2;
  transport.SetDefault([](const HttpRequest& h) {
    FakeReply reply = EvolveResponder({"/v1/chat/completions", h.body, {}});
    return OpenAIAnswer(reply.content);
  });
  Result<Skill> skill = LoadSkill(fs::path(T2S_SOURCE_DIR) / "examples/skills/airline-support");
  EXPECT_TRUE(skill.ok());
  inputs.skill = *skill;
  inputs.skill_dir = "airline-support";
}

Result<EvolveSummary> FakeEvolveRun::Go(const fs::path& out) {
  Result<EvolveSummary> s = RunEvolve(inputs, options, llm, &transport, &clock, out,
                                      [](const std::string&, size_t, size_t, size_t) {});
  if (s.ok() && !options.until_analyze) {
    EXPECT_EQ(RunInvariantViolations(fs::path(T2S_SOURCE_DIR) / "examples/skills/airline-support",
                                     out),
              std::vector<std::string>{});
  }
  return s;
}

std::string RunOutputs(const fs::path& out) {
  std::string all;
  for (const char* f : {"skill/airline-support/SKILL.md", "diff.patch", "fates.json",
                        "provenance.json", "changelog.md"}) {
    Result<std::string> text = ReadFile(out / f);
    all += std::string(f) + "\n" + (text.ok() ? *text : "(missing)") + "\n";
  }
  std::vector<fs::path> patches;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out / "patches", ec)) patches.push_back(e.path());
  std::sort(patches.begin(), patches.end());
  for (const fs::path& p : patches) all += p.filename().string() + "\n" + *ReadFile(p);
  return all;
}

}  // namespace t2s::testing
