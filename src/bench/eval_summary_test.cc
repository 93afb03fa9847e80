#include "bench/eval_summary.h"

#include <gtest/gtest.h>

#include "bench/eval_report.h"
#include "report/eval_page.h"

namespace t2s {
namespace {

// A run in which the tasks of `verdicts` ended as given ("unfinished": did
// not end).
SuiteRunSummary MakeRun(const std::vector<std::pair<std::string, std::string>>& verdicts) {
  SuiteRunSummary s;
  for (const auto& [id, verdict] : verdicts) {
    TaskResult t;
    t.id = id;
    t.finished = verdict != "unfinished";
    t.verdict = t.finished ? verdict : "";
    t.usage.prompt_tokens = 100;
    t.usage.completion_tokens = 10;
    t.cost_usd = 0.5;
    t.seconds = 2;
    s.tasks.push_back(t);
  }
  return s;
}

const std::vector<std::pair<std::string, std::string>> kTypes = {
    {"a", "Cell"}, {"b", "Cell"}, {"c", "Sheet"}};

TEST(EvalSummaryTest, PassRatesIntervalsAndSeedSpread) {
  SkillRuns base{"none", "", {}};
  base.runs.emplace_back(41, MakeRun({{"a", "pass"}, {"b", "fail"}, {"c", "fail"}}));
  base.runs.emplace_back(42, MakeRun({{"a", "fail"}, {"b", "fail"}, {"c", "fail"}}));
  EvalSummary s = Summarize({base}, kTypes, {41, 42}, 0.05);
  ASSERT_EQ(s.skills.size(), 1u);
  const SkillSummary& k = s.skills[0];
  EXPECT_EQ(k.overall.passed, 1u);
  EXPECT_EQ(k.overall.finished, 6u);
  EXPECT_NEAR(k.overall.interval().low, 0.030053, 1e-6);
  EXPECT_NEAR(k.seed_mean, 1.0 / 6, 1e-12);
  EXPECT_NEAR(k.seed_sd, 0.235702, 1e-6);
  EXPECT_EQ(k.by_type.at("Cell").passed, 1u);
  EXPECT_EQ(k.by_type.at("Cell").finished, 4u);
  EXPECT_EQ(k.by_type.at("Sheet").finished, 2u);
  EXPECT_FALSE(k.vs_reference.has_value());
  EXPECT_EQ(k.usage.prompt_tokens, 600);
  EXPECT_EQ(k.cost_usd, 3.0);
  EXPECT_TRUE(s.complete);
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0].verdicts[0], (std::vector<std::string>{"pass", "fail"}));
}

TEST(EvalSummaryTest, PairsAreComparedOnTheSameTaskAndSeed) {
  std::vector<std::pair<std::string, std::string>> types;
  SkillRuns base{"none", "", {}}, better{"good", "skills/good", {}}, same{"same", "s", {}};
  std::vector<std::pair<std::string, std::string>> all_fail, all_pass, half;
  for (int i = 0; i < 12; ++i) {
    std::string id = "t" + std::to_string(i);
    types.emplace_back(id, "");
    all_fail.emplace_back(id, "fail");
    all_pass.emplace_back(id, "pass");
    half.emplace_back(id, i % 2 == 0 ? "pass" : "fail");
  }
  base.runs.emplace_back(1, MakeRun(half));
  better.runs.emplace_back(1, MakeRun(all_pass));
  same.runs.emplace_back(1, MakeRun(half));
  EvalSummary s = Summarize({base, better, same}, types, {1}, 0.05);
  const Comparison& up = *s.skills[1].vs_reference;
  EXPECT_EQ(up.reference, "none");
  EXPECT_EQ(up.pairs, 12u);
  EXPECT_EQ(up.b, 6u);
  EXPECT_EQ(up.c, 0u);
  EXPECT_NEAR(up.p, 0.03125, 1e-12);
  EXPECT_TRUE(up.significant);
  EXPECT_EQ(up.words, "better (p = 0.03)");
  const Comparison& flat = *s.skills[2].vs_reference;
  EXPECT_EQ(flat.b + flat.c, 0u);
  EXPECT_FALSE(flat.significant);
  EXPECT_EQ(flat.words, "no significant difference (p = 1)");
  // The same rates in a different order carry no paired evidence either way.
  SkillRuns shifted{"shifted", "x", {}};
  std::vector<std::pair<std::string, std::string>> other_half;
  for (int i = 0; i < 12; ++i) other_half.emplace_back("t" + std::to_string(i), i % 2 == 1 ? "pass" : "fail");
  shifted.runs.emplace_back(1, MakeRun(other_half));
  s = Summarize({base, shifted}, types, {1}, 0.05);
  EXPECT_EQ(s.skills[1].vs_reference->b, 6u);
  EXPECT_EQ(s.skills[1].vs_reference->c, 6u);
  EXPECT_EQ(s.skills[1].vs_reference->words, "no significant difference (p = 1)");
}

TEST(EvalSummaryTest, SeedsOfOneTaskAreNotExtraEvidence) {
  SkillRuns base{"none", "", {}}, good{"good", "g", {}};
  // Seeds listed in another order for each skill: outcomes pair by seed, not position.
  base.runs.emplace_back(41, MakeRun({{"a", "fail"}, {"b", "pass"}, {"c", "fail"}}));
  base.runs.emplace_back(42, MakeRun({{"a", "fail"}, {"b", "fail"}, {"c", "fail"}}));
  good.runs.emplace_back(42, MakeRun({{"a", "pass"}, {"b", "pass"}, {"c", "fail"}}));
  good.runs.emplace_back(41, MakeRun({{"a", "pass"}, {"b", "fail"}, {"c", "fail"}}));
  EvalSummary s = Summarize({base, good}, kTypes, {41, 42}, 0.05);
  const Comparison& c = *s.skills[1].vs_reference;
  EXPECT_EQ(c.pairs, 3u);  // tasks compared
  EXPECT_EQ(c.b, 1u);      // a: 2 seeds against 0
  EXPECT_EQ(c.c, 0u);      // b: 1 seed each; c: none
  EXPECT_EQ(c.p, 1.0);
  EXPECT_EQ(s.rows[1].verdicts[1], (std::vector<std::string>{"fail", "pass"}));
}

TEST(EvalSummaryTest, UnfinishedTasksCountNowhereAndMakeItIncomplete) {
  SkillRuns base{"none", "", {}}, other{"s", "s", {}};
  base.runs.emplace_back(41, MakeRun({{"a", "fail"}, {"b", "fail"}, {"c", "fail"}}));
  other.runs.emplace_back(41, MakeRun({{"a", "pass"}, {"b", "unfinished"}, {"c", "pass"}}));
  EvalSummary s = Summarize({base, other}, kTypes, {41}, 0.05);
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.skills[1].overall.finished, 2u);
  EXPECT_EQ(s.skills[1].unfinished, 1u);
  EXPECT_EQ(s.skills[1].vs_reference->pairs, 2u);
  EXPECT_EQ(s.rows[1].verdicts[1][0], "unfinished");
  // A seed not run at all: missing from the table, and incomplete.
  s = Summarize({base}, kTypes, {41, 42}, 0.05);
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.rows[0].verdicts[0], (std::vector<std::string>{"fail", ""}));
}

TEST(EvalSummaryTest, EvalJsonCarriesTheNumbersAndWords) {
  SkillRuns base{"none", "", {}}, good{"good", "skills/good", {}};
  base.runs.emplace_back(41, MakeRun({{"a", "fail"}, {"b", "fail"}, {"c", "fail"}}));
  good.runs.emplace_back(41, MakeRun({{"a", "pass"}, {"b", "pass"}, {"c", "pass"}}));
  EvalSummary s = Summarize({base, good}, kTypes, {41}, 0.05);
  s.title = "eval";
  s.suite_name = "demo";
  std::string json = EvalJson(s, "");
  EXPECT_NE(json.find("\"schema\": \"t2s.eval/1\""), std::string::npos);
  EXPECT_NE(json.find("\"only_this_passed\": 3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"verdict\": \"no significant difference\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"text\": \"no significant difference (p = 0.25)\""), std::string::npos);
  EXPECT_NE(json.find("\"skill\": null"), std::string::npos);
  std::string text = EvalText(s);
  EXPECT_NE(text.find("  none      0/3    pass    0.0 % [0.0, 56.1]     (reference)\n"),
            std::string::npos)
      << text;
  Result<EvalDoc> doc = ParseEvalDoc(json, "eval.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::string html = EvalReportHtml(*doc, "now");
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_EQ(html.find("better ("), std::string::npos);  // not significant: never "better"
  EXPECT_NE(html.find("no significant difference (p = 0.25)"), std::string::npos);
}

}  // namespace
}  // namespace t2s
