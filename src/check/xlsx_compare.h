// Grades an answer workbook against a golden one as SpreadsheetBench does
// (its evaluation/evaluation.py, and the Trace2Skill grader for the verified
// 400-task data): every cell of the answer ranges must match after
// normalisation. Values as the grader (Python, openpyxl, data_only) sees them:
//   - numbers, booleans (as 1/0) and numeric strings ("3.50", " 7 ") become
//     numbers rounded to 2 decimals (Python float() and round(x, 2));
//   - a number whose style is a date becomes its serial day rounded to a
//     whole day, or "HH:MM" text when it is a time of day (< 1);
//     a duration style ("[h]:mm") keeps the exact duration;
//   - other text compares exactly; an error value is its text ("#N/A");
//   - an empty cell equals an empty string; a number never equals text.
//
//   Result<XlsxVerdict> v = CompareXlsx(golden, answer, "'Sheet1'!A1:B3,C5");
#ifndef T2S_CHECK_XLSX_COMPARE_H_
#define T2S_CHECK_XLSX_COMPARE_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"
#include "check/xlsx_reader.h"

namespace t2s {

struct XlsxVerdict {
  bool pass = false;
  // Empty on a pass; else one line: the first mismatching cell in range
  // order (column by column), "Sheet1!B3: expected 5, got \"five\"", or
  // "answer has no sheet \"Totals\"", or why the answer could not be read.
  std::string detail;
};

// Compares `answer` with `golden` over `answer_position`.
// Errors are the task's, not the answer's: the golden workbook unreadable,
// a sheet missing from it, or a malformed answer_position. An answer that
// is missing or unreadable is a failing verdict, as in the benchmark.
Result<XlsxVerdict> CompareXlsx(const std::filesystem::path& golden,
                                const std::filesystem::path& answer,
                                std::string_view answer_position);

// The same over workbooks already read.
Result<XlsxVerdict> CompareWorkbooks(const Workbook& golden, const Workbook& answer,
                                     std::string_view answer_position);

// True when two cells count as equal under the rules above (`*_1904`: the
// workbook counts serial days from 1904).
bool SameCellValue(const CellValue& golden, bool golden_1904, const CellValue& answer,
                   bool answer_1904);

// A cell for messages: 5, 2.5, "text", TRUE, #DIV/0!, empty.
std::string DescribeCell(const CellValue& value);

}  // namespace t2s

#endif  // T2S_CHECK_XLSX_COMPARE_H_
