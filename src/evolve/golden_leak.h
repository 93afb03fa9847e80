// Golden values: what an agentic analyst sees of a task's ground truth and
// must not write into a lesson or an edit (the skill would then carry one
// task's answer instead of a general lesson).
//
// The values of a task, by check kind:
//   exact    the expected text, each of its lines, the numbers in it;
//   number   the expected number;
//   xlsx     the golden workbook's cells in the graded ranges;
//   command  the suite files the command names ($T2S_SUITE/...): their text
//            when short, their lines, the numbers in them.
// Only distinctive values count: numbers that are not integers or are at
// least 10 in size, texts of 4 characters or more. A value that also
// appears in public text (the instruction, the skill, the task's input
// files) is not secret and is dropped; a text public only in another case
// ("zebrafish" for "ZEBRAFISH") stays secret in its golden spelling.
// Numbers a checker's message gives as expected ("expected 1234, got 1233")
// are golden too, unless public.
#ifndef T2S_EVOLVE_GOLDEN_LEAK_H_
#define T2S_EVOLVE_GOLDEN_LEAK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/suite.h"

namespace t2s {

class GoldenValues {
 public:
  // The task's distinctive golden values (a value that cannot be read,
  // e.g. a broken workbook, is left out: the checker reports it).
  static GoldenValues Of(const Suite& suite, const TaskSpec& task);

  void AddNumber(double value);
  void AddText(std::string_view text);  // also adds its lines and numbers
  // Drops every value that `text` contains (texts: in the same case).
  void DropPublic(std::string_view text);
  // Adds the numbers a checker's message shows as expected: on a line with
  // "expect", up to "got", "but", "actual", "found" or "instead"; numbers
  // already seen in public text are not added.
  void AddExpected(std::string_view message);
  // Also drops what the task's input files contain (text files and
  // workbooks up to 4 MiB).
  void DropInputs(const TaskSpec& task);

  // The first golden value that `text` quotes, as written there: a number
  // equal to a golden number, or a golden text (ignoring ASCII case unless
  // it is public in another case).
  std::optional<std::string> QuotedIn(std::string_view text) const;

  size_t size() const { return numbers_.size() + texts_.size(); }

 private:
  struct GoldenText {
    std::string text;
    std::string lower;
    bool exact_only = false;  // public in another case
  };
  std::vector<double> numbers_;
  std::vector<GoldenText> texts_;
  std::vector<double> public_numbers_;  // for AddExpected
};

}  // namespace t2s

#endif  // T2S_EVOLVE_GOLDEN_LEAK_H_
