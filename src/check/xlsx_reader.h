// Reads the cached cell values of an .xlsx workbook (Office Open XML), as a
// spreadsheet application saved them: no formula is evaluated.
//
//   Result<Workbook> wb = ReadXlsx("answer.xlsx");
//   const Sheet* s = wb->Find("Sheet1");
//   const CellValue& v = s->At(2, 1);  // A2
//
// What is read: sheet names and order (xl/workbook.xml and its rels), shared
// strings (plain and rich-text runs, without phonetic runs), inline strings,
// numbers, booleans, error values ("#DIV/0!"), formula results of type "str",
// and each number's display kind from its style (plain, date, duration), so a
// date stays its serial number as stored. Cells covered by a merged range,
// other than its top-left one, read as empty (as openpyxl does).
#ifndef T2S_CHECK_XLSX_READER_H_
#define T2S_CHECK_XLSX_READER_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "check/number_format.h"

namespace t2s {

struct CellValue {
  enum class Kind { kEmpty, kNumber, kString, kBool, kError };
  Kind kind = Kind::kEmpty;
  double number = 0;  // kNumber (a date: its serial number), kBool (0 or 1)
  std::string text;   // kString, kError ("#N/A")
  NumberKind format = NumberKind::kPlain;  // kNumber: how its style shows it
};

// A 1-based cell position.
struct CellPos {
  int row = 0;
  int col = 0;
};

// "A1" -> {1, 1}; accepts lowercase and '$'. Errors: not a cell reference.
Result<CellPos> ParseCellName(std::string_view name);
// {1, 28} -> "AB1".
std::string CellName(CellPos pos);
// 28 -> "AB".
std::string ColumnName(int col);

class Sheet {
 public:
  explicit Sheet(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // The cell's value; an empty value when the sheet has no such cell.
  const CellValue& At(CellPos pos) const;
  // Largest row and column holding any cell element (styled empties too) or
  // merged range, as openpyxl's max_row / max_column; 1 for an empty sheet.
  int max_row() const { return max_row_; }
  int max_col() const { return max_col_; }

  void Set(CellPos pos, CellValue value);
  void Touch(CellPos pos);  // a cell exists there, for max_row/max_col

 private:
  static uint64_t Key(CellPos p) { return (uint64_t(uint32_t(p.row)) << 32) | uint32_t(p.col); }
  std::string name_;
  std::unordered_map<uint64_t, CellValue> cells_;
  int max_row_ = 1;
  int max_col_ = 1;
};

struct Workbook {
  std::vector<Sheet> sheets;  // in workbook order
  bool date1904 = false;      // serial numbers count from 1904-01-01

  // The sheet named exactly `name`, else the one whose name matches ignoring
  // ASCII case (Excel's own rule); nullptr when none.
  const Sheet* Find(std::string_view name) const;
};

// Reads `path`. Errors (one line, naming the file and the part):
//   NotFound  "answer.xlsx: no such file"
//   InvalidArgument "answer.xlsx: not a zip archive (...)",
//     "answer.xlsx: xl/worksheets/sheet1.xml: cell B7: shared string 40 of 12"
Result<Workbook> ReadXlsx(const std::filesystem::path& path);

}  // namespace t2s

#endif  // T2S_CHECK_XLSX_READER_H_
