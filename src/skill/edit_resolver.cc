#include "skill/edit_resolver.h"

#include <fmt/format.h>

#include <optional>

#include "base/text.h"
#include "skill/skill.h"

namespace t2s {
namespace {

// Content of a block edit: LF-split lines without blank lines at either end.
std::vector<std::string> ContentLines(std::string_view content) {
  std::string normalized = NormalizeLineEndings(content, LineEnding::kLf);
  std::vector<std::string> lines;
  for (std::string_view line : SplitLines(normalized)) lines.emplace_back(line);
  while (!lines.empty() && IsBlank(lines.back())) lines.pop_back();
  size_t first = 0;
  while (first < lines.size() && IsBlank(lines[first])) ++first;
  lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(first));
  return lines;
}

std::optional<size_t> LastNonBlankLine(const FileView& view, size_t begin, size_t end) {
  for (size_t i = end; i > begin; --i) {
    if (!IsBlank(view.lines().Line(i - 1))) return i - 1;
  }
  return std::nullopt;
}

// The byte range an edit searches, and how to name it in a message.
struct Scope {
  size_t begin = 0;
  size_t end = 0;
  std::string name;  // "SKILL.md" or "section \"## X\" of SKILL.md"
};

Result<Scope> ScopeOf(const Edit& edit, const FileView& view) {
  if (edit.section.empty()) return Scope{0, view.text().size(), view.path()};
  if (!view.is_markdown()) {
    return Status::InvalidArgument(
        fmt::format("{} is not a Markdown file and has no sections", view.path()));
  }
  T2S_ASSIGN_OR_RETURN(const Section* s, view.sections().Find(edit.section, view.path()));
  return Scope{view.lines().LineStart(s->heading.line), view.lines().LineStart(s->end_line),
               fmt::format("section \"{}\" of {}", FormatHeadingRef(ParseHeadingRef(edit.section)),
                           view.path())};
}

// The one place `needle` occurs in `scope`, as a byte offset of the file.
Result<size_t> FindUnique(const FileView& view, const Scope& scope, std::string_view what,
                          std::string_view raw_needle) {
  std::string needle = NormalizeLineEndings(raw_needle, view.eol());
  if (Trim(needle).empty()) return Status::InvalidArgument(fmt::format("{} is empty", what));
  std::string_view haystack = view.text().substr(scope.begin, scope.end - scope.begin);
  std::vector<size_t> hits = FindAll(haystack, needle, 64);
  if (hits.empty()) return Status::NotFound(fmt::format("{} not found in {}", what, scope.name));
  if (hits.size() > 1) {
    std::string lines;
    size_t last_line = 0;
    for (size_t h : hits) {
      size_t line = view.lines().LineOf(scope.begin + h) + 1;
      if (line == last_line) continue;
      if (!lines.empty()) lines += ", ";
      lines += std::to_string(line);
      last_line = line;
    }
    return Status::FailedPrecondition(
        fmt::format("{} found {} times in {} (lines {}); it must match exactly once", what,
                    hits.size() >= 64 ? "64+" : std::to_string(hits.size()), scope.name, lines));
  }
  return scope.begin + hits.front();
}

// A replace_text inside the frontmatter must keep it valid YAML and, unless
// allowed, keep the skill's identity (name and description).
Status CheckFrontMatterChange(const FileView& view, size_t begin, size_t end,
                              std::string_view replacement, bool allow_identity) {
  const FrontMatterBlock& fm = view.frontmatter();
  if (!view.InFrontMatter(begin) && !view.InFrontMatter(end > begin ? end - 1 : begin)) {
    return Status::Ok();
  }
  if (begin < fm.yaml_begin || end > fm.yaml_end) {
    return Status::InvalidArgument(
        fmt::format("old_text crosses the frontmatter fence of {}", view.path()));
  }
  std::string_view old_yaml = view.text().substr(fm.yaml_begin, fm.yaml_end - fm.yaml_begin);
  std::string new_yaml(old_yaml);
  new_yaml.replace(begin - fm.yaml_begin, end - begin, replacement);
  Result<FrontMatter> after = ParseFrontMatter(new_yaml, fm.yaml_first_line, view.path());
  if (!after.ok()) {
    return Status::InvalidArgument(
        fmt::format("would make the frontmatter invalid ({})", after.status().message()));
  }
  Result<FrontMatter> before = ParseFrontMatter(old_yaml, fm.yaml_first_line, view.path());
  if (!before.ok() || allow_identity) return Status::Ok();
  for (const char* key : {"name", "description"}) {
    if (before->Scalar(key) != after->Scalar(key)) {
      return Status::FailedPrecondition(fmt::format(
          "changes the frontmatter \"{}\" (allowed only with --allow-identity-edits)", key));
    }
  }
  return Status::Ok();
}

// Line boundary `at` (a byte offset at a line start, or the end of the file)
// as the index of the line below it.
size_t BoundaryLine(const FileView& view, size_t at) {
  return at >= view.text().size() ? view.lines().line_count() : view.lines().LineOf(at);
}

bool InsideCodeBlock(const FileView& view, size_t at) {
  size_t line = BoundaryLine(view, at);
  for (const LineRange& r : view.outline().code_blocks) {
    if (r.begin < line && line < r.end) return true;
  }
  return false;
}

Splice BlockInsert(const FileView& view, size_t at, std::vector<std::string> block) {
  Splice s;
  s.kind = Splice::Kind::kInsertBlock;
  s.begin = s.end = at;
  s.block = std::move(block);
  s.verbatim = InsideCodeBlock(view, at);
  return s;
}

void AnchorOnHeading(const FileView& view, const Section& section, Splice* s) {
  s->anchor_begin = view.lines().LineStart(section.heading.line);
  s->anchor_end = view.lines().ContentEnd(section.heading.last_line);
}

Result<const Section*> FindSection(const FileView& view, std::string_view ref) {
  if (!view.is_markdown()) {
    return Status::InvalidArgument(
        fmt::format("{} is not a Markdown file and has no sections", view.path()));
  }
  return view.sections().Find(ref, view.path());
}

// True when `line` is the heading `ref` itself ("## Payments").
bool IsHeadingLine(std::string_view line, const HeadingRef& ref) {
  HeadingRef parsed = ParseHeadingRef(line);
  return parsed.level == ref.level && parsed.title == ref.title;
}

Result<Splice> AddSection(const Edit& edit, const FileView& view) {
  HeadingRef ref = ParseHeadingRef(edit.section);
  if (ref.title.empty()) return Status::InvalidArgument("the new section's heading is empty");
  if (!view.is_markdown()) {
    return Status::InvalidArgument(
        fmt::format("{} is not a Markdown file and has no sections", view.path()));
  }
  const Section* after = nullptr;
  if (!edit.after_section.empty()) {
    T2S_ASSIGN_OR_RETURN(after, FindSection(view, edit.after_section));
  }
  ref.level = ref.level != 0 ? ref.level : after != nullptr ? after->heading.level : 2;
  std::vector<const Section*> existing = view.sections().FindAll(ref);
  if (!existing.empty()) {
    return Status::AlreadyExists(fmt::format("section \"{}\" already exists in {} (line {})",
                                             FormatHeadingRef(ref), view.path(),
                                             existing.front()->heading.line + 1));
  }
  std::vector<std::string> lines = ContentLines(edit.content);
  // Models often repeat the new heading at the top of the content.
  if (!lines.empty() && IsHeadingLine(lines.front(), ref)) {
    lines.erase(lines.begin());
    while (!lines.empty() && IsBlank(lines.front())) lines.erase(lines.begin());
  }
  if (lines.empty()) return Status::InvalidArgument("content is empty");
  std::vector<std::string> block = {FormatHeadingRef(ref), ""};
  block.insert(block.end(), lines.begin(), lines.end());

  size_t begin_line = after != nullptr ? after->heading.line : view.body_first_line();
  size_t end_line = after != nullptr ? after->end_line : view.lines().line_count();
  std::optional<size_t> last = LastNonBlankLine(view, begin_line, end_line);
  size_t at = last ? view.lines().LineEnd(*last) : view.lines().LineStart(begin_line);
  Splice s = BlockInsert(view, at, std::move(block));
  s.verbatim = false;
  if (after != nullptr) AnchorOnHeading(view, *after, &s);
  return s;
}

Result<Splice> DeleteSection(const Edit& edit, const FileView& view) {
  T2S_ASSIGN_OR_RETURN(const Section* section, FindSection(view, edit.section));
  const LineIndex& lines = view.lines();
  Splice s;
  s.kind = Splice::Kind::kReplace;
  s.anchor_begin = lines.LineStart(section->heading.line);
  s.anchor_end = lines.LineStart(section->end_line);
  if (section->end_line < lines.line_count()) {
    // The blank lines before the next heading go too; the ones before this
    // heading then separate the previous text from the next heading.
    s.begin = lines.LineStart(section->heading.line);
    s.end = lines.LineStart(section->end_line);
    return s;
  }
  // The last section: also take the blank lines before it, so the file ends
  // with the last line kept.
  std::optional<size_t> prev =
      LastNonBlankLine(view, view.body_first_line(), section->heading.line);
  s.begin = prev ? lines.LineEnd(*prev) : lines.LineStart(view.body_first_line());
  s.end = view.text().size();
  return s;
}

Result<Splice> AppendToSection(const Edit& edit, const FileView& view) {
  T2S_ASSIGN_OR_RETURN(const Section* section, FindSection(view, edit.section));
  std::vector<std::string> lines = ContentLines(edit.content);
  if (lines.empty()) return Status::InvalidArgument("content is empty");
  // The section's own text ends where its first subsection starts.
  std::optional<size_t> last =
      LastNonBlankLine(view, section->heading.last_line + 1, section->body_end_line);
  size_t after_line = last ? *last : section->heading.last_line;
  Splice s = BlockInsert(view, view.lines().LineEnd(after_line), std::move(lines));
  s.verbatim = false;
  AnchorOnHeading(view, *section, &s);
  return s;
}

Result<Splice> ReplaceText(const Edit& edit, const FileView& view, const ApplyOptions& options) {
  T2S_ASSIGN_OR_RETURN(Scope scope, ScopeOf(edit, view));
  T2S_ASSIGN_OR_RETURN(size_t at, FindUnique(view, scope, "old_text", edit.old_text));
  Splice s;
  s.kind = Splice::Kind::kReplace;
  s.begin = at;
  s.end = at + NormalizeLineEndings(edit.old_text, view.eol()).size();
  s.text = NormalizeLineEndings(edit.content, view.eol());
  if (s.text == view.text().substr(s.begin, s.end - s.begin)) {
    return Status::InvalidArgument("content equals old_text; the edit changes nothing");
  }
  T2S_RETURN_IF_ERROR(
      CheckFrontMatterChange(view, s.begin, s.end, s.text, options.allow_identity_edits));
  return s;
}

Result<Splice> InsertAtAnchor(const Edit& edit, const FileView& view) {
  T2S_ASSIGN_OR_RETURN(Scope scope, ScopeOf(edit, view));
  T2S_ASSIGN_OR_RETURN(size_t at, FindUnique(view, scope, "anchor", edit.anchor));
  size_t anchor_end = at + NormalizeLineEndings(edit.anchor, view.eol()).size();
  if (view.InFrontMatter(at)) {
    return Status::InvalidArgument(
        fmt::format("anchor is inside the frontmatter of {}; use replace_text there", view.path()));
  }
  std::vector<std::string> lines = ContentLines(edit.content);
  if (lines.empty()) return Status::InvalidArgument("content is empty");
  const LineIndex& li = view.lines();
  LineRange first = {li.LineOf(at), li.LineOf(at) + 1};
  LineRange last = {li.LineOf(anchor_end - 1), li.LineOf(anchor_end - 1) + 1};
  if (view.is_markdown()) {
    // Around the anchor's whole block: never inside a wrapped paragraph, a
    // list item, a table or a code block.
    first = view.outline().BlockAt(first.begin);
    last = view.outline().BlockAt(last.begin);
  }
  size_t boundary =
      edit.op == EditOp::kInsertAfter ? li.LineEnd(last.end - 1) : li.LineStart(first.begin);
  Splice s = BlockInsert(view, boundary, std::move(lines));
  s.anchor_begin = at;
  s.anchor_end = anchor_end;
  return s;
}

// The frontmatter "name" and "description" of a Markdown text ("" when absent).
std::pair<std::string, std::string> Identity(const FileView& view) {
  const FrontMatterBlock& fm = view.frontmatter();
  if (fm.yaml_end <= fm.yaml_begin) return {};
  Result<FrontMatter> parsed = ParseFrontMatter(
      view.text().substr(fm.yaml_begin, fm.yaml_end - fm.yaml_begin), fm.yaml_first_line,
      view.path());
  if (!parsed.ok()) return {};
  return {parsed->Scalar("name").value_or(""), parsed->Scalar("description").value_or("")};
}

Result<Splice> CreateFile(const Edit& edit, const FileView* view, const ApplyOptions& options) {
  if (view != nullptr && !edit.replace) {
    return Status::AlreadyExists(
        fmt::format("{} already exists (set \"replace\": true to overwrite it)", edit.file));
  }
  // Replacing SKILL.md whole may not change who the skill is, as replace_text may not.
  if (view != nullptr && edit.file == kSkillFile && !options.allow_identity_edits) {
    auto before = Identity(*view);
    auto after = Identity(FileView(edit.file, edit.content));
    for (auto [key, same] : {std::pair{"name", before.first == after.first},
                             std::pair{"description", before.second == after.second}}) {
      if (!same) {
        return Status::FailedPrecondition(fmt::format(
            "changes the frontmatter \"{}\" (allowed only with --allow-identity-edits)", key));
      }
    }
  }
  Splice s;
  s.kind = Splice::Kind::kWriteFile;
  s.text = NormalizeLineEndings(edit.content, LineEnding::kLf);
  if (!s.text.empty() && s.text.back() != '\n') s.text += '\n';
  return s;
}

}  // namespace

Result<Splice> ResolveEdit(const Edit& edit, size_t edit_index, const FileView* view,
                           const ApplyOptions& options) {
  Result<Splice> splice = Status::Internal("unhandled op");
  if (edit.op == EditOp::kCreateFile) {
    splice = CreateFile(edit, view, options);
  } else if (view == nullptr) {
    return Status::NotFound(fmt::format("{} does not exist in the skill", edit.file));
  } else {
    switch (edit.op) {
      case EditOp::kDeleteFile:
        if (edit.file == kSkillFile) return Status::InvalidArgument("SKILL.md cannot be deleted");
        splice = Splice();
        splice->kind = Splice::Kind::kDeleteFile;
        break;
      case EditOp::kAddSection:
        splice = AddSection(edit, *view);
        break;
      case EditOp::kDeleteSection:
        splice = DeleteSection(edit, *view);
        break;
      case EditOp::kAppendToSection:
        splice = AppendToSection(edit, *view);
        break;
      case EditOp::kReplaceText:
        splice = ReplaceText(edit, *view, options);
        break;
      case EditOp::kInsertAfter:
      case EditOp::kInsertBefore:
        splice = InsertAtAnchor(edit, *view);
        break;
      default:
        return Status::InvalidArgument(fmt::format("unknown op \"{}\"", edit.op_name));
    }
  }
  if (splice.ok()) splice->edit_index = edit_index;
  return splice;
}

}  // namespace t2s
