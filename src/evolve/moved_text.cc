#include "evolve/moved_text.h"

#include <utility>
#include <vector>

#include "base/text.h"

namespace t2s {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims and turns every run of whitespace into one space.
std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The length of the list marker (with its space) at the start of `s`, or 0.
size_t ListMarkerLength(std::string_view s) {
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') return 2;
  size_t digits = 0;
  while (digits < s.size() && digits < 10 && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9 || digits + 1 >= s.size()) return 0;
  if ((s[digits] == '.' || s[digits] == ')') && s[digits + 1] == ' ') return digits + 2;
  return 0;
}

// The keys of a file's non-blank lines, with their 1-based line numbers.
std::vector<std::pair<std::string, size_t>> KeyedLines(std::string_view text) {
  std::vector<std::pair<std::string, size_t>> out;
  std::vector<std::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsBlank(lines[i])) out.emplace_back(MovedLineKey(lines[i]), i + 1);
  }
  return out;
}

// SKILL.md first, then the other files in path order; NUL-holding files skipped.
std::vector<std::pair<const std::string*, const std::string*>> SearchOrder(const Skill& skill) {
  std::vector<std::pair<const std::string*, const std::string*>> out;
  for (const auto& [path, text] : skill.files) {
    if (text.find('\0') != std::string::npos) continue;
    auto entry = std::make_pair(&path, &text);
    if (path == kSkillFile) {
      out.insert(out.begin(), entry);
    } else {
      out.push_back(entry);
    }
  }
  return out;
}

}  // namespace

std::string MovedLineKey(std::string_view line) {
  std::string s = Collapse(line);
  size_t hashes = 0;
  while (hashes < s.size() && s[hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 && (hashes == s.size() || s[hashes] == ' ')) {
    std::string text = hashes == s.size() ? "" : s.substr(hashes + 1);
    return text.empty() ? "#" : "# " + text;
  }
  return s.substr(ListMarkerLength(s));
}

std::optional<TextLocation> LocateText(const Skill& skill, std::string_view content) {
  std::vector<std::string> needle;
  for (const auto& [key, line] : KeyedLines(content)) needle.push_back(key);
  if (needle.empty()) return std::nullopt;
  std::optional<TextLocation> found;
  auto record = [&](const std::string& file, size_t first, size_t last) {
    if (!found) found = TextLocation{file, first, last, 0};
    ++found->matches;
  };
  std::vector<std::pair<const std::string*, const std::string*>> files = SearchOrder(skill);
  for (const auto& [path, text] : files) {
    std::vector<std::pair<std::string, size_t>> lines = KeyedLines(*text);
    for (size_t i = 0; i + needle.size() <= lines.size(); ++i) {
      size_t n = 0;
      while (n < needle.size() && lines[i + n].first == needle[n]) ++n;
      if (n == needle.size()) record(*path, lines[i].second, lines[i + n - 1].second);
    }
  }
  if (found || needle.size() != 1) return found;
  // A fragment of a line (replace_text inside a longer line).
  std::string fragment = Collapse(content);
  for (const auto& [path, text] : files) {
    for (const auto& [key, line] : KeyedLines(*text)) {
      if (key.find(fragment) != std::string::npos) record(*path, line, line);
    }
  }
  return found;
}

}  // namespace t2s
