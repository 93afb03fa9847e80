#include "skill/line_kind.h"

#include "base/text.h"

namespace t2s {

LineKind ClassifyLine(std::string_view line) {
  if (IsBlank(line)) return LineKind::kBlank;
  if (line.front() == '\t' || line.substr(0, 2) == "  ") {
    std::string_view t = Trim(line);
    // Up to three spaces still start a heading or a list item.
    size_t indent = line.find_first_not_of(' ');
    if (indent <= 3 && line[indent] != '\t') {
      LineKind k = ClassifyLine(t);
      // An indented fence is most often a list item's ("2. ```sh" ...
      // "   ```"): it continues the item, and the next item needs no blank.
      if (k != LineKind::kText && k != LineKind::kFence) return k;
    }
    return LineKind::kIndented;
  }
  std::string_view t = Trim(line);
  if (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~") return LineKind::kFence;
  size_t hashes = 0;
  while (hashes < t.size() && t[hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 && (hashes == t.size() || t[hashes] == ' ' || t[hashes] == '\t')) {
    return LineKind::kHeading;
  }
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    return LineKind::kListItem;
  }
  size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
  if (digits >= 1 && digits <= 9 && digits + 1 < t.size() &&
      (t[digits] == '.' || t[digits] == ')') && t[digits + 1] == ' ') {
    return LineKind::kListItem;
  }
  if (t.front() == '|') return LineKind::kTableRow;
  if (t.front() == '>') return LineKind::kQuote;
  return LineKind::kText;
}

bool NeedsBlankBetween(std::string_view above, std::string_view below) {
  LineKind a = ClassifyLine(above);
  LineKind b = ClassifyLine(below);
  if (a == LineKind::kBlank || b == LineKind::kBlank) return false;
  auto listish = [](LineKind k) { return k == LineKind::kListItem || k == LineKind::kIndented; };
  if (listish(a) && listish(b)) return false;
  if (a == b && (a == LineKind::kTableRow || a == LineKind::kQuote)) return false;
  return true;
}

}  // namespace t2s
