// Judging a finished task: the verdict that labels a trajectory.
#ifndef T2S_BENCH_CHECK_TASK_H_
#define T2S_BENCH_CHECK_TASK_H_

#include <string>
#include <string_view>

#include "bench/suite.h"

namespace t2s {

struct CheckVerdict {
  enum class Kind {
    kPass,
    kFail,   // the answer is wrong or missing
    kError,  // the check could not run: the suite's material is missing or broken
  };
  Kind kind = Kind::kError;
  // One line for exact, number and xlsx ("expected \"Paris\", got \"Lyon\"",
  // "no file out.xlsx in the workspace", "Sheet1!B3: expected 5, got 4");
  // empty on their pass. A command check's output (capped), on any verdict.
  std::string detail;
};

// "pass", "fail", "error".
std::string_view VerdictKindName(CheckVerdict::Kind kind);

// Checks the task's answer: `final_message` is the agent's last message,
// `workspace` the host folder it worked in (left as it is). Never throws.
//   exact:   the final message, or check.file, equals check.expected after
//            NormalizeWhitespace (answer_text.h);
//   number:  the last number in it (LastNumber) is within check.tolerance;
//   xlsx:    check.file against check.golden over check.ranges (check/xlsx_compare.h);
//   command: see command_check.h.
// An answer file the agent did not write, a symbolic link, a folder, or a
// file over 16 MiB fails; a missing or unreadable golden workbook is kError.
// Blocks while a command check runs (up to its timeout).
CheckVerdict CheckTask(const Suite& suite, const TaskSpec& task, const std::string& workspace,
                  std::string_view final_message);

}  // namespace t2s

#endif  // T2S_BENCH_CHECK_TASK_H_
