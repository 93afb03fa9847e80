#include "report/evolve_report.h"

#include <gtest/gtest.h>

#include "report/evolve_header.h"
#include "report/evolve_tables.h"
#include "report/edit_cards.h"

namespace t2s {
namespace {

bool Has(const std::string& html, const std::string& fragment) {
  return html.find(fragment) != std::string::npos;
}

// A run with one applied edit from two trajectories, one routed edit, one
// dropped edit, a failed analysis, and text that needs escaping.
EvolveFiles SampleRun() {
  EvolveFiles f;
  EvolveManifest& m = f.manifest;
  m.version = "0.1.0";
  m.analyst = "llm";
  m.status = "done";
  m.skill_name = "air<line>";
  m.skill_input = "skills/air<line>";
  m.model = "qwen";
  m.provider = "openai";
  m.price_known = true;
  m.settings = {{"mode", "combined"}, {"fan_in", "8"}};
  m.counts = {{"trajectories", 4}, {"selected", 4}, {"analyzed", 3}, {"proposed_edits", 4},
              {"applied_edits", 1}, {"routed_edits", 1}, {"dropped_final_edits", 1}};
  m.stages = {{"analyze", 4, 3, 1, 1, 1000, 200, 0.5, 300, 40, 0.25}};
  m.total = m.stages[0];
  m.total->stage = "total";
  m.started = "2025-01-02T03:04:05Z";
  m.finished = "2025-01-02T03:06:05Z";
  m.seconds = 120;
  m.validation = std::vector<ValidationLine>{};
  f.trajectories = {{"t1", "fail", "analyzed", "", 1},
                    {"t2", "fail", "analyzed", "", 1},
                    {"t3", "success", "failed", "answer was not <json>", 0},
                    {"t4", "fail", "analyzed", "", 1}};
  f.edits = {{"L0-0000-e1", "merged-into", "L1-0000-e1", "", "L1-0000", {"t1"}},
             {"L0-0003-e1", "dropped", "", "contradicts \"E2\" & weaker", "L1-0000", {"t4"}},
             {"L0-0002-e1", "routed", "route-1", "support 1 below 2", "route", {"t2"}}};
  ProvenanceEdit e;
  e.id = "L1-0000-e1";
  e.file = "SKILL.md";
  e.op = "append_to_section";
  e.section = "## Payments";
  e.now_file = "SKILL.md";
  e.now_first = 3;
  e.now_last = 3;
  e.support = 2;
  e.sources = {"t1", "t2"};
  e.patch = "L1-0000";
  e.origins = {{"L0-0000-e1", "t1", "L0-0000 -> L1-0000 -> final"}};
  e.lessons = {{"Check <split>", "paying", "add up amounts", "guessing", {2, 4}}};
  f.provenance.push_back(e);
  f.diff =
      "diff --git a/SKILL.md b/SKILL.md\n--- a/SKILL.md\n+++ b/SKILL.md\n@@ -1,2 +1,3 @@\n"
      " # Air\n ## Payments\n+- Add up <amounts> first\n";
  PatchFile l0;
  l0.id = "L0-0000";
  l0.edits = {{"L0-0000-e1", "SKILL.md", "append_to_section", "## Payments", "", "", "x", {"t1"}}};
  PatchFile l1;
  l1.id = "L1-0000";
  l1.level = 1;
  l1.inputs = {"L0-0000"};
  l1.edits = {{"L1-0000-e1", "SKILL.md", "append_to_section", "## Payments", "", "", "x", {"t1", "t2"}}};
  PatchFile final_patch;
  final_patch.id = "final";
  final_patch.inputs = {"L1-0000"};
  final_patch.edits = l1.edits;
  f.patches = {{"L0-0000", l0}, {"L1-0000", l1}, {"final", final_patch}};
  return f;
}

TEST(EvolveReportTest, EscapesEverythingItShows) {
  std::string html = EvolveReportHtml(SampleRun(), "");
  EXPECT_TRUE(Has(html, "<h1>evolve: air&lt;line&gt;</h1>"));
  EXPECT_TRUE(Has(html, "<title>evolve: air&lt;line&gt;</title>"));
  EXPECT_TRUE(Has(html, "<strong>Check &lt;split&gt;</strong>"));
  EXPECT_FALSE(Has(html, "<line>"));
  EXPECT_FALSE(Has(html, "<split>"));
  EXPECT_FALSE(Has(html, "<amounts>"));
}

TEST(EvolveReportTest, DroppedEditRowHasItsSupportSourcesAndReason) {
  std::string html = DroppedHtml(SampleRun());
  EXPECT_TRUE(Has(html,
                  "<tr><td><code>L0-0003-e1</code></td><td>dropped</td><td>1</td>"
                  "<td><a href=\"trajectories/t4.html\">t4</a></td><td>L1-0000</td>"
                  "<td>contradicts &quot;E2&quot; &amp; weaker</td></tr>"))
      << html;
  EXPECT_TRUE(Has(html, "<td>routed into route-1</td>"));
  // The failed analysis, with its reason.
  EXPECT_TRUE(Has(html,
                  "<tr><td><a href=\"trajectories/t3.html\">t3</a></td><td>success</td>"
                  "<td>failed</td><td>answer was not &lt;json&gt;</td></tr>"))
      << html;
  // Merged edits are not "dropped".
  EXPECT_FALSE(Has(html, "L0-0000-e1"));
}

TEST(EvolveReportTest, EmptySectionsSayNone) {
  EvolveFiles f = SampleRun();
  f.edits.clear();
  f.trajectories.clear();
  f.provenance.clear();
  f.patches.clear();
  EXPECT_EQ(DroppedHtml(f),
            "<h2 id=\"dropped\">Not in the skill as proposed: dropped and routed edits, failed "
            "analyses</h2>\n<h3>Edits</h3>\n<p class=\"none\">none</p>\n<h3>Analyses that failed "
            "or were not verified</h3>\n<p class=\"none\">none</p>\n");
  EXPECT_EQ(EditCardsHtml(f),
            "<h2 id=\"edits\">Edits in the new skill</h2>\n<p class=\"none\">none</p>\n");
  EXPECT_EQ(MergeTreeHtml(f), "<h2 id=\"merge-tree\">Merge tree</h2>\n<p class=\"none\">none</p>\n");
  EXPECT_EQ(FindingsHtml(f),
            "<h2 id=\"findings\">Validation findings</h2>\n<p class=\"none\">none</p>\n");
  EXPECT_EQ(TrajectoryTableHtml(f),
            "<h2 id=\"trajectories\">Trajectories</h2>\n<p class=\"none\">none</p>\n");
}

TEST(EvolveReportTest, EditCardLinksEverySourceAndColoursItsHunk) {
  std::string html = EditCardsHtml(SampleRun());
  EXPECT_TRUE(Has(html, "<div class=\"card applied\" id=\"edit-L1-0000-e1\">"));
  EXPECT_TRUE(Has(html,
                  "sources: <a href=\"trajectories/t1.html\">t1</a>, "
                  "<a href=\"trajectories/t2.html\">t2</a></p>"))
      << html;
  EXPECT_TRUE(Has(html, "support 2"));
  EXPECT_TRUE(Has(html, "<span class=\"add\">+- Add up &lt;amounts&gt; first</span>")) << html;
  EXPECT_TRUE(Has(html, "<span class=\"hunk\">@@ -1,2 +1,3 @@</span>"));
  EXPECT_TRUE(Has(html, "<br>when: paying<br>do: add up amounts<br>avoid: guessing"));
  EXPECT_TRUE(Has(html, "L0-0000 -&gt; L1-0000 -&gt; final"));
}

TEST(EvolveReportTest, AnEditWhoseTextMovedShowsItAsProposed) {
  EvolveFiles f = SampleRun();
  f.provenance[0].now_file.reset();
  f.patches["final"].edits[0].content = "line <one>\nline two";
  std::string html = EditCardsHtml(f);
  EXPECT_TRUE(Has(html, "<span class=\"add\">+line &lt;one&gt;</span>\n<span class=\"add\">+line two</span>"))
      << html;
}

TEST(EvolveReportTest, MergeTreeNestsEachPatchInItsParent) {
  std::string html = MergeTreeHtml(SampleRun());
  size_t final_at = html.find("<code>final</code> final patch");
  size_t l1_at = html.find("<code>L1-0000</code> merge, level 1");
  size_t l0_at = html.find("<code>L0-0000</code> analyst patch");
  ASSERT_NE(final_at, std::string::npos) << html;
  ASSERT_NE(l1_at, std::string::npos) << html;
  ASSERT_NE(l0_at, std::string::npos) << html;
  EXPECT_LT(final_at, l1_at);
  EXPECT_LT(l1_at, l0_at);
  EXPECT_TRUE(Has(html, "analyst patch &middot; 1 edit from <a href=\"trajectories/t1.html\">t1</a>"));
  // Three <details>, each closed after its inputs.
  EXPECT_TRUE(Has(html, "</details>\n</details>\n</details>\n"));
}

TEST(EvolveReportTest, FindingsAreListed) {
  EvolveFiles f = SampleRun();
  f.manifest.validation = std::vector<ValidationLine>{
      {"SKILL.md", 12, "warning", "line-length", "line is 300 characters"}};
  EXPECT_TRUE(Has(FindingsHtml(f),
                  "<li class=\"\"><code>SKILL.md:12</code>: warning: line is 300 characters "
                  "(line-length)</li>"));
}

TEST(EvolveReportTest, TrajectoryTableIsFilterableAndLinksEveryId) {
  std::string html = TrajectoryTableHtml(SampleRun());
  EXPECT_TRUE(Has(html, "data-filter=\"trajectory-table\""));
  for (const char* id : {"t1", "t2", "t3", "t4"}) {
    EXPECT_TRUE(Has(html, std::string("<a href=\"trajectories/") + id + ".html\">" + id + "</a>"));
  }
  // It comes last.
  std::string page = EvolveReportHtml(SampleRun(), "2 of 4 trajectories could not be found");
  EXPECT_GT(page.find("id=\"trajectories\""), page.find("id=\"findings\""));
  EXPECT_TRUE(Has(page, "</h2>\n<p class=\"warn\">2 of 4 trajectories could not be found</p>"));
}

TEST(EvolveReportTest, TotalsShowWhatCachedCallsOriginallyCost) {
  std::string html = EvolveTotalsHtml(SampleRun());
  // Paid in this run: 1200 tokens, $0.5; originally: 1540 tokens, $0.75.
  EXPECT_TRUE(Has(html,
                  "<tr><td>analyze</td><td>4</td><td>1</td><td>1 cached call (340 tokens)</td>"
                  "<td>1200</td><td>$0.5000</td><td>1540</td><td>$0.7500</td></tr>"))
      << html;
  EXPECT_TRUE(Has(html, "1 of 4 calls were answered from the cache"));
}

TEST(EvolveReportTest, AnUnknownPriceIsNotZeroDollars) {
  EvolveFiles f = SampleRun();
  f.manifest.price_known = false;
  f.manifest.stages[0].cost_usd = 0;
  f.manifest.total->cost_usd = 0;
  std::string html = EvolveTotalsHtml(f);
  EXPECT_TRUE(Has(html, "<td>cost unknown: set [prices]</td>")) << html;
  EXPECT_FALSE(Has(html, "$0"));
  EXPECT_EQ(CostText(0, 100, std::nullopt), "cost unknown: set [prices]");
  EXPECT_EQ(CostText(0, 0, false), "$0");
  EXPECT_EQ(CostText(1.5, 100, true), "$1.5000");
}

TEST(EvolveReportTest, HeaderSaysWhatWhenAndHowLong) {
  std::string html = EvolveHeaderHtml(SampleRun());
  EXPECT_TRUE(Has(html, "<dt>when</dt><dd>2025-01-02T03:04:05Z &ndash; 2025-01-02T03:06:05Z</dd>"));
  EXPECT_TRUE(Has(html, "<dt>duration</dt><dd>2 min 00 s</dd>"));
  EXPECT_TRUE(Has(html, "<dt>model</dt><dd>qwen (openai)</dd>"));
  EXPECT_TRUE(Has(html, "<code>mode=combined</code> <code>fan_in=8</code>"));
  EXPECT_TRUE(Has(html, "<dt>input skill</dt><dd><code>skills/air&lt;line&gt;</code></dd>"));
}

}  // namespace
}  // namespace t2s
