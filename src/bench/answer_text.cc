#include "bench/answer_text.h"

#include <cstdlib>
#include <vector>

namespace t2s {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

size_t SkipDigits(std::string_view t, size_t i) {
  while (i < t.size() && IsDigit(t[i])) ++i;
  return i;
}

// Scans a number starting at `i` (a digit, or '.' before a digit); returns
// its end and appends its characters, without thousands commas, to `clean`.
size_t ScanNumber(std::string_view t, size_t i, std::string* clean) {
  size_t start = i;
  size_t end = SkipDigits(t, i);
  clean->append(t.substr(start, end - start));
  // Thousands groups: only after 1 to 3 leading digits, each ",ddd" not
  // followed by another digit.
  if (end > start && end - start <= 3) {
    size_t at = end;
    std::string groups;
    while (at + 3 < t.size() && t[at] == ',' && IsDigit(t[at + 1]) && IsDigit(t[at + 2]) &&
           IsDigit(t[at + 3]) && (at + 4 >= t.size() || !IsDigit(t[at + 4]))) {
      groups.append(t.substr(at + 1, 3));
      at += 4;
    }
    clean->append(groups);
    end = at;
  }
  if (end + 1 < t.size() && t[end] == '.' && IsDigit(t[end + 1])) {
    size_t frac_end = SkipDigits(t, end + 1);
    clean->append(t.substr(end, frac_end - end));
    end = frac_end;
  }
  if (end < t.size() && (t[end] == 'e' || t[end] == 'E')) {
    size_t at = end + 1;
    if (at < t.size() && (t[at] == '+' || t[at] == '-')) ++at;
    if (at < t.size() && IsDigit(t[at])) {
      size_t exp_end = SkipDigits(t, at);
      clean->append(t.substr(end, exp_end - end));
      end = exp_end;
    }
  }
  return end;
}

}  // namespace

std::string NormalizeWhitespace(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    if (IsSpace(c)) {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(c);
  }
  return out;
}

std::optional<FoundNumber> LastNumber(std::string_view t) {
  std::vector<FoundNumber> all = Numbers(t);
  if (all.empty()) return std::nullopt;
  return std::move(all.back());
}

std::vector<FoundNumber> Numbers(std::string_view t) {
  std::vector<FoundNumber> found;
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    bool starts = IsDigit(c) || (c == '.' && i + 1 < t.size() && IsDigit(t[i + 1]));
    char before = i > 0 ? t[i - 1] : ' ';
    if (!starts || IsWordChar(before) || before == '.') {
      ++i;
      continue;
    }
    // A sign just before, itself not glued to a word ("x-3" is not -3).
    size_t begin = i;
    bool negative = false;
    if ((before == '-' || before == '+') && (i < 2 || !IsWordChar(t[i - 2]))) {
      begin = i - 1;
      negative = before == '-';
    }
    std::string clean = negative ? "-" : "";
    if (c == '.') clean += '0';
    size_t end = ScanNumber(t, i, &clean);
    // strtod, not from_chars: an overflow is infinity, not an error.
    double value = std::strtod(clean.c_str(), nullptr);
    found.push_back(FoundNumber{value, std::string(t.substr(begin, end - begin))});
    i = end;
  }
  return found;
}

}  // namespace t2s
