#include "check/number_format.h"

#include <cctype>
#include <string>

namespace t2s {
namespace {

// The first ';'-separated section, without "quoted literals" and [bracketed]
// codes other than the elapsed-time ones ([h] [hh] [m] [mm] [s] [ss], in lower
// case only, as openpyxl's pattern has it).
std::string Significant(std::string_view code) {
  code = code.substr(0, code.find(';'));
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      size_t close = code.find('"', i + 1);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    } else if (c == '[') {
      std::string_view rest = code.substr(i + 1);
      bool elapsed = false;
      for (std::string_view e : {"h]", "hh]", "m]", "mm]", "s]", "ss]"}) {
        if (rest.substr(0, e.size()) == e) elapsed = true;
      }
      size_t close = code.find(']', i + 1);
      if (!elapsed && close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

bool IsDateLetter(char c) {
  switch (c) {
    case 'd': case 'm': case 'h': case 'y': case 's':
    case 'D': case 'M': case 'H': case 'Y': case 'S':
      return true;
    default:
      return false;
  }
}

// "[h]", "[hh]", "[m]", "[mm]", "[s]" or "[ss]" in any case, in the first section.
bool HasElapsedCode(std::string_view code) {
  code = code.substr(0, code.find(';'));
  for (size_t i = 0; i + 2 < code.size(); ++i) {
    if (code[i] != '[') continue;
    char a = char(std::tolower(static_cast<unsigned char>(code[i + 1])));
    if (a != 'h' && a != 'm' && a != 's') continue;
    if (code[i + 2] == ']') return true;
    if (i + 3 < code.size() && char(std::tolower(static_cast<unsigned char>(code[i + 2]))) == a &&
        code[i + 3] == ']') {
      return true;
    }
  }
  return false;
}

}  // namespace

NumberKind ClassifyNumberFormat(std::string_view code) {
  std::string s = Significant(code);
  bool date = false;
  // A letter counts only after some character that is not a backslash.
  for (size_t i = 1; i < s.size() && !date; ++i) {
    date = IsDateLetter(s[i]) && s[i - 1] != '\\';
  }
  if (!date) return NumberKind::kPlain;
  return HasElapsedCode(code) ? NumberKind::kDuration : NumberKind::kDate;
}

NumberKind BuiltinNumberKind(int id) {
  if (id == 46) return NumberKind::kDuration;
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return NumberKind::kDate;
  return NumberKind::kPlain;
}

}  // namespace t2s
