// How a number format code displays a number: plain, as a date/time, or as a
// duration ("[h]:mm"). The rule is openpyxl's (styles/numbers.py), which the
// SpreadsheetBench grader reads workbooks with: only the first section counts;
// quoted literals and bracketed locale/colour codes are ignored; a date/time
// letter (d m h y s) not escaped by a backslash and not first makes it a date.
#ifndef T2S_CHECK_NUMBER_FORMAT_H_
#define T2S_CHECK_NUMBER_FORMAT_H_

#include <string_view>

namespace t2s {

enum class NumberKind { kPlain, kDate, kDuration };

NumberKind ClassifyNumberFormat(std::string_view code);

// The kind of built-in format `id` (ECMA-376 18.8.30): 14-22 and 45-47 are
// dates and times, 46 ("[h]:mm:ss") a duration. Ids openpyxl has no code for
// (the locale-specific 27-36, 50-81) count as plain, as it treats them.
NumberKind BuiltinNumberKind(int id);

}  // namespace t2s

#endif  // T2S_CHECK_NUMBER_FORMAT_H_
