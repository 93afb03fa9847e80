// End-to-end tests of `trace2skill report RUN_DIR`.
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

TEST(ReportCliTest, RegeneratesAnEvolveReportFromTheFolder) {
  testing::TempDir tmp;
  fs::path out = tmp.path() / "run";
  RunOutput evolved =
      RunTrace2skill({"evolve", "--traces", "examples/traces/airline-runs.jsonl", "--skill",
                      "examples/skills/airline-support", "--out", out.string(), "--analyst",
                      "offline"});
  ASSERT_EQ(evolved.exit_code, 0) << evolved.err;
  // The manifest records what the report needs: the input as an absolute path, times, findings.
  Json manifest = Json::parse(*ReadFile(out / "manifest.json"));
  EXPECT_EQ(manifest["inputs"]["traces"][0],
            fs::absolute("examples/traces/airline-runs.jsonl").lexically_normal().string());
  EXPECT_EQ(manifest["validation"], Json::array());
  EXPECT_TRUE(manifest["started"].is_string());
  EXPECT_TRUE(manifest["seconds"].is_number());
  std::string first = *ReadFile(out / "report.html");
  fs::remove(out / "report.html");
  fs::remove_all(out / "trajectories");

  RunOutput r = RunTrace2skill({"report", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "wrote " + (out / "report.html").string() + " (evolve folder) and " +
                       (out / "trajectories").string() + "/\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(*ReadFile(out / "report.html"), first);  // the same report, from disk alone
  for (const char* id : {"id=\"header\"", "id=\"edits\"", "id=\"dropped\"", "id=\"merge-tree\"",
                         "id=\"findings\"", "id=\"trajectories\""}) {
    EXPECT_NE(first.find(id), std::string::npos) << id;
  }
  size_t pages = 0;
  for (const auto& e : fs::directory_iterator(out / "trajectories")) pages += e.is_regular_file();
  EXPECT_EQ(pages, Json::parse(*ReadFile(out / "fates.json"))["trajectories"].size());
}

TEST(ReportCliTest, AFolderThatHoldsNoRunIsRefusedInOneLine) {
  testing::TempDir tmp;
  RunOutput r = RunTrace2skill({"report", tmp.path().string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "trace2skill report: " + tmp.path().string() +
                       ": not a trace2skill run folder (no manifest.json, results.json, eval.json "
                       "or loop.json)\n");
  RunOutput missing = RunTrace2skill({"report", (tmp.path() / "nope").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "trace2skill report: " + (tmp.path() / "nope").string() + ": not a folder\n");
}

TEST(ReportCliTest, NoFolderIsBadUsage) {
  RunOutput r = RunTrace2skill({"report"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace t2s
