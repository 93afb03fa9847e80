#include "report/diff_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/text.h"

namespace t2s {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "12,3" -> (12, 3); "12" -> (12, 1).
void ParseRange(std::string_view s, int64_t* start, int64_t* count) {
  size_t comma = s.find(',');
  std::string_view a = s.substr(0, comma);
  std::from_chars(a.data(), a.data() + a.size(), *start);
  *count = 1;
  if (comma != std::string_view::npos) {
    std::string_view b = s.substr(comma + 1);
    std::from_chars(b.data(), b.data() + b.size(), *count);
  }
}

// "@@ -1,3 +1,4 @@" -> the ranges; false when the line is not a hunk header.
bool ParseHunkHeader(std::string_view line, DiffHunk* h) {
  if (!StartsWith(line, "@@ -")) return false;
  size_t plus = line.find(" +", 4);
  if (plus == std::string_view::npos) return false;
  size_t end = line.find(' ', plus + 2);
  if (end == std::string_view::npos) return false;
  ParseRange(line.substr(4, plus - 4), &h->old_start, &h->old_count);
  ParseRange(line.substr(plus + 2, end - plus - 2), &h->new_start, &h->new_count);
  return true;
}

std::string PathOf(std::string_view header, std::string_view side) {
  std::string_view p = header.substr(4);  // after "--- " or "+++ "
  if (StartsWith(p, side)) p.remove_prefix(side.size());
  return std::string(p);
}

}  // namespace

std::vector<DiffHunk> SplitDiff(std::string_view diff) {
  std::vector<DiffHunk> hunks;
  std::string old_path, new_path;
  bool in_hunk = false;
  for (std::string_view line : SplitLines(diff)) {
    if (StartsWith(line, "diff --git ")) {
      in_hunk = false;
      old_path.clear();
      new_path.clear();
      continue;
    }
    if (!in_hunk && StartsWith(line, "--- ")) {
      old_path = PathOf(line, "a/");
      continue;
    }
    if (!in_hunk && StartsWith(line, "+++ ")) {
      new_path = PathOf(line, "b/");
      continue;
    }
    DiffHunk h;
    if (ParseHunkHeader(line, &h)) {
      h.file = new_path == "/dev/null" || new_path.empty() ? old_path : new_path;
      h.text = std::string(line) + "\n";
      hunks.push_back(std::move(h));
      in_hunk = true;
      continue;
    }
    if (in_hunk && !hunks.empty()) hunks.back().text += std::string(line) + "\n";
  }
  return hunks;
}

std::vector<const DiffHunk*> HunksAt(const std::vector<DiffHunk>& hunks, const std::string& file,
                                     int64_t first, int64_t last) {
  std::vector<const DiffHunk*> out;
  for (const DiffHunk& h : hunks) {
    if (h.file != file) continue;
    int64_t end = h.new_start + std::max<int64_t>(h.new_count, 1) - 1;
    if (h.new_start <= last && end >= first) out.push_back(&h);
  }
  return out;
}

std::string TrimHunk(const DiffHunk& h, int64_t first, int64_t last, int64_t context) {
  const int64_t lo = first - context, hi = last + context;
  std::string body;
  int64_t old_line = h.old_start, new_line = h.new_start;
  int64_t old_from = -1, new_from = -1, old_n = 0, new_n = 0;
  bool kept_last = false;
  bool header = true;
  for (std::string_view line : SplitLines(h.text)) {
    if (header) {  // the "@@ ... @@" line: rewritten below
      header = false;
      continue;
    }
    const char c = line.empty() ? ' ' : line[0];
    bool keep;
    if (c == '\\') {
      keep = kept_last;  // "\ No newline at end of file" goes with its line
    } else if (c == '+') {
      keep = new_line >= lo && new_line <= hi;
    } else if (c == '-') {
      keep = new_line >= lo && new_line <= hi + 1;  // removed where the edit's lines now are
    } else {
      keep = new_line >= lo && new_line <= hi;
    }
    if (keep && c != '\\') {
      if (old_from < 0) old_from = old_line;
      if (new_from < 0) new_from = new_line;
      if (c != '+') ++old_n;
      if (c != '-') ++new_n;
    }
    if (keep) body += std::string(line) + "\n";
    kept_last = keep;
    if (c == '+' || c == ' ') ++new_line;
    if (c == '-' || c == ' ') ++old_line;
  }
  if (body.empty()) return h.text;
  return fmt::format("@@ -{},{} +{},{} @@\n", old_from < 0 ? h.old_start : old_from, old_n,
                     new_from < 0 ? h.new_start : new_from, new_n) +
         body;
}

std::string DiffHtml(std::string_view diff) {
  std::string html = "<pre class=\"diff\">";
  for (std::string_view line : SplitLines(diff)) {
    const char* cls = StartsWith(line, "diff --git") || StartsWith(line, "+++ ") ||
                              StartsWith(line, "--- ")
                          ? "file"
                      : StartsWith(line, "@@")  ? "hunk"
                      : StartsWith(line, "+")   ? "add"
                      : StartsWith(line, "-")   ? "del"
                                                : "ctx";
    html += fmt::format("<span class=\"{}\">{}</span>\n", cls, HtmlEscape(line));
  }
  return html + "</pre>\n";
}

}  // namespace t2s
