// A task suite: what `trace2skill run --suite` gives an agent, and how each
// answer is checked.
//
//   Result<Suite> suite = LoadSuite("examples/suite-demo");
//   Result<Suite> sb = LoadSuite("spreadsheetbench:../shared/data/spreadsheetbench-verified-400");
//
// Two layouts (README.md, "Task suites"):
//   - a folder in the t2s.suite/1 format: suite.json and tasks.jsonl;
//   - "spreadsheetbench:PATH", the SpreadsheetBench layout: dataset.json and
//     spreadsheet/<id>/ with the input and golden workbooks.
// Both become the same structs; every path in them is a host path.
#ifndef T2S_BENCH_SUITE_H_
#define T2S_BENCH_SUITE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/shard_spec.h"

namespace t2s {

inline constexpr std::string_view kSuiteSchema = "t2s.suite/1";
// Suite::schema of a suite read from the SpreadsheetBench layout.
inline constexpr std::string_view kSpreadsheetBenchSchema = "spreadsheetbench";

// How a task's answer is judged. Which fields count depends on the kind.
struct CheckSpec {
  enum class Kind { kExact, kNumber, kXlsx, kCommand };
  Kind kind = Kind::kExact;

  // exact, number: a workspace-relative file whose text is the answer; empty
  // = the agent's final message. xlsx: the answer workbook (required).
  std::string file;
  // exact: the expected text (compared after whitespace normalisation).
  std::string expected;
  // number: the expected value and the largest accepted |answer - expected|.
  double expected_number = 0;
  double tolerance = 1e-6;
  // xlsx: the golden workbook (host path, inside the suite root), the ranges
  // graded (SpreadsheetBench's answer_position syntax, check/answer_position.h)
  // and the sheet of ranges that name none (empty: the golden's first sheet).
  std::string golden;
  std::string ranges;
  std::string sheet;
  // command: run by `sh -c` in a copy of the finished workspace.
  std::string run;
  int64_t timeout_ms = 120'000;
};

// "exact", "number", "xlsx", "command".
std::string_view CheckKindName(CheckSpec::Kind kind);

// One file put into the workspace before the agent starts.
struct TaskFile {
  std::string source;  // host path (a file or a folder, copied whole)
  std::string dest;    // workspace-relative path
};

struct TaskSpec {
  std::string id;           // unique in the suite; [A-Za-z0-9_][A-Za-z0-9._-]*
  std::string instruction;  // the user message given to the agent
  std::string type;         // free-form category ("Cell-Level Manipulation"); may be empty
  std::vector<TaskFile> files;
  CheckSpec check;
  size_t line = 0;  // where the task was defined (tasks.jsonl line, dataset.json index + 1)
};

struct Suite {
  std::string schema;  // kSuiteSchema or kSpreadsheetBenchSchema
  std::string name;
  std::string description;
  std::string root;  // absolute host path of the suite folder ($T2S_SUITE in command checks)
  std::vector<TaskSpec> tasks;  // in file order
};

// Loads a suite from a folder or "spreadsheetbench:PATH". Every file a task
// copies and every golden workbook must exist and lie inside the suite.
// Errors are one line naming the file, the line (or record) and the field:
//   suite/tasks.jsonl:3: field "check.kind": expected one of exact, number, xlsx, command, got
//   "regex" suite/tasks.jsonl:5: duplicate task id "t1" (first on line 2) suite/tasks.jsonl:4:
//   field "files[0]": "../x.csv": a path must stay inside the suite folder
Result<Suite> LoadSuite(std::string_view spec);

// The indices of the tasks `range` selects, in order. `range` is a Python
// slice of task indices: "A:B" is A <= i < B; either end may be left out
// ("200:", ":50", ":") or negative (counting from the end: "-50:" is the last
// 50); ends beyond the suite are clamped, as in Python. A single index "7"
// selects that task alone and must exist. "" selects every task.
// Errors: malformed text, a missing single index, an empty selection:
//   task range "a:b": expected A:B, A:, :B or an index (a Python slice of task indices, e.g. 0:200)
//   task range "300:400": selects no task (the suite has 10)
Result<std::vector<size_t>> SelectTasks(const Suite& suite, std::string_view range);

// The share of `selected` that shard `s` takes (base/shard_spec.h): the
// whole of it for 1/1. Error when the share is empty:
//   task range: shard 5/8 selects no task (the range holds 3)
Result<std::vector<size_t>> ShardTasks(const ShardSpec& s, std::vector<size_t> selected);

}  // namespace t2s

#endif  // T2S_BENCH_SUITE_H_
