#include "bench/check_task.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "check/xlsx_fixture.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::OneSheet;
using testing::TempDir;
using testing::WriteFixture;

class CheckTaskTest : public ::testing::Test {
 protected:
  CheckTaskTest() {
    suite_.root = (dir_.path() / "suite").string();
    fs::create_directories(suite_.root);
    fs::create_directories(ws());
  }
  std::string ws() const { return (dir_.path() / "ws").string(); }
  // "pass", "fail: <detail>" or "error: <detail>".
  std::string Check(const CheckSpec& check, std::string_view final_message = "") {
    TaskSpec task;
    task.id = "t";
    task.check = check;
    CheckVerdict v = CheckTask(suite_, task, ws(), final_message);
    std::string out(VerdictKindName(v.kind));
    if (!v.detail.empty()) out += ": " + v.detail;
    return out;
  }
  static CheckSpec Exact(std::string expected, std::string file = "") {
    CheckSpec c;
    c.kind = CheckSpec::Kind::kExact;
    c.expected = std::move(expected);
    c.file = std::move(file);
    return c;
  }
  static CheckSpec Number(double expected, double tolerance, std::string file = "") {
    CheckSpec c;
    c.kind = CheckSpec::Kind::kNumber;
    c.expected_number = expected;
    c.tolerance = tolerance;
    c.file = std::move(file);
    return c;
  }
  CheckSpec Xlsx(std::string ranges, std::string sheet = "") {
    CheckSpec c;
    c.kind = CheckSpec::Kind::kXlsx;
    c.file = "out.xlsx";
    c.golden = suite_.root + "/golden.xlsx";
    c.ranges = std::move(ranges);
    c.sheet = std::move(sheet);
    return c;
  }
  TempDir dir_;
  Suite suite_;
};

TEST_F(CheckTaskTest, ExactFinalMessage) {
  EXPECT_EQ(Check(Exact("Paris"), "  Paris\n"), "pass");
  EXPECT_EQ(Check(Exact("New  York"), "New\nYork"), "pass");
  EXPECT_EQ(Check(Exact("Paris"), "The answer is Paris."),
            "fail: expected \"Paris\", got \"The answer is Paris.\"");
  EXPECT_EQ(Check(Exact("Paris"), "paris"), "fail: expected \"Paris\", got \"paris\"");
  EXPECT_EQ(Check(Exact("Paris"), ""), "fail: expected \"Paris\", got \"\"");
}

TEST_F(CheckTaskTest, ExactLongAnswerIsCutInTheDetail) {
  std::string got = Check(Exact("x"), std::string(500, 'y'));
  EXPECT_EQ(got, "fail: expected \"x\", got \"" + std::string(200, 'y') + "\"...");
}

TEST_F(CheckTaskTest, ExactFile) {
  dir_.Write("ws/answer.txt", "hello world\n");
  EXPECT_EQ(Check(Exact("hello   world", "answer.txt"), "ignored"), "pass");
  EXPECT_EQ(Check(Exact("bye", "answer.txt"), "bye"),
            "fail: expected \"bye\", got \"hello world\"");
  EXPECT_EQ(Check(Exact("bye", "missing.txt"), "bye"),
            "fail: no file missing.txt in the workspace");
  fs::create_directories(ws() + "/adir");
  EXPECT_EQ(Check(Exact("bye", "adir"), "bye"), "fail: adir is not a regular file");
}

// A link the agent made could name the golden file on the host.
TEST_F(CheckTaskTest, AnswerFileThatIsALinkFails) {
  dir_.Write("suite/expected.txt", "secret");
  fs::create_symlink(suite_.root + "/expected.txt", ws() + "/answer.txt");
  EXPECT_EQ(Check(Exact("secret", "answer.txt")),
            "fail: answer.txt is a symbolic link; the checker reads only regular files");
  fs::create_directory_symlink(suite_.root, ws() + "/s");
  EXPECT_EQ(Check(Exact("secret", "s/expected.txt")),
            "fail: s/expected.txt leads outside the workspace");
}

TEST_F(CheckTaskTest, NumberFromFinalMessage) {
  EXPECT_EQ(Check(Number(3.14, 0.01), "It is about 3.141"), "pass");
  EXPECT_EQ(Check(Number(1234.5, 0), "Total: 1,234.5 USD"), "pass");
  EXPECT_EQ(Check(Number(3.14, 0.01), "It is 3.2"),
            "fail: expected 3.14 (tolerance 0.01), got 3.2");
  EXPECT_EQ(Check(Number(-2, 0), "so x = -2"), "pass");
  EXPECT_EQ(Check(Number(3, 0.5), "no idea"), "fail: no number in the final message");
}

TEST_F(CheckTaskTest, NumberFromFile) {
  dir_.Write("ws/sum.txt", "42\n");
  EXPECT_EQ(Check(Number(42, 0, "sum.txt"), "7"), "pass");
  EXPECT_EQ(Check(Number(41, 0.5, "sum.txt"), "41"), "fail: expected 41 (tolerance 0.5), got 42");
  dir_.Write("ws/empty.txt", "");
  EXPECT_EQ(Check(Number(1, 0, "empty.txt")), "fail: no number in empty.txt");
  EXPECT_EQ(Check(Number(1, 0, "none.txt")), "fail: no file none.txt in the workspace");
}

TEST_F(CheckTaskTest, Xlsx) {
  ASSERT_TRUE(
      WriteFixture(suite_.root + "/golden.xlsx",
                   OneSheet(R"(<row r="1"><c r="A1"><v>5</v></c><c r="B1"><v>6</v></c></row>)")));
  ASSERT_TRUE(
      WriteFixture(ws() + "/out.xlsx",
                   OneSheet(R"(<row r="1"><c r="A1"><v>5</v></c><c r="B1"><v>7</v></c></row>)")));
  EXPECT_EQ(Check(Xlsx("A1")), "pass");
  EXPECT_EQ(Check(Xlsx("A1:B1")), "fail: Sheet1!B1: expected 6, got 7");
  EXPECT_EQ(Check(Xlsx("A1", "Sheet1")), "pass");
  EXPECT_EQ(Check(Xlsx("A1", "Other")),
            "error: golden workbook has no sheet \"Other\" (answer_position \"'Other'!A1\")");
  fs::remove(ws() + "/out.xlsx");
  EXPECT_EQ(Check(Xlsx("A1")), "fail: no file out.xlsx in the workspace");
}

TEST_F(CheckTaskTest, XlsxWithBadSuiteMaterialIsAnError) {
  ASSERT_TRUE(
      WriteFixture(ws() + "/out.xlsx", OneSheet(R"(<row r="1"><c r="A1"><v>5</v></c></row>)")));
  EXPECT_EQ(Check(Xlsx("A1")), "error: golden workbook " + suite_.root + "/golden.xlsx: not found");
  dir_.Write("suite/golden.xlsx", "not a zip");
  std::string broken = Check(Xlsx("A1"));
  EXPECT_EQ(broken.substr(0, 7), "error: ") << broken;
  ASSERT_TRUE(WriteFixture(suite_.root + "/golden.xlsx",
                           OneSheet(R"(<row r="1"><c r="A1"><v>5</v></c></row>)")));
  EXPECT_EQ(Check(Xlsx("A1:B2,X-1", "Sheet1")),
            "error: answer_position \"A1:B2,X-1\": \"X-1\": not a cell range");
}

TEST_F(CheckTaskTest, MissingWorkspaceIsAnError) {
  fs::remove_all(ws());
  EXPECT_EQ(Check(Exact("x", "a.txt")), "error: workspace " + ws() + ": not found");
}

}  // namespace
}  // namespace t2s
