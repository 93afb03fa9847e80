// A unified diff (diff.patch) as coloured HTML, and cut into hunks so that
// each edit's card shows the lines it changed.
#ifndef T2S_REPORT_DIFF_HTML_H_
#define T2S_REPORT_DIFF_HTML_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace t2s {

struct DiffHunk {
  std::string file;  // the path inside the skill ("SKILL.md", "references/x.md")
  int64_t old_start = 0, old_count = 0;
  int64_t new_start = 0, new_count = 0;
  std::string text;  // the "@@ ... @@" line and its lines, each ending in "\n"
};

// The hunks of a git-style diff in order. The file of a hunk is the "+++ b/"
// path, or the "--- a/" path when the file was deleted. Lines before the
// first hunk of a file ("diff --git", "---", "+++") belong to no hunk.
std::vector<DiffHunk> SplitDiff(std::string_view diff);

// The hunks of `file` whose new side overlaps lines [first, last] (1-based).
std::vector<const DiffHunk*> HunksAt(const std::vector<DiffHunk>& hunks, const std::string& file,
                                     int64_t first, int64_t last);

// The part of hunk `h` around new lines [first, last]: the lines added or
// kept there, the lines removed where they now are, and `context` lines on
// each side, under a recomputed "@@" line. An edit's card shows only its
// own lines, not those of other edits that share the hunk.
std::string TrimHunk(const DiffHunk& h, int64_t first, int64_t last, int64_t context);

// `diff` as <pre class="diff">, one <span> per line: class "add" for "+",
// "del" for "-", "hunk" for "@@", "file" for the headers ("diff --git",
// "---", "+++"), "ctx" otherwise. Every line is escaped; nothing is cut
// (the page's style wraps long lines).
std::string DiffHtml(std::string_view diff);

}  // namespace t2s

#endif  // T2S_REPORT_DIFF_HTML_H_
