#include "report/render_report.h"

#include <gtest/gtest.h>

#include "base/file_io.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

bool Has(const std::string& html, const std::string& fragment) {
  return html.find(fragment) != std::string::npos;
}

TEST(RenderReportTest, AFolderWithoutARunIsRefused) {
  testing::TempDir dir;
  Status s = RenderReport(dir.path());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), dir.path().string() +
                             ": not a trace2skill run folder (no manifest.json, results.json, "
                             "eval.json or loop.json)");
}

TEST(RenderReportTest, ABrokenManifestIsNamedWithItsPlace) {
  testing::TempDir dir;
  dir.Write("manifest.json", "{\n  \"analyst\": \n}");
  Status s = RenderReport(dir.path());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind((dir.path() / "manifest.json").string() + ":3:1: ", 0), 0u)
      << s.message();
}

TEST(RenderReportTest, EvolveFolderGetsAPagePerTrajectoryFromItsInputs) {
  testing::TempDir dir;
  std::filesystem::path traces = dir.Write(
      "in/t.jsonl",
      R"({"schema":"t2s.trajectory/1","id":"t1","task":"sum","outcome":{"label":"fail"},)"
      R"("steps":[{"role":"user","content":"add 2 and 2"},{"role":"assistant","content":"5"}]})"
      "\n");
  dir.Write("run/manifest.json",
            R"({"schema":"t2s.manifest/1","analyst":"offline","status":"done",)"
            R"("skill":{"input":"s","name":"sums"},"inputs":{"traces":[")" +
                traces.string() + R"("],"store":"","labels":""},"validation":[]})");
  dir.Write("run/fates.json",
            R"({"trajectories":[{"id":"t1","label":"fail","fate":"analyzed","edits":1},)"
            R"({"id":"gone","label":"fail","fate":"failed","reason":"timeout"}],"edits":[]})");
  dir.Write("run/patches/L0-0000.json",
            R"({"id":"L0-0000","level":0,"edits":[{"id":"L0-0000-e1","sources":["t1"]}],)"
            R"("causes":[{"title":"bad sum","evidence":"step 2: said 5","explanation":""}]})");
  ASSERT_TRUE(RenderReport(dir.path() / "run").ok());
  std::string report = *ReadFile(dir.path() / "run/report.html");
  EXPECT_TRUE(Has(report, "<h1>evolve: sums</h1>"));
  EXPECT_TRUE(Has(report, "1 of 2 trajectories could not be found at report time; their pages "
                          "show what the run folder records."))
      << report;
  std::string page = *ReadFile(dir.path() / "run/trajectories/t1.html");
  EXPECT_TRUE(Has(page, "<div class=\"step cited\" id=\"step-2\">")) << page;
  EXPECT_TRUE(Has(page, "<pre>add 2 and 2</pre>"));
  std::string gone = *ReadFile(dir.path() / "run/trajectories/gone.html");
  EXPECT_TRUE(Has(gone, "The trajectory could not be found at report time: not in the run's inputs"));
  EXPECT_EQ(DetectFolderKind(dir.path() / "run"), FolderKind::kEvolve);
}

TEST(RenderReportTest, RunFolderLinksEachTaskToItsTrajectory) {
  testing::TempDir dir;
  dir.Write("results.json",
            R"({"schema":"t2s.results/1","suite":"sums","suite_path":"x","skill":"none",)"
            R"("model":"m","summary":{"tasks":1,"pass":0,"fail":1,"error":0,"unfinished":0,)"
            R"("pass_rate":0,"prompt_tokens":10,"completion_tokens":5,"cost_usd":0.01,"seconds":1},)"
            R"("tasks":[{"id":"t1","verdict":"fail","detail":"expected 4, got <5>","turns":2,)"
            R"("tool_calls":1,"tokens":{"prompt":10,"completion":5},"cost_usd":0.01,"seconds":1,)"
            R"("finished":true}]})");
  dir.Write("trajectories.jsonl",
            R"({"schema":"t2s.trajectory/1","id":"t1","task":"sum","outcome":{"label":"fail"},)"
            R"("steps":[{"role":"user","content":"add"}]})"
            "\n");
  ASSERT_TRUE(RenderReport(dir.path()).ok());
  std::string report = *ReadFile(dir.path() / "report.html");
  EXPECT_TRUE(Has(report, "<td><a href=\"trajectories/t1.html\">t1</a></td><td class=\"fail\">fail</td>"))
      << report;
  EXPECT_TRUE(Has(report, "<pre>expected 4, got &lt;5&gt;</pre>"));
  std::string page = *ReadFile(dir.path() / "trajectories/t1.html");
  EXPECT_TRUE(Has(page, "<dt>checker</dt><dd><pre>expected 4, got &lt;5&gt;</pre></dd>"));
  EXPECT_TRUE(Has(page, "<pre>add</pre>"));
}

}  // namespace
}  // namespace t2s
