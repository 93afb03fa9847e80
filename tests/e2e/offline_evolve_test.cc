// evolve with the offline analyst and `mine`: no endpoint at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::RunOutput;
using testing::RunTrace2skill;

TEST(OfflineEvolveTest, TheExampleRunsGiveAValidTraceableSkillWithoutAnLlm) {
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r =
      RunTrace2skill({"evolve", "--traces", "examples/traces/airline-runs.jsonl", "--skill",
                      "examples/skills/airline-support", "--out", out, "--analyst", "offline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "trace2skill evolve: offline analyst: no LLM is used (counts from the miner)\n");
  EXPECT_EQ(RunTrace2skill({"validate", out + "/skill/airline-support"}).exit_code, 0);
  Json manifest = Json::parse(*ReadFile(fs::path(out) / "manifest.json"));
  EXPECT_EQ(manifest["analyst"], "offline");
  EXPECT_EQ(manifest["llm"],
            "none: no LLM was used (offline analyst; counts from trace2skill mine)");
  Json fates = Json::parse(*ReadFile(fs::path(out) / "fates.json"));
  EXPECT_EQ(fates["trajectories"].size(), 36u);
  for (const Json& e : Json::parse(*ReadFile(fs::path(out) / "provenance.json"))["edits"]) {
    EXPECT_GE(e["sources"].size(), 1u);
  }
  std::string doc =
      *ReadFile(fs::path(out) / "skill/airline-support/references/observed-failures.md");
  EXPECT_NE(
      doc.find("- `Error: payment amount does not add up, total price is <n>, but paid <n>` from "
               "`book_reservation` — seen in 6 of 17 failed runs (10 trajectories in all)"),
      std::string::npos);
  EXPECT_NE(
      doc.find(
          "the call succeeded when the agent changed payment_methods (seen in 4 successful runs)"),
      std::string::npos);
  std::string report = *ReadFile(fs::path(out) / "report.html");
  EXPECT_NE(report.find("No LLM was used"), std::string::npos);
  EXPECT_NE(report.find("<div class=\"card applied\" id=\"edit-offline-e2\">\n<h3>offline-e2 "
                        "<code>add_section</code> SKILL.md ## Observed failures</h3>"),
            std::string::npos)
      << report;
  // A trajectory's fate counts the edits it is a source of, as the cards list it.
  int cited = 0;
  for (const Json& t : fates["trajectories"]) cited += t["edits"].get<int>() > 0 ? 1 : 0;
  EXPECT_EQ(cited, 24);
  // Each trajectory has its page, found again from the input the manifest records.
  for (const Json& t : fates["trajectories"]) {
    std::string id = t["id"];
    EXPECT_NE(report.find("<a href=\"trajectories/" + id + ".html\">" + id + "</a>"),
              std::string::npos)
        << id;
    std::string page = *ReadFile(fs::path(out) / "trajectories" / (id + ".html"));
    EXPECT_EQ(page.find("could not be found"), std::string::npos) << id;
  }
  std::string skill = *ReadFile(fs::path(out) / "skill/airline-support/SKILL.md");
  EXPECT_NE(skill.find(
                "Read [observed failures](references/observed-failures.md) when a tool call fails"),
            std::string::npos);
}

TEST(OfflineEvolveTest, MineJsonCountsTheExamples) {
  RunOutput r =
      RunTrace2skill({"mine", "examples/traces/airline-runs.jsonl", "--json", "--top", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["schema"], "t2s.evidence/1");
  EXPECT_EQ(j["trajectories"], 36);
  EXPECT_EQ(j["failures"], 17);
  EXPECT_EQ(j["recoveries"][0]["support"], 4);
}

}  // namespace
}  // namespace t2s
