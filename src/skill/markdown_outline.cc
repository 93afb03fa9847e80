#include "skill/markdown_outline.h"

#include <cmark.h>

#include <algorithm>
#include <memory>

#include "base/text.h"

namespace t2s {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

// Heading text from the source lines: cmark's inline tree loses the exact
// spelling (emphasis markers, entities), and section references name the
// heading as written.
std::string AtxTitle(std::string_view line) {
  std::string_view s = Trim(line);
  while (!s.empty() && s.front() == '#') s.remove_prefix(1);
  s = Trim(s);
  // An optional closing sequence of '#' preceded by a space.
  size_t end = s.size();
  while (end > 0 && s[end - 1] == '#') --end;
  if (end < s.size() && (end == 0 || s[end - 1] == ' ' || s[end - 1] == '\t')) s = s.substr(0, end);
  return std::string(Trim(s));
}

bool IsSetextUnderline(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.empty() || line.find_first_not_of(' ') > 3) return false;
  return t.find_first_not_of(t.front() == '=' ? '=' : '-') == std::string_view::npos &&
         (t.front() == '=' || t.front() == '-');
}

// A setext heading's text lines run from `first` to its underline. cmark's
// end position for these is not the underline (it may be the line after),
// so the underline is found by reading the lines.
size_t SetextUnderline(const std::vector<std::string_view>& lines, size_t first) {
  for (size_t i = first + 1; i < lines.size(); ++i) {
    if (IsSetextUnderline(lines[i])) return i;
  }
  return first;
}

std::string SetextTitle(const std::vector<std::string_view>& lines, size_t first,
                        size_t underline) {
  std::string title;
  for (size_t i = first; i < underline && i < lines.size(); ++i) {
    if (!title.empty()) title += ' ';
    title += Trim(lines[i]);
  }
  return title;
}

// 1-based cmark line of `node`, or of the nearest ancestor that has one.
int NodeLine(cmark_node* node) {
  for (cmark_node* n = node; n != nullptr; n = cmark_node_parent(n)) {
    int line = cmark_node_get_start_line(n);
    if (line > 0) return line;
  }
  return 1;
}

// A run of 3+ backticks or tildes at the start of `s`: the opening of a
// fenced code block, as cmark found it.
bool ReadFence(std::string_view s, MdFence* fence) {
  size_t indent = 0;
  while (indent < 3 && indent < s.size() && s[indent] == ' ') ++indent;
  s.remove_prefix(indent);
  if (s.empty() || (s.front() != '`' && s.front() != '~')) return false;
  size_t n = s.find_first_not_of(s.front());
  n = n == std::string_view::npos ? s.size() : n;
  if (n < 3) return false;
  fence->marker = s.front();
  fence->length = n;
  return true;
}

// True when `line`, less its container's prefix (indentation, "> "), closes `open`.
bool ClosesFence(std::string_view line, const MdFence& open) {
  size_t at = line.find_first_not_of(" \t>");
  if (at == std::string_view::npos) return false;
  MdFence f;
  return ReadFence(line.substr(at), &f) && f.marker == open.marker && f.length >= open.length &&
         IsBlank(line.substr(at + f.length));
}

// The 0-based body lines [begin, end) of a block node. cmark may end a block
// at column 0 of the line after it, and counts blank lines after a list item
// as the item's; neither belongs to the block here.
LineRange BodyLines(cmark_node* node, const std::vector<std::string_view>& lines) {
  size_t begin = static_cast<size_t>(std::max(cmark_node_get_start_line(node), 1) - 1);
  int end_line = cmark_node_get_end_line(node);
  if (cmark_node_get_end_column(node) == 0) --end_line;
  size_t end = std::max(begin + 1, static_cast<size_t>(std::max(end_line, 0)));
  end = std::min(end, std::max(lines.size(), begin + 1));
  while (end > begin + 1 && end - 1 < lines.size() && IsBlank(lines[end - 1])) --end;
  return {begin, end};
}

}  // namespace

LineRange MarkdownOutline::BlockAt(size_t line) const {
  LineRange best{line, line + 1};
  bool found = false;
  for (const LineRange& r : blocks) {
    if (!r.Contains(line)) continue;
    if (!found || r.end - r.begin <= best.end - best.begin) best = r;
    found = true;
  }
  return best;
}

bool MarkdownOutline::InCodeBlock(size_t line) const {
  for (const LineRange& r : code_blocks) {
    if (r.Contains(line)) return true;
  }
  return false;
}

MarkdownOutline ParseMarkdownOutline(std::string_view body, size_t first_line) {
  MarkdownOutline outline;
  NodePtr doc(cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT));
  if (!doc) return outline;
  std::vector<std::string_view> lines = SplitLines(body);
  auto to_file_line = [&](int cmark_line) {
    return first_line + static_cast<size_t>(cmark_line - 1);
  };

  IterPtr iter(cmark_iter_new(doc.get()));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    cmark_node* parent = cmark_node_parent(node);
    if (type == CMARK_NODE_ITEM ||
        (parent != nullptr && cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT)) {
      LineRange r = BodyLines(node, lines);
      outline.blocks.push_back({first_line + r.begin, first_line + r.end});
    }
    switch (type) {
      case CMARK_NODE_HEADING: {
        if (cmark_node_get_type(cmark_node_parent(node)) != CMARK_NODE_DOCUMENT) break;
        MdHeading h;
        h.level = cmark_node_get_heading_level(node);
        size_t idx = static_cast<size_t>(cmark_node_get_start_line(node) - 1);
        h.line = first_line + idx;
        if (idx < lines.size() && Trim(lines[idx]).substr(0, 1) == "#") {
          h.last_line = h.line;
          h.title = AtxTitle(lines[idx]);
        } else {
          size_t underline = SetextUnderline(lines, idx);
          h.last_line = first_line + underline;
          h.title = SetextTitle(lines, idx, underline);
        }
        outline.headings.push_back(std::move(h));
        break;
      }
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK: {
        LineRange r{to_file_line(cmark_node_get_start_line(node)),
                    to_file_line(cmark_node_get_end_line(node)) + 1};
        outline.code_blocks.push_back(r);
        if (type != CMARK_NODE_CODE_BLOCK) break;
        const char* lit = cmark_node_get_literal(node);
        outline.code.push_back({lit ? lit : "", r.begin});
        size_t open = static_cast<size_t>(cmark_node_get_start_line(node) - 1);
        size_t column = static_cast<size_t>(std::max(cmark_node_get_start_column(node), 1) - 1);
        // An indented code block starts at its first code line, so its
        // literal starts with that line; a fenced one's starts below it.
        std::string_view first =
            open < lines.size() && column < lines[open].size() ? lines[open].substr(column) : "";
        bool indented = std::string_view(lit ? lit : "").substr(0, first.size()) == first;
        MdFence fence;
        if (!indented && ReadFence(first, &fence)) {
          size_t close = static_cast<size_t>(cmark_node_get_end_line(node) - 1);
          fence.line = first_line + open;
          fence.closed = close > open && close < lines.size() && ClosesFence(lines[close], fence);
          outline.fences.push_back(fence);
        }
        break;
      }
      case CMARK_NODE_CODE: {
        const char* lit = cmark_node_get_literal(node);
        outline.code.push_back({lit ? lit : "", to_file_line(NodeLine(node))});
        break;
      }
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(node);
        outline.links.push_back({url ? url : "", to_file_line(NodeLine(node))});
        break;
      }
      default:
        break;
    }
  }
  return outline;
}

}  // namespace t2s
