// The answer ranges of a SpreadsheetBench task ("answer_position"), parsed.
//
// Forms seen in the benchmark's data, all accepted:
//   "A1:B3"  "B6"  "Sheet1!A1:F14"  "'My Sheet'!D2:D9"  "'Sheet1'!A:G"
//   "'Sheet1'!A1:A4,'Sheet2'!B2"         several ranges, comma-separated
//   "'b2b, sez, de'!A5:V10"              a comma inside a quoted sheet name
//   "Sheet1'!A1:F14"  "'Sheet1!'A1:A50"  "'99250!A1:F9'"   stray quotes
//   "'Sheet1'!BD2:308"                   a missing end column: to the last one
// As in the benchmark's grader, quotes and spaces around a sheet name or a
// range are dropped, '$' is ignored, and a range without a sheet is on the
// golden workbook's first sheet. A missing row (A:G) runs to the golden
// sheet's last row, a missing column (1:10) to its last column (the
// Trace2Skill grader's rule for this data). Corners may come in any order.
#ifndef T2S_CHECK_ANSWER_POSITION_H_
#define T2S_CHECK_ANSWER_POSITION_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace t2s {

struct AnswerRange {
  std::string sheet;  // empty: the golden workbook's first sheet
  // 1-based corners; 0 where the text leaves a row or column open.
  int col1 = 0, row1 = 0, col2 = 0, row2 = 0;
  std::string text;  // the part of answer_position it came from
};

// Errors: InvalidArgument naming the part, e.g.
//   answer_position "A1:B2,X": "X": not a cell range
Result<std::vector<AnswerRange>> ParseAnswerPosition(std::string_view position);

}  // namespace t2s

#endif  // T2S_CHECK_ANSWER_POSITION_H_
