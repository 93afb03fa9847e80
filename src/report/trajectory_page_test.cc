#include "report/trajectory_page.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

bool Has(const std::string& html, const std::string& fragment) {
  return html.find(fragment) != std::string::npos;
}

TEST(TrajectoryPageTest, CitedStepsComeFromEvidenceAndLessons) {
  std::vector<CauseText> causes = {
      {"a", "step 12: wrong split; Steps 3, 5 and 7 retried", ""},
      {"b", "steps 20-22 repeat it", ""},
      {"c", "no step cited", ""}};
  std::vector<LessonText> lessons = {{"l", "", "", "", {40, 41}}};
  EXPECT_EQ(CitedSteps(causes, lessons), (std::set<int64_t>{3, 5, 7, 12, 20, 21, 22, 40, 41}));
  EXPECT_TRUE(CitedSteps({}, {}).empty());
}

Trajectory Sample() {
  Trajectory t;
  t.id = "t<1>";
  t.task = "book a <flight>";
  t.outcome.label = Label::kFail;
  t.outcome.detail = "wrong payment";
  Step user;
  user.role = Role::kUser;
  user.content = "hi";
  Step call;
  call.role = Role::kAssistant;
  call.tool_calls = {{"c1", "book", "{\"amount\":5}"}};
  Step result;
  result.role = Role::kTool;
  result.name = "book";
  result.tool_call_id = "c1";
  result.content = "Error: <bad>";
  result.is_error = true;
  t.steps = {user, call, result};
  return t;
}

TEST(TrajectoryPageTest, RendersStepsToolCallsAndErrorsAndHighlightsCitedSteps) {
  TrajectoryPageInfo info;
  info.id = "t<1>";
  info.run_title = "evolve: air";
  info.label = "fail";
  info.fate = "analyzed";
  info.causes = {{"Wrong split", "step 3: the tool refused", "because"}};
  info.edits = {"L1-0000-e1"};
  Trajectory t = Sample();
  std::string html = TrajectoryPageHtml(info, &t);
  EXPECT_TRUE(Has(html, "<h1 id=\"header\">trajectory t&lt;1&gt;</h1>"));
  EXPECT_TRUE(Has(html, "<div class=\"step\" id=\"step-1\"><div><span class=\"role\">[1] user</span>"));
  EXPECT_TRUE(Has(html, "<div class=\"tool-call\">call <code>book</code> <span class=\"muted\">(c1)"
                        "</span><pre>{\n  &quot;amount&quot;: 5\n}</pre></div>"))
      << html;
  EXPECT_TRUE(Has(html, "<div class=\"step cited error\" id=\"step-3\"><div><span class=\"role\">"
                        "[3] tool book</span> <span class=\"muted\">(answers c1)</span> <strong "
                        "class=\"warn\">error</strong> <strong>cited by the analyst</strong></div>"))
      << html;
  EXPECT_TRUE(Has(html, "<pre>Error: &lt;bad&gt;</pre>"));
  EXPECT_TRUE(Has(html, "<dt>checker</dt><dd><pre>wrong payment</pre></dd>"));
  EXPECT_TRUE(Has(html, "<a href=\"../report.html#edit-L1-0000-e1\">L1-0000-e1</a>"));
  EXPECT_TRUE(Has(html, "Cited steps (highlighted below): <a href=\"#step-3\">3</a>"));
  EXPECT_FALSE(Has(html, "<flight>"));
}

TEST(TrajectoryPageTest, AMissingTrajectorySaysSoAndShowsTheRecord) {
  TrajectoryPageInfo info;
  info.id = "t9";
  info.label = "fail";
  info.fate = "failed";
  info.reason = "timeout";
  info.missing = "the run's input /x.jsonl no longer exists";
  std::string html = TrajectoryPageHtml(info, nullptr);
  EXPECT_TRUE(Has(html, "<dt>reason</dt><dd>timeout</dd>"));
  EXPECT_TRUE(Has(html, "<p class=\"warn\">The trajectory could not be found at report time: the "
                        "run's input /x.jsonl no longer exists; this page shows what the run "
                        "folder records.</p>"))
      << html;
}

}  // namespace
}  // namespace t2s
