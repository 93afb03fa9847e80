#include "skill/apply.h"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <optional>
#include <set>

#include "skill/edit_resolver.h"
#include "skill/file_view.h"
#include "skill/markdown_outline.h"
#include "skill/section_map.h"
#include "skill/skill_paths.h"
#include "skill/splice.h"

namespace t2s {
namespace {

// Checks that do not need the file's text: the op, the path, links, protection.
Status CheckEditTarget(const Edit& edit, const Skill& skill, const ApplyOptions& options,
                       const std::vector<std::string>& created) {
  if (!edit.problem.empty()) return Status::InvalidArgument(edit.problem);
  T2S_RETURN_IF_ERROR(CheckSkillPath(edit.file));
  if (PathCrossesSymlink(edit.file, skill.symlinks)) {
    return Status::FailedPrecondition(
        fmt::format("{} is or lies under a symbolic link; edits never follow links", edit.file));
  }
  for (const std::string& p : options.protected_paths) {
    if (PathMatches(edit.file, p)) {
      return Status::FailedPrecondition(fmt::format("{} is protected ({})", edit.file, p));
    }
  }
  std::vector<std::string> paths;
  paths.reserve(skill.files.size() + created.size());
  for (const auto& [path, _] : skill.files) paths.push_back(path);
  // Files earlier edits of the patch create count too: two edits may not
  // make "a.md" and "a.md/b.md", or "a.md" and "A.md".
  paths.insert(paths.end(), created.begin(), created.end());
  return CheckPathAgainstFiles(edit.file, paths);
}

// Lines of the original file an edit resolved to, for messages ("12-14").
std::string LineSpan(const FileView* view, const Splice& s) {
  if (view == nullptr || s.whole_file()) return "the whole file";
  size_t first = view->lines().LineOf(s.begin) + 1;
  size_t last = s.end > s.begin ? view->lines().LineOf(s.end - 1) + 1 : first;
  return first == last ? fmt::format("line {}", first) : fmt::format("lines {}-{}", first, last);
}

std::set<std::string> LinkedPaths(std::string_view skill_md) {
  std::set<std::string> linked;
  FileView view(std::string(kSkillFile), skill_md);
  for (const MdLink& link : view.outline().links) {
    linked.insert(LinkTargetPath(link.destination));
  }
  return linked;
}

// The heading line ("## Booking") an add_section edit puts in its file.
std::optional<std::string> AddedHeading(const Edit& edit, const Splice& splice) {
  if (edit.op != EditOp::kAddSection || splice.block.empty()) return std::nullopt;
  return FormatHeadingRef(ParseHeadingRef(splice.block.front()));
}

}  // namespace

size_t ApplyResult::applied_count() const {
  size_t n = 0;
  for (const EditOutcome& o : outcomes) n += o.applied;
  return n;
}

size_t ApplyResult::failed_count() const { return outcomes.size() - applied_count(); }

ApplyResult ApplyPatch(const Skill& original, const Patch& patch, const ApplyOptions& options) {
  ApplyResult result;
  result.skill = original;
  std::map<std::string, std::unique_ptr<FileView>, std::less<>> views;
  auto view_of = [&](const std::string& path) -> const FileView* {
    auto it = views.find(path);
    if (it != views.end()) return it->second.get();
    const std::string* text = original.Find(path);
    if (text == nullptr) return nullptr;
    return views.emplace(path, std::make_unique<FileView>(path, *text)).first->second.get();
  };

  // 1. Resolve every edit against the original files.
  std::vector<std::optional<Splice>> splices(patch.edits.size());
  std::vector<std::string> created;  // new files of the edits resolved so far
  for (size_t i = 0; i < patch.edits.size(); ++i) {
    const Edit& edit = patch.edits[i];
    EditOutcome& out = result.outcomes.emplace_back();
    out.edit_id = edit.id;
    out.op = edit.op == EditOp::kUnknown ? edit.op_name : std::string(EditOpName(edit.op));
    out.file = edit.file;
    out.support = Support(edit);
    Status target = CheckEditTarget(edit, original, options, created);
    if (!target.ok()) {
      out.reason = target.message();
      continue;
    }
    const FileView* view = view_of(edit.file);
    Result<Splice> splice = ResolveEdit(edit, i, view, options);
    if (!splice.ok()) {
      out.reason = splice.status().message();
      continue;
    }
    if (view != nullptr && !splice->whole_file()) {
      bool anchored = splice->anchor_end > splice->anchor_begin;
      out.line = view->lines().LineOf(anchored ? splice->anchor_begin : splice->begin) + 1;
    }
    if (edit.op == EditOp::kCreateFile && view == nullptr) created.push_back(edit.file);
    splices[i] = std::move(*splice);
  }

  // 2. Refuse an edit that overlaps an earlier surviving edit of the same
  // file, or adds a heading an earlier one adds.
  std::map<std::string, std::vector<size_t>, std::less<>> accepted;
  std::map<std::pair<std::string, std::string>, size_t> added;  // (file, "## X") -> edit
  for (size_t i = 0; i < splices.size(); ++i) {
    if (!splices[i]) continue;
    std::optional<std::string> heading = AddedHeading(patch.edits[i], *splices[i]);
    if (heading) {
      auto it = added.find({patch.edits[i].file, *heading});
      if (it != added.end()) {
        result.outcomes[i].reason =
            fmt::format("section \"{}\" already exists: edit {} of this patch adds it", *heading,
                        patch.edits[it->second].id);
        splices[i].reset();
        continue;
      }
    }
    std::vector<size_t>& same_file = accepted[patch.edits[i].file];
    for (size_t j : same_file) {
      if (SplicesRepeat(*splices[j], *splices[i])) {
        result.outcomes[i].reason =
            fmt::format("repeats edit {} (the same text at the same place)", patch.edits[j].id);
        splices[i].reset();
        break;
      }
      if (!SplicesConflict(*splices[j], *splices[i])) continue;
      const FileView* view = view_of(patch.edits[i].file);
      result.outcomes[i].reason =
          fmt::format("overlaps edit {} ({} {}); edits of one patch must touch separate text",
                      patch.edits[j].id, patch.edits[i].file, LineSpan(view, *splices[j]));
      splices[i].reset();
      break;
    }
    if (!splices[i]) continue;
    same_file.push_back(i);
    if (heading) added.emplace(std::pair{patch.edits[i].file, *heading}, i);
  }

  // 3. Apply the survivors of each file at once.
  for (const auto& [file, indices] : accepted) {
    if (indices.empty()) continue;
    const Splice& first = *splices[indices.front()];
    if (first.kind == Splice::Kind::kDeleteFile) {
      result.skill.files.erase(file);
    } else if (first.kind == Splice::Kind::kWriteFile) {
      result.skill.files[file] = first.text;
    } else {
      std::vector<const Splice*> list;
      for (size_t i : indices) list.push_back(&*splices[i]);
      result.skill.files[file] = ApplySplices(*view_of(file), std::move(list));
    }
    for (size_t i : indices) result.outcomes[i].applied = true;
  }

  // 4. A new reference file is useful only when SKILL.md links to it.
  const std::string* skill_md = result.skill.Find(kSkillFile);
  std::set<std::string> linked = skill_md ? LinkedPaths(*skill_md) : std::set<std::string>{};
  for (size_t i = 0; i < patch.edits.size(); ++i) {
    const Edit& edit = patch.edits[i];
    if (!result.outcomes[i].applied || edit.op != EditOp::kCreateFile) continue;
    if (edit.file.rfind("references/", 0) != 0 || original.Find(edit.file) != nullptr) continue;
    if (linked.count(edit.file) != 0) continue;
    result.skill.files.erase(edit.file);
    result.outcomes[i].applied = false;
    result.outcomes[i].reason = fmt::format(
        "{} is not linked from SKILL.md; the same patch must add a link to it", edit.file);
  }
  return result;
}

}  // namespace t2s
