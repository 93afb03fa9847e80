#include "check/xlsx_reader.h"

#include <gtest/gtest.h>

#include "check/xlsx_fixture.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using testing::Fixture;
using testing::OneSheet;
using testing::TempDir;
using testing::WriteFixture;
using Kind = CellValue::Kind;

Workbook Read(const Fixture& f) {
  TempDir dir;
  auto path = dir.path() / "book.xlsx";
  EXPECT_TRUE(WriteFixture(path, f));
  Result<Workbook> wb = ReadXlsx(path);
  EXPECT_TRUE(wb.ok()) << wb.status().message();
  return wb.ok() ? std::move(wb).value() : Workbook{};
}

TEST(XlsxReaderTest, ReadsEachValueKind) {
  Fixture f = OneSheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="C1" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve"> line</t></r></is></c>)"
      R"(<c r="D1"><v>2.5</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
      R"(<c r="G1" t="str"><f>A1&amp;"!"</f><v>plain!</v></c><c r="H1"><f>1+1</f></c></row>)"
      R"(<row r="2"><c r="A2" s="1"><v>45000.75</v></c><c r="B2" s="2"><v>45000</v></c>)"
      R"(<c r="C2" s="3"><v>1.5</v></c><c r="D2" s="4"><v>0.25</v></c></row>)");
  f.shared = {"<t>plain</t>", "<r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r><rPh><t>x</t></rPh>"};
  f.num_fmts = R"(<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="[h]:mm"/>)";
  f.xf_formats = {0, 14, 164, 165, 2};
  Workbook wb = Read(f);
  ASSERT_EQ(wb.sheets.size(), 1u);
  const Sheet& s = wb.sheets[0];
  auto at = [&](const char* name) { return s.At(*ParseCellName(name)); };
  EXPECT_EQ(at("A1").kind, Kind::kString);
  EXPECT_EQ(at("A1").text, "plain");
  EXPECT_EQ(at("B1").text, "rich");  // runs joined, phonetic run left out
  EXPECT_EQ(at("C1").kind, Kind::kString);
  EXPECT_EQ(at("C1").text, "in line");
  EXPECT_EQ(at("D1").kind, Kind::kNumber);
  EXPECT_EQ(at("D1").number, 2.5);
  EXPECT_EQ(at("E1").kind, Kind::kBool);
  EXPECT_EQ(at("E1").number, 1);
  EXPECT_EQ(at("F1").kind, Kind::kError);
  EXPECT_EQ(at("F1").text, "#DIV/0!");
  EXPECT_EQ(at("G1").text, "plain!");
  EXPECT_EQ(at("H1").kind, Kind::kEmpty);  // a formula without a cached value
  EXPECT_EQ(at("Z9").kind, Kind::kEmpty);
  // Dates stay serial numbers; the style says how they are shown.
  EXPECT_EQ(at("A2").number, 45000.75);
  EXPECT_EQ(at("A2").format, NumberKind::kDate);
  EXPECT_EQ(at("B2").format, NumberKind::kDate);
  EXPECT_EQ(at("C2").format, NumberKind::kDuration);
  EXPECT_EQ(at("D2").format, NumberKind::kPlain);
  EXPECT_EQ(at("D1").format, NumberKind::kPlain);
}

TEST(XlsxReaderTest, SheetNamesInWorkbookOrder) {
  Fixture f;
  f.sheets = {{"My Sheet", "", ""}, {"O'Brien & Co", R"(<row r="3"><c r="C3"><v>7</v></c></row>)", ""},
              {"Last", "", ""}};
  Workbook wb = Read(f);
  ASSERT_EQ(wb.sheets.size(), 3u);
  EXPECT_EQ(wb.sheets[0].name(), "My Sheet");
  EXPECT_EQ(wb.sheets[1].name(), "O'Brien & Co");
  EXPECT_EQ(wb.sheets[2].name(), "Last");
  ASSERT_NE(wb.Find("o'brien & co"), nullptr);  // Excel's names ignore case
  EXPECT_EQ(wb.Find("O'Brien & Co")->At({3, 3}).number, 7);
  EXPECT_EQ(wb.Find("O'Brien & Co")->max_row(), 3);
  EXPECT_EQ(wb.Find("Missing"), nullptr);
}

TEST(XlsxReaderTest, CellsWithoutReferencesFollowTheirNeighbours) {
  Workbook wb = Read(OneSheet(R"(<row><c><v>1</v></c><c r="C1"><v>3</v></c><c><v>4</v></c></row>)"
                              R"(<row><c><v>5</v></c></row>)"));
  const Sheet& s = wb.sheets[0];
  EXPECT_EQ(s.At({1, 1}).number, 1);
  EXPECT_EQ(s.At({1, 4}).number, 4);
  EXPECT_EQ(s.At({2, 1}).number, 5);
  EXPECT_EQ(s.max_col(), 4);
}

TEST(XlsxReaderTest, MergedCellsButTheFirstReadEmpty) {
  Fixture f = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>)");
  f.sheets[0].after_data = R"(<mergeCells count="1"><mergeCell ref="A1:B3"/></mergeCells>)";
  Workbook wb = Read(f);
  EXPECT_EQ(wb.sheets[0].At({1, 1}).number, 1);
  EXPECT_EQ(wb.sheets[0].At({1, 2}).kind, Kind::kEmpty);
  EXPECT_EQ(wb.sheets[0].max_row(), 3);
}

TEST(XlsxReaderTest, Date1904) {
  Fixture f = OneSheet("");
  f.date1904 = true;
  EXPECT_TRUE(Read(f).date1904);
  EXPECT_FALSE(Read(OneSheet("")).date1904);
}

TEST(XlsxReaderTest, ErrorsNameFilePartAndCell) {
  TempDir dir;
  auto missing = dir.path() / "none.xlsx";
  EXPECT_EQ(ReadXlsx(missing).status().message(), missing.string() + ": no such file");
  EXPECT_EQ(ReadXlsx(missing).status().code(), StatusCode::kNotFound);

  auto text = dir.Write("text.xlsx", "not a zip");
  EXPECT_EQ(ReadXlsx(text).status().message(), text.string() + ": not a zip archive (Not a zip archive)");

  auto bad = dir.path() / "bad.xlsx";
  Fixture f = OneSheet(R"(<row r="7"><c r="B7" t="s"><v>40</v></c></row>)");
  f.shared = {"<t>a</t>"};
  ASSERT_TRUE(WriteFixture(bad, f));
  EXPECT_EQ(ReadXlsx(bad).status().message(),
            bad.string() + ": xl/worksheets/sheet1.xml: cell B7: shared string 40 of 1");

  Fixture g = OneSheet(R"(<row r="1"><c r="A1"><v>abc</v></c></row>)");
  ASSERT_TRUE(WriteFixture(bad, g));
  EXPECT_EQ(ReadXlsx(bad).status().message(),
            bad.string() + ": xl/worksheets/sheet1.xml: cell A1: bad number \"abc\"");
}

TEST(CellNameTest, ParsesAndPrints) {
  EXPECT_EQ(ParseCellName("A1")->col, 1);
  EXPECT_EQ(ParseCellName("$ab$12")->col, 28);
  EXPECT_EQ(ParseCellName("$ab$12")->row, 12);
  EXPECT_EQ(ParseCellName("XFD1048576")->col, 16384);
  EXPECT_EQ(ParseCellName("A0").status().message(), "\"A0\": not a cell reference");
  EXPECT_FALSE(ParseCellName("1A").ok());
  EXPECT_FALSE(ParseCellName("A").ok());
  EXPECT_FALSE(ParseCellName("XFE1").ok());
  EXPECT_EQ(CellName({12, 28}), "AB12");
  EXPECT_EQ(ColumnName(702), "ZZ");
  EXPECT_EQ(ColumnName(703), "AAA");
}

}  // namespace
}  // namespace t2s
