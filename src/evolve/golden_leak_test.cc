#include "evolve/golden_leak.h"

#include <gtest/gtest.h>

#include "bench/suite.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

// A suite of one task checked by `check` (JSON), with data.txt as input.
Suite OneTask(const testing::TempDir& dir, const std::string& check,
              const std::string& instruction = "Report the result.",
              const std::string& data = "alpha 3\nbeta 4\n") {
  dir.Write("suite/suite.json", R"({"schema":"t2s.suite/1","name":"s","description":"d"})");
  dir.Write("suite/data.txt", data);
  dir.Write("suite/golden/answer.txt", "Total: 4213.5\nBy region: North Harbour\n");
  dir.Write("suite/tasks.jsonl",
            R"({"id":"t1","instruction":")" + instruction +
                R"(","files":[{"from":"data.txt","to":"data.txt"}],"check":)" + check + "}\n");
  Result<Suite> suite = LoadSuite((dir.path() / "suite").string());
  EXPECT_TRUE(suite.ok()) << suite.status().message();
  return std::move(*suite);
}

TEST(GoldenValuesTest, AnExactAnswerIsQuotedByItsNumbersLinesAndTextIgnoringCase) {
  testing::TempDir dir;
  Suite s = OneTask(dir, R"({"kind":"exact","expected":"Net 4213.50 for North Harbour"})");
  GoldenValues g = GoldenValues::Of(s, s.tasks[0]);
  EXPECT_EQ(g.QuotedIn("write 4213.5 into the cell"), "4213.5");
  EXPECT_EQ(g.QuotedIn("the answer is NET 4213.50 FOR NORTH HARBOUR."), "4213.50");
  EXPECT_EQ(g.QuotedIn("always sum the column before writing"), std::nullopt);
}

TEST(GoldenValuesTest, SmallIntegersAndShortTextsAreNotDistinctive) {
  testing::TempDir dir;
  Suite s = OneTask(dir, R"({"kind":"exact","expected":"7"})");
  GoldenValues g = GoldenValues::Of(s, s.tasks[0]);
  EXPECT_EQ(g.size(), 0u);
  EXPECT_EQ(g.QuotedIn("check the 7 rows"), std::nullopt);
  Suite n = OneTask(dir, R"({"kind":"number","expected":0.25,"tolerance":0.01})");
  EXPECT_EQ(GoldenValues::Of(n, n.tasks[0]).QuotedIn("a rate of 0.250"), "0.250");
}

TEST(GoldenValuesTest, ValuesInTheInstructionOrTheInputsArePublic) {
  testing::TempDir dir;
  Suite s = OneTask(dir, R"({"kind":"exact","expected":"1250 and 3.5"})",
                    "Multiply 1250 by the rate.", "rate 3.5\n");
  GoldenValues g = GoldenValues::Of(s, s.tasks[0]);
  EXPECT_EQ(g.QuotedIn("multiply 1250 by it"), std::nullopt) << "in the instruction";
  EXPECT_EQ(g.QuotedIn("the rate 3.5"), "3.5") << "not dropped before the inputs are";
  g.DropInputs(s.tasks[0]);
  EXPECT_EQ(g.QuotedIn("the rate 3.5"), std::nullopt) << "in data.txt";
  EXPECT_EQ(g.QuotedIn("answer 1250 and 3.5"), "1250 and 3.5") << "the whole answer stays golden";
  g.DropPublic("unrelated");
  EXPECT_EQ(g.size(), 1u);  // the whole text "1250 and 3.5" is still golden
  g.DropPublic("the skill says: 1250 and 3.5 is an example");
  EXPECT_EQ(g.size(), 0u);
}

TEST(GoldenValuesTest, ACommandCheckExposesTheSuiteFilesItNames) {
  testing::TempDir dir;
  Suite s = OneTask(dir, R"({"kind":"command","run":"diff -q out.txt \"$T2S_SUITE/golden/answer.txt\""})");
  GoldenValues g = GoldenValues::Of(s, s.tasks[0]);
  EXPECT_EQ(g.QuotedIn("the total was 4213.5"), "4213.5");
  EXPECT_EQ(g.QuotedIn("Group by region: north harbour first"), "by region: north harbour");
  EXPECT_EQ(g.QuotedIn("group by region"), std::nullopt);
}

TEST(GoldenValuesTest, AGoldenTextPublicOnlyInAnotherCaseStaysSecretAsSpelled) {
  testing::TempDir dir;
  Suite s = OneTask(dir, R"({"kind":"exact","expected":"ZEBRAFISH"})", "Upper-case the name.",
                    "name zebrafish\n");
  GoldenValues g = GoldenValues::Of(s, s.tasks[0]);
  g.DropInputs(s.tasks[0]);
  EXPECT_EQ(g.size(), 1u);
  EXPECT_EQ(g.QuotedIn("write ZEBRAFISH"), "ZEBRAFISH");
  EXPECT_EQ(g.QuotedIn("the input name zebrafish must be upper-cased"), std::nullopt);
  g.DropPublic("an example: ZEBRAFISH");
  EXPECT_EQ(g.size(), 0u);
}

TEST(GoldenValuesTest, NumbersACheckerShowsAsExpectedBecomeGolden) {
  testing::TempDir dir;
  Suite s = OneTask(dir, R"({"kind":"command","run":"python3 check.py"})",
                    "Sum the 2 columns.", "alpha 31\nbeta 4\n");
  GoldenValues g = GoldenValues::Of(s, s.tasks[0]);
  g.DropInputs(s.tasks[0]);
  EXPECT_EQ(g.size(), 0u);
  g.AddExpected("row 12: expected 4213.5, got 4210\ncolumn count: expected 31 but found 30\n"
                "total 999.5 differs");
  EXPECT_EQ(g.QuotedIn("the sum is 4213.5"), "4213.5");
  EXPECT_EQ(g.QuotedIn("it wrote 4210 in row 12"), std::nullopt);
  EXPECT_EQ(g.QuotedIn("31 columns"), std::nullopt) << "31 is in the inputs";
  EXPECT_EQ(g.QuotedIn("999.5"), std::nullopt) << "not given as expected";
}

}  // namespace
}  // namespace t2s
