#include "bench/suite.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr char kHeader[] = R"({"schema":"t2s.suite/1","name":"demo","description":"d"})";

class SuiteTest : public ::testing::Test {
 protected:
  SuiteTest() {
    dir_.Write("suite/suite.json", kHeader);
    dir_.Write("suite/data/in.csv", "a,b\n1,2\n");
    dir_.Write("suite/golden/out.xlsx", "not read at load");
  }
  std::string root() const { return (dir_.path() / "suite").string(); }

  // Loads the suite with `tasks` as tasks.jsonl; the error line with the
  // temporary folder shown as "suite", or "ok".
  std::string Load(const std::string& tasks) {
    dir_.Write("suite/tasks.jsonl", tasks);
    Result<Suite> s = LoadSuite(root());
    if (s.ok()) return "ok";
    std::string m = s.status().message();
    for (size_t at; (at = m.find(root())) != std::string::npos;)
      m.replace(at, root().size(), "suite");
    return m;
  }
  TempDir dir_;
};

TEST_F(SuiteTest, LoadsEveryCheckKind) {
  dir_.Write(
      "suite/tasks.jsonl",
      R"({"id":"t1","instruction":"Say hi","check":{"kind":"exact","expected":"hi"}})"
      "\n\n"
      R"({"id":"t2","instruction":"Sum","type":"math","files":["data/in.csv"],)"
      R"("check":{"kind":"number","expected":3,"tolerance":0.5,"file":"sum.txt"}})"
      "\n"
      R"({"id":"t3","instruction":"Fill","files":[{"from":"data/in.csv","to":"x/input.csv"}],)"
      R"("check":{"kind":"xlsx","file":"out.xlsx","golden":"golden/out.xlsx","ranges":"A1:B2","sheet":"S"}})"
      "\n"
      R"({"id":"t4","instruction":"Fix","metadata":{"any":[1]},)"
      R"("check":{"kind":"command","run":"test -f done","timeout":2.5}})"
      "\n");
  Result<Suite> s = LoadSuite(root());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->schema, "t2s.suite/1");
  EXPECT_EQ(s->name, "demo");
  EXPECT_EQ(s->description, "d");
  EXPECT_EQ(s->root, fs::path(root()).lexically_normal().string());
  ASSERT_EQ(s->tasks.size(), 4u);

  const TaskSpec& t1 = s->tasks[0];
  EXPECT_EQ(t1.id, "t1");
  EXPECT_EQ(t1.instruction, "Say hi");
  EXPECT_EQ(t1.type, "");
  EXPECT_EQ(t1.line, 1u);
  EXPECT_EQ(t1.check.kind, CheckSpec::Kind::kExact);
  EXPECT_EQ(t1.check.expected, "hi");
  EXPECT_EQ(t1.check.file, "");

  const TaskSpec& t2 = s->tasks[1];
  EXPECT_EQ(t2.line, 3u);
  EXPECT_EQ(t2.type, "math");
  ASSERT_EQ(t2.files.size(), 1u);
  EXPECT_EQ(t2.files[0].source, root() + "/data/in.csv");
  EXPECT_EQ(t2.files[0].dest, "data/in.csv");
  EXPECT_EQ(t2.check.kind, CheckSpec::Kind::kNumber);
  EXPECT_EQ(t2.check.expected_number, 3);
  EXPECT_EQ(t2.check.tolerance, 0.5);
  EXPECT_EQ(t2.check.file, "sum.txt");

  const TaskSpec& t3 = s->tasks[2];
  EXPECT_EQ(t3.files[0].dest, "x/input.csv");
  EXPECT_EQ(t3.check.kind, CheckSpec::Kind::kXlsx);
  EXPECT_EQ(t3.check.golden, root() + "/golden/out.xlsx");
  EXPECT_EQ(t3.check.ranges, "A1:B2");
  EXPECT_EQ(t3.check.sheet, "S");
  EXPECT_EQ(t3.check.file, "out.xlsx");

  const TaskSpec& t4 = s->tasks[3];
  EXPECT_EQ(t4.check.kind, CheckSpec::Kind::kCommand);
  EXPECT_EQ(t4.check.run, "test -f done");
  EXPECT_EQ(t4.check.timeout_ms, 2500);
}

TEST_F(SuiteTest, DefaultsOfOptionalFields) {
  dir_.Write("suite/tasks.jsonl",
             R"({"id":"n","instruction":"x","check":{"kind":"number","expected":1}})"
             "\n"
             R"({"id":"c","instruction":"x","check":{"kind":"command","run":"true"}})");
  Result<Suite> s = LoadSuite(root());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->tasks[0].check.tolerance, 1e-6);
  EXPECT_EQ(s->tasks[1].check.timeout_ms, 120'000);
}

struct BadCase {
  const char* tasks;
  const char* error;
};

TEST_F(SuiteTest, BadTasksGiveOneLineWithFileLineAndField) {
  const std::string ok = R"({"id":"a","instruction":"x","check":{"kind":"exact","expected":"y"}})";
  const BadCase cases[] = {
      {R"({"id":"a","instruction":"x","check":{"kind":"regex"}})",
       R"(suite/tasks.jsonl:1: field "check.kind": expected one of exact, number, xlsx, command, got "regex")"},
      {R"({"id":"a","instruction":"x","check":{"kind":"exact","expected":"y"}}
{"id":"a","instruction":"z","check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:2: duplicate task id "a" (first on line 1))"},
      {R"({"id":"a","instruction":"x","check":{"kind":"exact","expected":"y"})",
       "suite/tasks.jsonl:1:68: invalid JSON: unexpected end of input; expected '}'"},
      {R"([1,2])", "suite/tasks.jsonl:1: expected a JSON object, got array"},
      {R"({"instruction":"x","check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "id": missing)"},
      {R"({"id":7,"instruction":"x","check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "id": expected string, got number)"},
      {R"({"id":"a b","instruction":"x","check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "id": "a b": expected letters, digits, '_', '.' or '-', not starting with '.' or '-', at most 128 characters)"},
      {R"({"id":"a","instruction":"","check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "instruction": must not be empty)"},
      {R"({"id":"a","instruction":"x"})", R"(suite/tasks.jsonl:1: field "check": missing)"},
      {R"({"id":"a","instruction":"x","check":"exact"})",
       R"(suite/tasks.jsonl:1: field "check": expected object, got string)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"exact"}})",
       R"(suite/tasks.jsonl:1: field "check.expected": missing)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"number","expected":"3"}})",
       R"(suite/tasks.jsonl:1: field "check.expected": expected number, got string)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"number","expected":3,"tolerence":1}})",
       R"(suite/tasks.jsonl:1: field "check.tolerence": not a field of a number check (expected kind, expected, tolerance, file))"},
      {R"({"id":"a","instruction":"x","check":{"kind":"number","expected":3,"tolerance":-1}})",
       R"(suite/tasks.jsonl:1: field "check.tolerance": must not be negative)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"command","run":"true","timeout":0}})",
       R"(suite/tasks.jsonl:1: field "check.timeout": expected seconds, more than 0 and at most 86400)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"command"}})",
       R"(suite/tasks.jsonl:1: field "check.run": missing)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"xlsx","golden":"golden/out.xlsx","ranges":"A1"}})",
       R"(suite/tasks.jsonl:1: field "check.file": missing)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"xlsx","file":"o.xlsx","golden":"golden/none.xlsx","ranges":"A1"}})",
       R"(suite/tasks.jsonl:1: field "check.golden": "golden/none.xlsx": not found in the suite folder)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"xlsx","file":"o.xlsx","golden":"golden/out.xlsx","ranges":"A1:B2,X-1"}})",
       R"(suite/tasks.jsonl:1: field "check.ranges": answer_position "A1:B2,X-1": "X-1": not a cell range)"},
      {R"({"id":"a","instruction":"x","check":{"kind":"exact","expected":"y","file":"../o.txt"}})",
       R"(suite/tasks.jsonl:1: field "check.file": "../o.txt": a path must stay inside the workspace folder)"},
      {R"({"id":"a","instruction":"x","files":["../secret"],"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "files[0]": "../secret": a path must stay inside the suite folder)"},
      {R"({"id":"a","instruction":"x","files":["/etc/passwd"],"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "files[0]": "/etc/passwd": a path must be relative to the suite folder)"},
      {R"({"id":"a","instruction":"x","files":["data/nope.csv"],"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "files[0]": "data/nope.csv": not found in the suite folder)"},
      {R"({"id":"a","instruction":"x","files":[3],"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "files[0]": expected string or object {"from", "to"}, got number)"},
      {R"({"id":"a","instruction":"x","files":[{"from":"data/in.csv","to":"../x"}],"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "files[0].to": "../x": a path must stay inside the workspace folder)"},
      {R"({"id":"a","instruction":"x","files":["tasks.jsonl"],"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "files[0]": "tasks.jsonl": holds the expected answers and never enters the workspace)"},
      {R"({"id":"a","instruction":"x","files":["golden"],"check":{"kind":"xlsx","file":"o.xlsx","golden":"golden/out.xlsx","ranges":"A1"}})",
       R"(suite/tasks.jsonl:1: field "files[0]": "golden": holds the task's golden workbook; golden material never enters the workspace)"},
      {R"({"id":"a","instruction":"x","extra":1,"check":{"kind":"exact","expected":"y"}})",
       R"(suite/tasks.jsonl:1: field "extra": not a field of a task (expected id, instruction, type, files, check, metadata))"},
      {R"({"id":"a","instruction":"x","files":["data","golden"],"check":{"kind":"exact","expected":"y"}}
{"id":"b","instruction":"x","check":{"kind":"xlsx","file":"o.xlsx","golden":"golden/out.xlsx","ranges":"A1"}})",
       R"(suite/tasks.jsonl:1: field "files[1]": "golden": holds the golden workbook of task "b"; golden material never enters the workspace)"},
      {"", "suite/tasks.jsonl: no tasks"},
  };
  for (const BadCase& c : cases) {
    EXPECT_EQ(Load(c.tasks), c.error) << c.tasks;
  }
  EXPECT_EQ(
      Load(ok + "\n" + R"({"id":"b","instruction":"x","check":{"kind":"exact","expected":"y"}})"),
      "ok");
  // The line number counts blank lines.
  EXPECT_EQ(Load(ok + "\n\n" + R"({"id":"b"})"),
            R"(suite/tasks.jsonl:3: field "instruction": missing)");
}

TEST_F(SuiteTest, BadSuiteJson) {
  dir_.Write("suite/tasks.jsonl",
             R"({"id":"a","instruction":"x","check":{"kind":"exact","expected":"y"}})");
  const BadCase cases[] = {
      {R"({"schema":"t2s.suite/2","name":"x"})",
       R"(suite/suite.json: field "schema": expected "t2s.suite/1", got "t2s.suite/2")"},
      {R"({"schema":"t2s.suite/1"})", R"(suite/suite.json: field "name": missing)"},
      {"{\"schema\":\"t2s.suite/1\",\n\"name\":}",
       "suite/suite.json:2:8: invalid JSON: unexpected '}'; expected '[', '{', or a literal"},
      {R"({"schema":"t2s.suite/1","name":"x","tags":[]})",
       R"(suite/suite.json: field "tags": not a field of suite.json (expected schema, name, description))"},
  };
  for (const BadCase& c : cases) {
    dir_.Write("suite/suite.json", c.tasks);
    Result<Suite> s = LoadSuite(root());
    ASSERT_FALSE(s.ok()) << c.tasks;
    std::string m = s.status().message();
    m.replace(m.find(root()), root().size(), "suite");
    EXPECT_EQ(m, c.error);
  }
}

TEST_F(SuiteTest, MissingFolderFilesAndSpreadsheetBenchHint) {
  TempDir other;
  EXPECT_EQ(LoadSuite((other.path() / "nope").string()).status().message(),
            (other.path() / "nope").string() + ": not found");
  EXPECT_EQ(LoadSuite(other.path().string()).status().message(),
            other.path().string() + ": not a suite folder (no suite.json)");
  other.Write("dataset.json", "[]");
  EXPECT_EQ(LoadSuite(other.path().string()).status().message(),
            other.path().string() +
                ": not a suite folder (no suite.json; for SpreadsheetBench data use "
                "spreadsheetbench:" +
                other.path().string() + ")");
  EXPECT_EQ(LoadSuite(root()).status().message(), root() + "/tasks.jsonl: not found");
  EXPECT_EQ(LoadSuite("").status().message(), "suite: empty path");
}

TEST_F(SuiteTest, FileLinkLeadingOutsideTheSuiteIsRefused) {
  TempDir outside;
  outside.Write("secret.txt", "s");
  fs::create_symlink(outside.path() / "secret.txt", fs::path(root()) / "data" / "link.txt");
  EXPECT_EQ(
      Load(
          R"({"id":"a","instruction":"x","files":["data/link.txt"],"check":{"kind":"exact","expected":"y"}})"),
      R"(suite/tasks.jsonl:1: field "files[0]": "data/link.txt": leads outside the suite folder)");
}

TEST(CheckKindNameTest, Names) {
  EXPECT_EQ(CheckKindName(CheckSpec::Kind::kExact), "exact");
  EXPECT_EQ(CheckKindName(CheckSpec::Kind::kNumber), "number");
  EXPECT_EQ(CheckKindName(CheckSpec::Kind::kXlsx), "xlsx");
  EXPECT_EQ(CheckKindName(CheckSpec::Kind::kCommand), "command");
}

}  // namespace
}  // namespace t2s
