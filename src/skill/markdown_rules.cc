// Markdown rules: the defects careless edits leave in a skill's text.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "base/line_index.h"
#include "base/text.h"
#include "skill/markdown_outline.h"
#include "skill/validate_rules.h"

namespace t2s {
namespace {

constexpr std::array<std::string_view, 16> kPlaceholderTitles = {
    "new section",       "section",        "section title", "section name",
    "new heading",       "heading",        "heading title", "title",
    "untitled",          "todo",           "tbd",           "placeholder",
    "your heading here", "insert heading", "...",           "\xE2\x80\xA6"};

constexpr size_t kMaxLineBytes = 8192;

struct Fence {
  char marker = 0;
  size_t length = 0;
  size_t line = 0;
};

// A fence line: up to three spaces, then 3+ backticks or tildes.
bool ParseFence(std::string_view line, Fence* fence) {
  size_t indent = 0;
  while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
  if (indent > 3 || indent >= line.size()) return false;
  char c = line[indent];
  if (c != '`' && c != '~') return false;
  size_t n = 0;
  while (indent + n < line.size() && line[indent + n] == c) ++n;
  if (n < 3) return false;
  // A backtick fence's info string may not contain backticks.
  if (c == '`' && line.find('`', indent + n) != std::string_view::npos) return false;
  fence->marker = c;
  fence->length = n;
  return true;
}

bool ClosesFence(std::string_view line, const Fence& open) {
  Fence f;
  return ParseFence(line, &f) && f.marker == open.marker && f.length >= open.length &&
         IsBlank(line.substr(line.find_first_not_of(' ') + f.length));
}

// The line with code spans blanked out, so `##` inside them is not seen.
std::string WithoutCodeSpans(std::string_view line) {
  std::string out(line);
  size_t i = 0;
  while (i < out.size()) {
    if (out[i] != '`') {
      ++i;
      continue;
    }
    size_t run = 0;
    while (i + run < out.size() && out[i + run] == '`') ++run;
    size_t close = out.find(std::string(run, '`'), i + run);
    if (close == std::string::npos) break;
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
              out.begin() + static_cast<std::ptrdiff_t>(close + run), ' ');
    i = close + run;
  }
  return out;
}

size_t HashRun(std::string_view s, size_t at) {
  size_t n = 0;
  while (at + n < s.size() && s[at + n] == '#') ++n;
  return n;
}

// "approach.## Common": a heading marker glued onto the end of other text.
bool HasGluedHeading(std::string_view line) {
  for (size_t p = 1; p < line.size(); ++p) {
    if (line[p] != '#' || line[p - 1] == '#') continue;
    size_t n = HashRun(line, p);
    if (n < 2 || n > 6 || p + n + 1 >= line.size()) continue;
    if (line[p + n] != ' ' || line[p + n + 1] == ' ') continue;
    if (line[p - 1] != ' ' && line[p - 1] != '\t') return true;
  }
  return false;
}

// "##Heading": a heading marker with no space, which Markdown shows as text.
bool HasUnspacedHeading(std::string_view line) {
  size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent > 3) return false;
  size_t n = HashRun(line, indent);
  return n >= 2 && n <= 6 && indent + n < line.size() &&
         std::isalpha(static_cast<unsigned char>(line[indent + n]));
}

bool IsPlaceholderTitle(std::string_view title) {
  std::string t(Trim(title));
  while (!t.empty() && t.back() == ':') t.pop_back();
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t.empty()) return true;
  for (std::string_view p : kPlaceholderTitles) {
    if (t == p) return true;
  }
  auto wrapped = [&](char open, char close) {
    return t.size() >= 2 && t.front() == open && t.back() == close;
  };
  return wrapped('[', ']') || wrapped('<', '>') || wrapped('{', '}');
}

}  // namespace

void CheckMarkdownRules(const FileView& file, std::vector<Finding>* out) {
  auto error = [&](size_t line, const char* rule, std::string message) {
    out->push_back({file.path(), line, Severity::kError, rule, std::move(message)});
  };
  const LineIndex& lines = file.lines();
  const MarkdownOutline& outline = file.outline();

  // An agent reads the whole file into its context: a line this long is
  // minified or generated junk, whatever the line budget says.
  size_t long_lines = 0;
  for (size_t i = 0; i < lines.line_count(); ++i) {
    size_t bytes = lines.Line(i).size();
    if (bytes <= kMaxLineBytes) continue;
    if (long_lines++ == 0) {
      error(i + 1, "line-length",
            fmt::format("line of {} bytes; at most {} are allowed (split it, or move it to a "
                        "references/ file as real lines)",
                        bytes, kMaxLineBytes));
    }
  }

  Fence open;
  bool in_fence = false;
  for (size_t i = file.body_first_line(); i < lines.line_count(); ++i) {
    std::string_view line = lines.Line(i);
    if (in_fence) {
      in_fence = !ClosesFence(line, open);
      continue;
    }
    if (ParseFence(line, &open)) {
      open.line = i;
      in_fence = true;
      continue;
    }
    if (outline.InCodeBlock(i)) continue;
    std::string visible = WithoutCodeSpans(line);
    if (HasGluedHeading(visible)) {
      error(i + 1, "glued-heading",
            "heading marker glued to the text before it; start the heading on its own line");
    } else if (HasUnspacedHeading(visible)) {
      error(i + 1, "heading-space",
            "'#' marker without a space after it; Markdown shows this line as text, not a heading");
    }
  }
  if (in_fence) {
    error(open.line + 1, "unclosed-fence",
          fmt::format("code fence {} opened here is never closed",
                      std::string(open.length, open.marker)));
  }
  for (const MdHeading& h : outline.headings) {
    if (IsPlaceholderTitle(h.title)) {
      error(h.line + 1, "placeholder-heading",
            fmt::format("placeholder heading \"{} {}\"",
                        std::string(static_cast<size_t>(h.level), '#'), h.title));
    }
  }
}

}  // namespace t2s
