#include "check/py_number.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace t2s {
namespace {

// Length of the whitespace character at the start of `s` (0 if none): what
// Python's str.strip() removes, restricted to the characters seen in practice.
size_t SpaceLength(std::string_view s) {
  if (s.empty()) return 0;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return 1;
  static constexpr std::string_view kWide[] = {
      "\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf",
      "\xe2\x81\x9f", "\xe3\x80\x80"};
  for (std::string_view w : kWide) {
    if (s.substr(0, w.size()) == w) return w.size();
  }
  // U+2000..U+200A
  if (s.size() >= 3 && c == 0xe2 && static_cast<unsigned char>(s[1]) == 0x80 &&
      static_cast<unsigned char>(s[2]) >= 0x80 && static_cast<unsigned char>(s[2]) <= 0x8a) {
    return 3;
  }
  return 0;
}

size_t TrailingSpaceLength(std::string_view s) {
  for (size_t n = 1; n <= 3 && n <= s.size(); ++n) {
    std::string_view tail = s.substr(s.size() - n);
    if (SpaceLength(tail) == n) return n;
  }
  return 0;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// Appends a run of digits with single underscores between them to `out`;
// returns the number of digits, or -1 when an underscore is misplaced.
int Digits(std::string_view s, size_t& i, std::string& out) {
  int n = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      out += c;
      ++n;
      ++i;
    } else if (c == '_' && n > 0 && i + 1 < s.size() &&
               std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
    } else {
      break;
    }
  }
  return n;
}

}  // namespace

std::string_view PythonStrip(std::string_view s) {
  while (size_t n = SpaceLength(s)) s.remove_prefix(n);
  while (size_t n = TrailingSpaceLength(s)) s.remove_suffix(n);
  return s;
}

std::optional<double> ParsePythonFloat(std::string_view text) {
  std::string_view s = PythonStrip(text);
  std::string clean;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
  std::string_view word = s.substr(i);
  if (IEquals(word, "inf") || IEquals(word, "infinity")) {
    return clean == "-" ? -HUGE_VAL : HUGE_VAL;
  }
  if (IEquals(word, "nan")) return std::nan("");
  int mantissa = Digits(s, i, clean);
  if (i < s.size() && s[i] == '.') {
    clean += s[i++];
    mantissa += Digits(s, i, clean);
  }
  if (mantissa == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    clean += s[i++];
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
    if (Digits(s, i, clean) == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return std::strtod(clean.c_str(), nullptr);
}

double PythonRound(double x, int digits) {
  if (!std::isfinite(x)) return x;
  // glibc prints the exact binary value rounded half to even, as Python's
  // dtoa-based round() does; reading the text back gives the same double.
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return std::strtod(buf, nullptr);
}

}  // namespace t2s
