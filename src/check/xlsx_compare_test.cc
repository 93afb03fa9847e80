#include "check/xlsx_compare.h"

#include <gtest/gtest.h>

#include "check/xlsx_fixture.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using testing::Fixture;
using testing::OneSheet;
using testing::TempDir;
using testing::WriteFixture;

class XlsxCompareTest : public ::testing::Test {
 protected:
  // Grades a one-cell answer against a one-cell golden at A1.
  std::string Cells(const std::string& golden_cell, const std::string& answer_cell,
                    std::vector<std::string> shared = {}, std::vector<int> xfs = {}) {
    Fixture g = OneSheet("<row r=\"1\">" + golden_cell + "</row>");
    Fixture a = OneSheet("<row r=\"1\">" + answer_cell + "</row>");
    g.shared = a.shared = shared;
    g.xf_formats = a.xf_formats = xfs;
    return Grade(g, a, "A1");
  }
  std::string Grade(const Fixture& g, const Fixture& a, std::string_view position) {
    EXPECT_TRUE(WriteFixture(dir_.path() / "golden.xlsx", g));
    EXPECT_TRUE(WriteFixture(dir_.path() / "answer.xlsx", a));
    Result<XlsxVerdict> v = CompareXlsx(dir_.path() / "golden.xlsx", dir_.path() / "answer.xlsx", position);
    if (!v.ok()) return "error: " + v.status().message();
    return v->pass ? "pass" : v->detail;
  }
  TempDir dir_;
};

TEST_F(XlsxCompareTest, NumbersRoundToTwoDecimals) {
  EXPECT_EQ(Cells(R"(<c r="A1"><v>1.004</v></c>)", R"(<c r="A1"><v>1</v></c>)"), "pass");
  EXPECT_EQ(Cells(R"(<c r="A1"><v>1.006</v></c>)", R"(<c r="A1"><v>1</v></c>)"),
            "Sheet1!A1: expected 1.006, got 1");
  EXPECT_EQ(Cells(R"(<c r="A1"><v>0.125</v></c>)", R"(<c r="A1"><v>0.12</v></c>)"), "pass");
}

TEST_F(XlsxCompareTest, NumericStringsCompareAsNumbers) {
  EXPECT_EQ(Cells(R"(<c r="A1"><v>3.5</v></c>)", R"(<c r="A1" t="s"><v>0</v></c>)", {"<t> 3.50 </t>"}), "pass");
  EXPECT_EQ(Cells(R"(<c r="A1"><v>3.5</v></c>)", R"(<c r="A1" t="s"><v>0</v></c>)", {"<t>3.5 kg</t>"}),
            "Sheet1!A1: expected 3.5, got \"3.5 kg\"");
  EXPECT_EQ(Cells(R"(<c r="A1" t="s"><v>0</v></c>)", R"(<c r="A1" t="s"><v>0</v></c>)", {"<t>x</t>"}), "pass");
}

TEST_F(XlsxCompareTest, TextIsExact) {
  EXPECT_EQ(Cells(R"(<c r="A1" t="inlineStr"><is><t>Total</t></is></c>)",
                  R"(<c r="A1" t="inlineStr"><is><t>total</t></is></c>)"),
            "Sheet1!A1: expected \"Total\", got \"total\"");
}

TEST_F(XlsxCompareTest, EmptyEqualsEmpty) {
  EXPECT_EQ(Cells("", R"(<c r="A1" t="inlineStr"><is><t></t></is></c>)"), "pass");
  EXPECT_EQ(Cells(R"(<c r="A1" t="str"><v></v></c>)", ""), "pass");
  EXPECT_EQ(Cells("", R"(<c r="A1"><v>0</v></c>)"), "Sheet1!A1: expected empty, got 0");
}

TEST_F(XlsxCompareTest, BooleansAndErrors) {
  EXPECT_EQ(Cells(R"(<c r="A1" t="b"><v>1</v></c>)", R"(<c r="A1"><v>1</v></c>)"), "pass");
  EXPECT_EQ(Cells(R"(<c r="A1" t="b"><v>1</v></c>)", R"(<c r="A1" t="b"><v>0</v></c>)"),
            "Sheet1!A1: expected TRUE, got FALSE");
  EXPECT_EQ(Cells(R"(<c r="A1" t="e"><v>#N/A</v></c>)", R"(<c r="A1" t="e"><v>#N/A</v></c>)"), "pass");
  EXPECT_EQ(Cells(R"(<c r="A1" t="e"><v>#N/A</v></c>)", R"(<c r="A1" t="str"><v>#N/A</v></c>)"), "pass");
  EXPECT_EQ(Cells(R"(<c r="A1"><v>0</v></c>)", R"(<c r="A1" t="e"><v>#DIV/0!</v></c>)"),
            "Sheet1!A1: expected 0, got #DIV/0!");
}

TEST_F(XlsxCompareTest, DatesCompareAsWholeDays) {
  // Style 1 is a date: the grader keeps the serial day, rounded to a whole day.
  EXPECT_EQ(Cells(R"(<c r="A1" s="1"><v>45000.2</v></c>)", R"(<c r="A1" s="1"><v>45000</v></c>)", {}, {0, 14}),
            "pass");
  EXPECT_EQ(Cells(R"(<c r="A1" s="1"><v>45000.2</v></c>)", R"(<c r="A1" s="1"><v>45001</v></c>)", {}, {0, 14}),
            "Sheet1!A1: expected 45000.2, got 45001");
  // Undated, the same numbers differ at 2 decimals.
  EXPECT_EQ(Cells(R"(<c r="A1"><v>45000.2</v></c>)", R"(<c r="A1" s="1"><v>45000</v></c>)", {}, {0, 14}),
            "Sheet1!A1: expected 45000.2, got 45000");
  // A date-styled number below 1 is a time of day, compared as "HH:MM" text.
  EXPECT_EQ(Cells(R"(<c r="A1" s="1"><v>0.5</v></c>)", R"(<c r="A1" t="inlineStr"><is><t>12:00</t></is></c>)",
                  {}, {0, 20}),
            "pass");
}

TEST_F(XlsxCompareTest, MultipleRangesAndSheetNames) {
  Fixture g, a;
  g.sheets = {{"First", R"(<row r="1"><c r="A1"><v>1</v></c></row>)", ""},
              {"O'Brien & Co", R"(<row r="2"><c r="B2"><v>2</v></c><c r="C2"><v>3</v></c></row>)", ""}};
  a = g;
  EXPECT_EQ(Grade(g, a, "A1,'O''Brien & Co'!B2:C2"), "pass");
  a.sheets[1].rows = R"(<row r="2"><c r="B2"><v>2</v></c><c r="C2"><v>4</v></c></row>)";
  EXPECT_EQ(Grade(g, a, "A1,'O''Brien & Co'!B2:C2"), "O'Brien & Co!C2: expected 3, got 4");
  EXPECT_EQ(Grade(g, a, "'O''Brien & Co'!B2"), "pass");
  // A range without a sheet is on the golden workbook's first sheet.
  a.sheets[0].rows = R"(<row r="1"><c r="A1"><v>9</v></c></row>)";
  EXPECT_EQ(Grade(g, a, "A1"), "First!A1: expected 1, got 9");
}

TEST_F(XlsxCompareTest, FirstMismatchInColumnOrder) {
  Fixture g = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>)"
                       R"(<row r="2"><c r="A2"><v>3</v></c></row>)");
  Fixture a = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>0</v></c></row>)"
                       R"(<row r="2"><c r="A2"><v>0</v></c></row>)");
  EXPECT_EQ(Grade(g, a, "A1:B2"), "Sheet1!A2: expected 3, got 0");
  EXPECT_EQ(Grade(g, a, "A:A"), "Sheet1!A2: expected 3, got 0");  // to the golden's last row
}

TEST_F(XlsxCompareTest, MissingSheets) {
  Fixture g = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)", "Totals");
  Fixture a = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)", "Sheet1");
  EXPECT_EQ(Grade(g, a, "Totals!A1"), "answer has no sheet \"Totals\"");
  EXPECT_EQ(Grade(g, a, "'TOTALS'!A1"), "answer has no sheet \"Totals\"");
  EXPECT_EQ(Grade(g, g, "'TOTALS'!A1"), "pass");
  EXPECT_EQ(Grade(g, a, "Other!A1"),
            "error: golden workbook has no sheet \"Other\" (answer_position \"Other!A1\")");
}

TEST_F(XlsxCompareTest, UnreadableAnswerFails) {
  Fixture g = OneSheet("");
  ASSERT_TRUE(WriteFixture(dir_.path() / "golden.xlsx", g));
  auto answer = dir_.path() / "none.xlsx";
  Result<XlsxVerdict> v = CompareXlsx(dir_.path() / "golden.xlsx", answer, "A1");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->pass);
  EXPECT_EQ(v->detail, answer.string() + ": no such file");
  Result<XlsxVerdict> e = CompareXlsx(answer, dir_.path() / "golden.xlsx", "A1");
  EXPECT_EQ(e.status().message(), answer.string() + ": no such file");
}

}  // namespace
}  // namespace t2s
