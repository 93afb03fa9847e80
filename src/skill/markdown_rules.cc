// Markdown rules: the defects careless edits leave in a skill's text.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <tuple>

#include "base/line_index.h"
#include "base/text.h"
#include "skill/markdown_outline.h"
#include "skill/section_map.h"
#include "skill/validate_rules.h"

namespace t2s {
namespace {

constexpr std::array<std::string_view, 16> kPlaceholderTitles = {
    "new section",       "section",        "section title", "section name",
    "new heading",       "heading",        "heading title", "title",
    "untitled",          "todo",           "tbd",           "placeholder",
    "your heading here", "insert heading", "...",           "\xE2\x80\xA6"};

constexpr size_t kMaxLineBytes = 8192;

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

std::string HeadingText(const MdHeading& h) {
  return fmt::format("{} {}", std::string(static_cast<size_t>(h.level), '#'), h.title);
}

// Two headings of one level under one parent: a section reference names
// both, so no edit can address either.
template <typename Add>
void CheckDuplicateHeadings(const std::vector<MdHeading>& headings, Add add) {
  // (parent heading index or -1, level, title) -> first heading index
  std::map<std::tuple<long, int, std::string>, size_t> first;
  std::vector<size_t> open;  // the chain of enclosing headings
  for (size_t i = 0; i < headings.size(); ++i) {
    const MdHeading& h = headings[i];
    while (!open.empty() && headings[open.back()].level >= h.level) open.pop_back();
    long parent = open.empty() ? -1 : static_cast<long>(open.back());
    auto [it, inserted] =
        first.emplace(std::make_tuple(parent, h.level, NormalizeHeadingTitle(h.title)), i);
    open.push_back(i);
    if (inserted) continue;
    std::string where =
        parent < 0
            ? std::string()
            : fmt::format(" under \"{}\"", HeadingText(headings[static_cast<size_t>(parent)]));
    add(Severity::kWarning, h.line + 1, "duplicate-heading",
        fmt::format("duplicate heading \"{}\"{} (first at line {}); an edit naming it cannot tell "
                    "the two apart",
                    HeadingText(h), where, headings[it->second].line + 1));
  }
}

}  // namespace

void CheckMarkdownRules(const FileView& file, const ValidateOptions& options,
                        std::vector<Finding>* out) {
  auto add = [&](Severity severity, size_t line, const char* rule, std::string message) {
    out->push_back({file.path(), line, severity, rule, std::move(message)});
  };
  auto error = [&](size_t line, const char* rule, std::string message) {
    add(Severity::kError, line, rule, std::move(message));
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
      add(options.advisory_severity, i + 1, "line-length",
          fmt::format("line of {} bytes; at most {} are allowed (split it, or move it to a "
                      "references/ file as real lines)",
                      bytes, kMaxLineBytes));
    }
  }

  for (size_t i = file.body_first_line(); i < lines.line_count(); ++i) {
    if (outline.InCodeBlock(i)) continue;
    std::string visible = WithoutCodeSpans(lines.Line(i));
    if (HasGluedHeading(visible)) {
      error(i + 1, "glued-heading",
            "heading marker glued to the text before it; start the heading on its own line");
    } else if (HasUnspacedHeading(visible)) {
      error(i + 1, "heading-space",
            "'#' marker without a space after it; Markdown shows this line as text, not a heading");
    }
  }
  // CommonMark ends an unclosed fence with its container (the file, a list
  // item, a quote): all that follows becomes code, which is never meant.
  for (const MdFence& fence : outline.fences) {
    if (fence.closed) continue;
    error(fence.line + 1, "unclosed-fence",
          fmt::format("code fence {} opened here is never closed",
                      std::string(fence.length, fence.marker)));
  }
  for (const MdHeading& h : outline.headings) {
    if (IsPlaceholderTitle(h.title)) {
      error(h.line + 1, "placeholder-heading",
            fmt::format("placeholder heading \"{}\"", HeadingText(h)));
    }
  }
  CheckDuplicateHeadings(outline.headings, add);
}

}  // namespace t2s
