#include "bench/spreadsheetbench_suite.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench/check_task.h"
#include "bench/workspace.h"
#include "check/xlsx_fixture.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::OneSheet;
using testing::TempDir;
using testing::WriteFixture;

class SpreadsheetBenchSuiteTest : public ::testing::Test {
 protected:
  SpreadsheetBenchSuiteTest() {
    dir_.Write("sb/dataset.json", R"([
      {"id": 7, "instruction": "Put the sum in C1. ", "spreadsheet_path": "spreadsheet/7",
       "instruction_type": "Cell-Level Manipulation", "answer_position": "C1"},
      {"id": "2-1", "instruction": "Copy the table.", "spreadsheet_path": "spreadsheet/2-1",
       "instruction_type": "Sheet-Level Manipulation", "answer_position": "A1:B2",
       "answer_sheet": "Out", "data_position": "A1:B9"}])");
    auto sheet = [](const std::string& c1) {
      return OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c>)" + c1 + "</row>");
    };
    fs::create_directories(dir_.path() / "sb/spreadsheet/7");
    fs::create_directories(dir_.path() / "sb/spreadsheet/2-1");
    EXPECT_TRUE(WriteFixture(dir_.path() / "sb/spreadsheet/7/1_7_init.xlsx", sheet("")));
    EXPECT_TRUE(WriteFixture(dir_.path() / "sb/spreadsheet/7/1_7_golden.xlsx",
                             sheet(R"(<c r="C1"><v>3</v></c>)")));
    EXPECT_TRUE(WriteFixture(dir_.path() / "sb/spreadsheet/2-1/initial.xlsx", sheet("")));
    EXPECT_TRUE(WriteFixture(dir_.path() / "sb/spreadsheet/2-1/golden.xlsx", sheet("")));
  }
  std::string root() const { return (dir_.path() / "sb").string(); }
  std::string Error(const std::string& dataset) {
    dir_.Write("sb/dataset.json", dataset);
    Result<Suite> s = LoadSuite("spreadsheetbench:" + root());
    if (s.ok()) return "ok";
    std::string m = s.status().message();
    for (size_t at; (at = m.find(root())) != std::string::npos;) m.replace(at, root().size(), "sb");
    return m;
  }
  TempDir dir_;
};

TEST_F(SpreadsheetBenchSuiteTest, LoadsTheLayout) {
  Result<Suite> s = LoadSuite("spreadsheetbench:" + root());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->schema, "spreadsheetbench");
  EXPECT_EQ(s->name, "sb");
  EXPECT_EQ(s->description, "SpreadsheetBench tasks from " + root() + " (2)");
  ASSERT_EQ(s->tasks.size(), 2u);
  const TaskSpec& t = s->tasks[0];
  EXPECT_EQ(t.id, "7");
  EXPECT_EQ(t.type, "Cell-Level Manipulation");
  EXPECT_EQ(
      t.instruction,
      "Put the sum in C1.\n\n"
      "The spreadsheet is 1_7_input.xlsx in the workspace (the current folder).\n"
      "Instruction type: Cell-Level Manipulation\n"
      "Answer position: C1\n"
      "Save the modified workbook as 1_7_output.xlsx in the workspace. For Cell-Level "
      "Manipulation the answer position names the cells to fill; for Sheet-Level Manipulation "
      "it is the largest range to modify. Only the cells in the answer position are checked.");
  ASSERT_EQ(t.files.size(), 1u);
  EXPECT_EQ(t.files[0].source, root() + "/spreadsheet/7/1_7_init.xlsx");
  EXPECT_EQ(t.files[0].dest, "1_7_input.xlsx");
  EXPECT_EQ(t.check.kind, CheckSpec::Kind::kXlsx);
  EXPECT_EQ(t.check.file, "1_7_output.xlsx");
  EXPECT_EQ(t.check.golden, root() + "/spreadsheet/7/1_7_golden.xlsx");
  EXPECT_EQ(t.check.ranges, "C1");

  const TaskSpec& u = s->tasks[1];
  EXPECT_EQ(u.id, "2-1");
  EXPECT_EQ(u.files[0].source, root() + "/spreadsheet/2-1/initial.xlsx");
  EXPECT_EQ(u.check.golden, root() + "/spreadsheet/2-1/golden.xlsx");
  EXPECT_NE(u.instruction.find("Answer position: A1:B2\nAnswer sheet: Out\n"), std::string::npos);
}

TEST_F(SpreadsheetBenchSuiteTest, WorkspaceHoldsOnlyTheInputAndTheCheckGrades) {
  Result<Suite> s = LoadSuite("spreadsheetbench:" + root());
  ASSERT_TRUE(s.ok()) << s.status().message();
  const TaskSpec& t = s->tasks[0];
  fs::path ws = dir_.path() / "ws";
  ASSERT_TRUE(PrepareWorkspace(*s, t, ws.string()).ok());
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(ws)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"1_7_input.xlsx"});

  CheckVerdict none = CheckTask(*s, t, ws.string(), "");
  EXPECT_EQ(none.kind, CheckVerdict::Kind::kFail);
  EXPECT_EQ(none.detail, "no file 1_7_output.xlsx in the workspace");
  fs::copy_file(ws / "1_7_input.xlsx", ws / "1_7_output.xlsx");
  CheckVerdict unchanged = CheckTask(*s, t, ws.string(), "");
  EXPECT_EQ(unchanged.kind, CheckVerdict::Kind::kFail);
  EXPECT_EQ(unchanged.detail, "Sheet1!C1: expected 3, got empty");
  fs::copy_file(t.check.golden, ws / "1_7_output.xlsx", fs::copy_options::overwrite_existing);
  EXPECT_EQ(CheckTask(*s, t, ws.string(), "").kind, CheckVerdict::Kind::kPass);
}

TEST_F(SpreadsheetBenchSuiteTest, BadData) {
  const std::string task =
      R"("instruction": "x", "spreadsheet_path": "spreadsheet/7", "instruction_type": "t", "answer_position": "C1")";
  EXPECT_EQ(Error("{}"), "sb/dataset.json: expected a list of tasks, got object");
  EXPECT_EQ(Error("[1"),
            "sb/dataset.json:1:3: invalid JSON: unexpected end of input; expected ']'");
  EXPECT_EQ(Error("[]"), "sb/dataset.json: no tasks");
  EXPECT_EQ(
      Error(
          R"([{"id": 7, "instruction": "x", "spreadsheet_path": "spreadsheet/7", "instruction_type": "t", "answer_position": 3}])"),
      R"(sb/dataset.json: field "[0].answer_position": expected string, got number)");
  EXPECT_EQ(Error(R"([{"id": 1.5, )" + task + "}]"),
            R"(sb/dataset.json: field "[0].id": expected string or integer, got number)");
  EXPECT_EQ(Error(R"([{"id": 7, )" + task + R"(}, {"id": "7", )" + task + "}]"),
            R"(sb/dataset.json: field "[1].id": duplicate task id "7" (first at [0]))");
  EXPECT_EQ(
      Error(
          R"([{"id": 7, "instruction": "x", "spreadsheet_path": "../7", "instruction_type": "t", "answer_position": "C1"}])"),
      R"(sb/dataset.json: field "[0].spreadsheet_path": "../7": a path must stay inside the data folder)");
  EXPECT_EQ(
      Error(
          R"([{"id": 8, "instruction": "x", "spreadsheet_path": "spreadsheet/8", "instruction_type": "t", "answer_position": "C1"}])"),
      "sb/spreadsheet/8: not found");
  fs::remove(dir_.path() / "sb/spreadsheet/7/1_7_golden.xlsx");
  EXPECT_EQ(Error(R"([{"id": 7, )" + task + "}]"),
            "sb/spreadsheet/7: no golden workbook (*golden.xlsx)");
  fs::remove(dir_.path() / "sb/spreadsheet/7/1_7_init.xlsx");
  EXPECT_EQ(Error(R"([{"id": 7, )" + task + "}]"),
            "sb/spreadsheet/7: no input workbook (*_init.xlsx or initial.xlsx)");
  EXPECT_EQ(Error(""),
            "sb/dataset.json:1:1: invalid JSON: unexpected end of input; expected '[', '{', or a "
            "literal");
  fs::remove(dir_.path() / "sb/dataset.json");
  EXPECT_EQ(LoadSuite("spreadsheetbench:" + root()).status().message(),
            root() +
                "/dataset.json: not found (a SpreadsheetBench folder holds dataset.json and "
                "spreadsheet/)");
  EXPECT_EQ(LoadSuite("spreadsheetbench:" + root() + "/nope").status().message(),
            root() + "/nope: not found");
}

// The shared SpreadsheetBench data, when present: a golden workbook as the
// output passes, the untouched input fails.
fs::path SharedData() {
  if (const char* env = std::getenv("T2S_SPREADSHEETBENCH")) return env;
  return fs::path(T2S_SOURCE_DIR) / ".." / "shared" / "data" / "spreadsheetbench-verified-400";
}

TEST(SpreadsheetBenchDataTest, GoldenPassesAndInputFailsOnRealTasks) {
  fs::path data = SharedData();
  if (!fs::exists(data / "dataset.json")) {
    GTEST_SKIP() << "no shared SpreadsheetBench data at " << data << " (set T2S_SPREADSHEETBENCH)";
  }
  Result<Suite> s = LoadSuite("spreadsheetbench:" + data.string());
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->tasks.size(), 400u);
  EXPECT_EQ(s->tasks[0].id, "13-1");
  TempDir dir;
  int checked = 0;
  for (const TaskSpec& t : s->tasks) {
    // A few of each instruction type and file naming; 13284's input is
    // initial.xlsx. 13-1's answer_position names no sheet: it is graded on
    // its answer_sheet (the second), where the untouched input fails (on the
    // first sheet, which the task leaves as it is, it would pass).
    bool wanted = t.id == "13-1" || t.id == "17-35" || t.id == "10452" || t.id == "13284" || t.id == "105-24" ||
                  &t == &s->tasks.back();
    if (!wanted) continue;
    ++checked;
    fs::path ws = dir.path() / t.id;
    ASSERT_TRUE(PrepareWorkspace(*s, t, ws.string()).ok()) << t.id;
    EXPECT_TRUE(fs::exists(ws / ("1_" + t.id + "_input.xlsx"))) << t.id;
    EXPECT_FALSE(fs::exists(ws / fs::path(t.check.golden).filename())) << t.id;
    fs::copy_file(ws / ("1_" + t.id + "_input.xlsx"), ws / t.check.file);
    CheckVerdict init = CheckTask(*s, t, ws.string(), "");
    EXPECT_EQ(init.kind, CheckVerdict::Kind::kFail) << t.id << ": " << init.detail;
    fs::copy_file(t.check.golden, ws / t.check.file, fs::copy_options::overwrite_existing);
    CheckVerdict golden = CheckTask(*s, t, ws.string(), "");
    EXPECT_EQ(golden.kind, CheckVerdict::Kind::kPass) << t.id << ": " << golden.detail;
  }
  EXPECT_EQ(checked, 6);
}

}  // namespace
}  // namespace t2s
