#include "check/xlsx_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "check/answer_position.h"
#include "check/py_number.h"

namespace t2s {
namespace {

// A cell as the grader compares it, after its transform_value().
struct Normal {
  enum class Kind { kNone, kText, kNumber, kDuration };
  Kind kind = Kind::kNone;
  std::string text;
  double number = 0;
  int64_t micros = 0;  // kDuration

  static Normal Text(std::string t) { return {Kind::kText, std::move(t), 0, 0}; }
  static Normal Number(double x) { return {Kind::kNumber, {}, PythonRound(x, 2), 0}; }
};

constexpr int64_t kMsPerDay = 86400000;
constexpr int64_t kEpochOrdinal = 693594;    // 1899-12-30, proleptic Gregorian day 1 = 0001-01-01
constexpr int64_t kMaxOrdinal = 3652059;     // 9999-12-31
constexpr int64_t k1904Offset = 1462;        // 1904-01-01 - 1899-12-30

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// openpyxl's from_excel(serial, timedelta=True), millisecond-rounded.
Normal Duration(double days) {
  if (!(std::fabs(days) < 999999999.0)) return Normal::Text("#VALUE!");
  int64_t us = int64_t(std::nearbyint(static_cast<long double>(days) * 86400.0L * 1e6L));
  int64_t frac = us - FloorDiv(us, 1000000) * 1000000;
  if (frac != 0) {
    int64_t ms = int64_t(std::nearbyint(double(frac) / 1000.0)) * 1000;
    us = FloorDiv(us, 1000000) * 1000000 + ms;
  }
  Normal n;
  n.kind = Normal::Kind::kDuration;
  n.micros = us;
  return n;
}

// A date-styled number: openpyxl turns it into a time of day (value in
// [0, 1)) or a datetime; the grader prints the time as "HH:MM" (or
// "HH:MM:SS.mmm") and turns the datetime back into whole serial days.
Normal DateValue(double serial, bool date1904) {
  if (!std::isfinite(serial) || std::fabs(serial) > 1e9) return Normal::Text("#VALUE!");
  double day = std::floor(serial);
  double fraction = serial - day;  // Python divmod(serial, 1)
  int64_t ms = int64_t(std::nearbyint(fraction * 86400 * 1000));
  if (serial >= 0 && serial < 1 && ms < kMsPerDay) {
    int64_t s = ms / 1000;
    std::string t = fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
    if (ms % 1000 != 0) t += fmt::format(":{:02}.{:03}", s % 60, ms % 1000);
    return Normal::Text(std::move(t));
  }
  int64_t days = int64_t(day);
  if (!date1904 && serial > 0 && serial < 60) days += 1;  // Excel's 1900-02-29
  if (date1904) days += k1904Offset;
  int64_t total_ms = days * kMsPerDay + ms;
  int64_t whole = FloorDiv(total_ms, kMsPerDay);
  int64_t ordinal = kEpochOrdinal + whole;
  if (ordinal < 1 || ordinal > kMaxOrdinal) return Normal::Text("#VALUE!");
  int64_t seconds = (total_ms - whole * kMsPerDay) / 1000;
  double value = double(whole) + double(seconds) / 86400.0;
  Normal n;
  n.kind = Normal::Kind::kNumber;
  n.number = PythonRound(value, 0);
  return n;
}

Normal Normalise(const CellValue& v, bool date1904) {
  switch (v.kind) {
    case CellValue::Kind::kEmpty:
      return {};
    case CellValue::Kind::kBool:
      return Normal::Number(v.number);
    case CellValue::Kind::kNumber:
      if (v.format == NumberKind::kDate) return DateValue(v.number, date1904);
      if (v.format == NumberKind::kDuration) return Duration(v.number);
      return Normal::Number(v.number);
    case CellValue::Kind::kString:
    case CellValue::Kind::kError:
      if (std::optional<double> x = ParsePythonFloat(v.text)) return Normal::Number(*x);
      return Normal::Text(v.text);
  }
  return {};
}

bool Blank(const Normal& n) {
  return n.kind == Normal::Kind::kNone || (n.kind == Normal::Kind::kText && n.text.empty());
}

}  // namespace

bool SameCellValue(const CellValue& golden, bool golden_1904, const CellValue& answer,
                   bool answer_1904) {
  Normal a = Normalise(golden, golden_1904);
  Normal b = Normalise(answer, answer_1904);
  if (Blank(a) && Blank(b)) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Normal::Kind::kNone:
      return true;
    case Normal::Kind::kText:
      return a.text == b.text;
    case Normal::Kind::kNumber:
      return a.number == b.number;  // NaN equals nothing, as in Python
    case Normal::Kind::kDuration:
      return a.micros == b.micros;
  }
  return false;
}

std::string DescribeCell(const CellValue& v) {
  switch (v.kind) {
    case CellValue::Kind::kEmpty:
      return "empty";
    case CellValue::Kind::kBool:
      return v.number != 0 ? "TRUE" : "FALSE";
    case CellValue::Kind::kNumber:
      return fmt::format("{}", v.number);
    case CellValue::Kind::kString:
      return fmt::format("\"{}\"", v.text);
    case CellValue::Kind::kError:
      return v.text;
  }
  return "";
}

Result<XlsxVerdict> CompareWorkbooks(const Workbook& golden, const Workbook& answer,
                                     std::string_view answer_position) {
  T2S_ASSIGN_OR_RETURN(std::vector<AnswerRange> ranges, ParseAnswerPosition(answer_position));
  for (const AnswerRange& r : ranges) {
    if (golden.sheets.empty()) return Status::FailedPrecondition("golden workbook has no sheet");
    const Sheet* g = r.sheet.empty() ? &golden.sheets.front() : golden.Find(r.sheet);
    if (!g) {
      return Status::NotFound(fmt::format("golden workbook has no sheet \"{}\" (answer_position \"{}\")",
                                          r.sheet, r.text));
    }
    const Sheet* a = answer.Find(g->name());
    if (!a) a = answer.Find(r.sheet);
    if (!a) return XlsxVerdict{false, fmt::format("answer has no sheet \"{}\"", g->name())};
    int c1 = r.col1 ? r.col1 : 1, c2 = r.col2 ? r.col2 : g->max_col();
    int r1 = r.row1 ? r.row1 : 1, r2 = r.row2 ? r.row2 : g->max_row();
    if (c1 > c2) std::swap(c1, c2);
    if (r1 > r2) std::swap(r1, r2);
    for (int c = c1; c <= c2; ++c) {
      for (int row = r1; row <= r2; ++row) {
        const CellValue& want = g->At({row, c});
        const CellValue& got = a->At({row, c});
        if (!SameCellValue(want, golden.date1904, got, answer.date1904)) {
          return XlsxVerdict{false, fmt::format("{}!{}: expected {}, got {}", g->name(),
                                                CellName({row, c}), DescribeCell(want),
                                                DescribeCell(got))};
        }
      }
    }
  }
  return XlsxVerdict{true, ""};
}

Result<XlsxVerdict> CompareXlsx(const std::filesystem::path& golden,
                                const std::filesystem::path& answer,
                                std::string_view answer_position) {
  T2S_ASSIGN_OR_RETURN(Workbook g, ReadXlsx(golden));
  Result<Workbook> a = ReadXlsx(answer);
  if (!a.ok()) return XlsxVerdict{false, a.status().message()};
  return CompareWorkbooks(g, *a, answer_position);
}

}  // namespace t2s
