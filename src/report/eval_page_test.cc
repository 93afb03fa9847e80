#include "report/eval_page.h"

#include <gtest/gtest.h>

#include "report/pass_rate_chart.h"

namespace t2s {
namespace {

bool Has(const std::string& html, const std::string& fragment) {
  return html.find(fragment) != std::string::npos;
}

constexpr const char* kEval = R"json({
  "schema": "t2s.eval/1", "title": "eval", "suite": "suites/sums", "suite_name": "sums",
  "tasks": "", "seeds": [41], "alpha": 0.05, "complete": true, "stop_reason": "",
  "skills": [
    {"label": "none", "skill": null, "pass": 1, "finished": 4, "pass_rate": 0.25,
     "interval": [0.046, 0.699], "seed_mean": 0.25, "seed_sd": 0, "seeds": [], "by_type": [],
     "vs_reference": null, "unfinished": 0, "tokens": {"prompt": 100, "completion": 20},
     "cost_usd": 0, "seconds": 3.5, "runs": ["runs/none/seed-41"]},
    {"label": "s<1>", "skill": "out/s1", "pass": 4, "finished": 4, "pass_rate": 1,
     "interval": [0.51, 1], "seed_mean": 1, "seed_sd": 0, "seeds": [], "by_type": [],
     "vs_reference": {"reference": "none", "pairs": 3, "only_this_passed": 3,
                      "only_reference_passed": 0, "p_value": 0.25, "significant": false,
                      "verdict": "no significant difference",
                      "text": "no significant difference (p = 0.25)"},
     "unfinished": 0, "tokens": {"prompt": 0, "completion": 0}, "cost_usd": 0, "seconds": 2,
     "runs": ["runs/s<1>/seed-41"]}],
  "tasks_table": [{"id": "t1", "type": "", "verdicts": {"none": ["fail"], "s<1>": ["pass"]}}]
})json";

TEST(EvalPageTest, ResultsHaveIntervalsPValuesAndRunLinks) {
  Result<EvalDoc> doc = ParseEvalDoc(kEval, "eval.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::string html = EvalReportHtml(*doc, "2025-01-01 00:00:00 UTC");
  EXPECT_TRUE(Has(html, "<td>1/4</td><td>25.0 %</td><td>[4.6, 69.9]</td>")) << html;
  EXPECT_TRUE(Has(html, "<td>no significant difference (p = 0.25) (3 tasks: 3 better with this, 0 "
                        "with none)</td><td>0.25</td>"))
      << html;
  EXPECT_TRUE(Has(html, "<a href=\"runs/s&lt;1&gt;/seed-41/report.html\">seed-41</a>"));
  EXPECT_TRUE(Has(html, "<td>120</td><td>cost unknown: set [prices]</td>"));
  EXPECT_TRUE(Has(html, "<td class=\"fail\">0/1</td><td class=\"pass\">1/1</td>"));
  EXPECT_TRUE(Has(html, "<svg class=\"chart\""));
  EXPECT_FALSE(Has(html, "s<1>"));
}

TEST(EvalPageTest, ChartBarsHaveWhiskersAtTheirIntervals) {
  std::string svg = PassRateChart({{"a<b", 0.5, 0.25, 0.75}, {"none", std::nullopt, 0, 0}});
  // 160 + 400 * 0.25 = 260, 160 + 400 * 0.75 = 460.
  EXPECT_TRUE(Has(svg, "<g class=\"whisker\" stroke=\"#000\"><line x1=\"260.0\" y1=\"12\" "
                       "x2=\"460.0\" y2=\"12\"/>"))
      << svg;
  EXPECT_TRUE(Has(svg, "<rect class=\"bar\" x=\"160\" y=\"4\" width=\"200.0\""));
  EXPECT_TRUE(Has(svg, ">a&lt;b</text>"));
  EXPECT_TRUE(Has(svg, ">nothing finished</text>"));
}

}  // namespace
}  // namespace t2s
