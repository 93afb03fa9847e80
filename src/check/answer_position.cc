#include "check/answer_position.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>

#include "check/py_number.h"

namespace t2s {
namespace {

std::string_view TrimQuotes(std::string_view s) {
  while (!s.empty() && s.front() == '\'') s.remove_prefix(1);
  while (!s.empty() && s.back() == '\'') s.remove_suffix(1);
  return s;
}

// Spaces (Unicode ones too: the data has a U+00A0 before a sheet name) and
// quotes around a range.
std::string_view TrimRange(std::string_view s) { return PythonStrip(TrimQuotes(PythonStrip(s))); }

struct Corner {
  int col = 0;  // 0: none given
  int row = 0;
};

// "A1", "A", "1" (with optional '$'); nullopt when it is none of these.
std::optional<Corner> ParseCorner(std::string_view s) {
  Corner c;
  size_t i = 0, letters = 0, digits = 0;
  auto dollar = [&] {
    if (i < s.size() && s[i] == '$') ++i;
  };
  dollar();
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) && letters < 3) {
    c.col = c.col * 26 + (std::toupper(static_cast<unsigned char>(s[i])) - 'A' + 1);
    ++i, ++letters;
  }
  dollar();
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 7) {
    c.row = c.row * 10 + (s[i] - '0');
    ++i, ++digits;
  }
  if (i != s.size()) return std::nullopt;
  return c;
}

bool LooksLikeRange(std::string_view s) {
  s = TrimRange(s);
  if (s.empty()) return false;
  size_t colon = s.find(':');
  if (!ParseCorner(s.substr(0, colon))) return false;
  if (colon == std::string_view::npos) return true;
  std::string_view rest = s.substr(colon + 1);
  return rest.find(':') == std::string_view::npos && ParseCorner(rest).has_value();
}

// Comma-separated parts; pieces that are neither sheet-qualified nor a range
// belong to a sheet name with a comma and join the next piece.
std::vector<std::string> SplitParts(std::string_view position) {
  std::vector<std::string> pieces;
  size_t start = 0;
  for (;;) {
    size_t comma = position.find(',', start);
    pieces.emplace_back(position.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::vector<std::string> parts;
  std::string pending;
  for (size_t i = 0; i < pieces.size(); ++i) {
    std::string text = pending + pieces[i];
    if (text.find('!') == std::string::npos && !LooksLikeRange(text) && i + 1 < pieces.size()) {
      pending = text + ",";
      continue;
    }
    pending.clear();
    std::string_view t = PythonStrip(text);
    if (!t.empty()) parts.emplace_back(t);
  }
  return parts;
}

std::string UnquoteSheet(std::string_view s) {
  s = PythonStrip(s);
  bool quoted = !s.empty() && s.front() == '\'';
  s = TrimQuotes(s);
  std::string out(s);
  if (quoted) {  // 'O''Brien' names O'Brien
    for (size_t at = 0; (at = out.find("''", at)) != std::string::npos; ++at) out.erase(at, 1);
  }
  return out;
}

}  // namespace

Result<std::vector<AnswerRange>> ParseAnswerPosition(std::string_view position) {
  std::vector<AnswerRange> ranges;
  for (const std::string& part : SplitParts(position)) {
    AnswerRange r;
    r.text = part;
    std::string_view cells = part;
    size_t bang = part.rfind('!');
    if (bang != std::string::npos) {
      r.sheet = UnquoteSheet(std::string_view(part).substr(0, bang));
      cells = std::string_view(part).substr(bang + 1);
    }
    cells = TrimRange(cells);
    auto bad = [&] {
      return Status::InvalidArgument(
          fmt::format("answer_position \"{}\": \"{}\": not a cell range", position, part));
    };
    if (!LooksLikeRange(cells) || (bang != std::string::npos && r.sheet.empty())) return bad();
    size_t colon = cells.find(':');
    Corner a = *ParseCorner(cells.substr(0, colon));
    Corner b = colon == std::string_view::npos ? a : *ParseCorner(cells.substr(colon + 1));
    if (a.col == 0 && a.row == 0) return bad();
    r.col1 = a.col, r.row1 = a.row, r.col2 = b.col, r.row2 = b.row;
    ranges.push_back(std::move(r));
  }
  if (ranges.empty()) {
    return Status::InvalidArgument(fmt::format("answer_position \"{}\": no range", position));
  }
  return ranges;
}

}  // namespace t2s
