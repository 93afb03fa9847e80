// The two numeric primitives of SpreadsheetBench's grader, which is Python:
// float(text) for deciding whether a string is numeric, and round(x, n).
// Matching them bit for bit is what makes our verdicts agree with it.
#ifndef T2S_CHECK_PY_NUMBER_H_
#define T2S_CHECK_PY_NUMBER_H_

#include <optional>
#include <string_view>

namespace t2s {

// Python's float(text): surrounding whitespace (ASCII and the common Unicode
// spaces) ignored; an optional sign; digits with single '_' between digits;
// an optional fraction and exponent; or "inf", "infinity", "nan" in any case.
// nullopt when Python would raise ValueError. (Non-ASCII digits, which Python
// also accepts, are not.)
std::optional<double> ParsePythonFloat(std::string_view text);

// Python's str.strip(): `text` without surrounding whitespace, ASCII and
// the common Unicode spaces (U+00A0, U+2000..U+200A, U+3000, ...).
std::string_view PythonStrip(std::string_view text);

// Python's round(x, digits) for a float: the decimal value nearest to x with
// `digits` decimals, ties to even on x's exact binary value; inf and nan
// unchanged.
double PythonRound(double x, int digits);

}  // namespace t2s

#endif  // T2S_CHECK_PY_NUMBER_H_
