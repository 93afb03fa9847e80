// SpreadsheetBench data as a suite ("spreadsheetbench:PATH").
//
// The layout (the verified 400-task release and the benchmark's own):
//   PATH/dataset.json   a list of {id, instruction, spreadsheet_path,
//                       instruction_type, answer_position, [answer_sheet]}
//   PATH/<spreadsheet_path>/1_<id>_init.xlsx (or initial.xlsx)   the input
//   PATH/<spreadsheet_path>/1_<id>_golden.xlsx (or golden.xlsx)  the answer
//
// Each task puts the input into the workspace as 1_<id>_input.xlsx and asks
// for 1_<id>_output.xlsx beside it, the benchmark's own names for a test
// case's input and output; the check compares the output with the golden
// workbook over answer_position (check/xlsx_compare.h). The golden workbook
// stays in the data folder.
#ifndef T2S_BENCH_SPREADSHEETBENCH_SUITE_H_
#define T2S_BENCH_SPREADSHEETBENCH_SUITE_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"
#include "bench/suite.h"

namespace t2s {

// Workspace-relative names of a task's input and output workbooks.
std::string SpreadsheetBenchInputName(std::string_view id);
std::string SpreadsheetBenchOutputName(std::string_view id);

// Loads the data under `root` (absolute); `display` names it in messages:
//   data/dataset.json: field "[3].answer_position": expected string, got number
//   data/spreadsheet/13-1: no input workbook (*_init.xlsx or initial.xlsx)
Result<Suite> LoadSpreadsheetBench(const std::filesystem::path& root, const std::string& display);

}  // namespace t2s

#endif  // T2S_BENCH_SPREADSHEETBENCH_SUITE_H_
