// Folder rules: size budgets, links that resolve, references that are linked,
// no symbolic links, text that is UTF-8.
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "base/line_index.h"
#include "base/text.h"
#include "skill/file_view.h"
#include "skill/markdown_outline.h"
#include "skill/skill_paths.h"
#include "skill/validate_rules.h"

namespace t2s {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A file, or a folder holding files, at `path` in the skill.
bool Exists(const Skill& skill, const std::string& path) {
  if (skill.Find(path) != nullptr) return true;
  auto it = skill.files.lower_bound(path + "/");
  return it != skill.files.end() && StartsWith(it->first, path + "/");
}

// "references/x.md"-like paths mentioned inside code (`python scripts/run.py`).
std::vector<std::string> PathMentions(std::string_view code) {
  std::vector<std::string> found;
  for (std::string_view folder : {"references/", "scripts/", "assets/"}) {
    size_t pos = code.find(folder);
    while (pos != std::string_view::npos) {
      char before = pos == 0 ? ' ' : code[pos - 1];
      bool word_start = !(std::isalnum(static_cast<unsigned char>(before)) || before == '_' ||
                          before == '-' || before == '.' || before == '/');
      size_t end = pos + folder.size();
      while (end < code.size() &&
             (std::isalnum(static_cast<unsigned char>(code[end])) || code[end] == '_' ||
              code[end] == '-' || code[end] == '.' || code[end] == '/')) {
        ++end;
      }
      std::string_view token = code.substr(pos, end - pos);
      while (!token.empty() && (token.back() == '.' || token.back() == '/')) token.remove_suffix(1);
      if (word_start && token.size() > folder.size()) found.emplace_back(token);
      pos = code.find(folder, end);
    }
  }
  return found;
}

}  // namespace

void CheckFolderRules(const Skill& skill, const ValidateOptions& options,
                      std::vector<Finding>* out) {
  auto add = [&](std::string file, size_t line, Severity sev, const char* rule, std::string msg) {
    out->push_back({std::move(file), line, sev, rule, std::move(msg)});
  };
  for (const std::string& link : skill.symlinks) {
    add(link, 0, Severity::kError, "symlink",
        "symbolic link; a skill must hold real files (a link can point outside the folder)");
  }

  std::set<std::string> linked_from_skill, mentioned_in_skill;
  for (const auto& [path, text] : skill.files) {
    bool is_reference = StartsWith(path, "references/");
    if (path == kSkillFile || is_reference) {
      size_t budget = path == kSkillFile ? options.max_skill_lines : options.max_reference_lines;
      size_t lines = CountLines(text);
      if (lines > budget) {
        add(path, 0, options.advisory_severity, path == kSkillFile ? "skill-lines" : "reference-lines",
            fmt::format("{} lines, over the budget of {}", lines, budget));
      }
    }
    if (!IsMarkdownPath(path)) continue;
    size_t bad = 0;
    if (!IsValidUtf8(text, &bad)) {
      add(path, LineIndex(text).LineOf(bad) + 1, Severity::kError, "utf8",
          fmt::format("invalid UTF-8 at byte {}", bad));
    }
    if (path != kSkillFile && !is_reference) continue;

    FileView view(path, text);
    const MarkdownOutline& outline = view.outline();
    std::filesystem::path base = std::filesystem::path(path).parent_path();
    for (const MdLink& link : outline.links) {
      std::string target = LinkTargetPath(link.destination);
      if (target.empty()) continue;
      std::string resolved = (base / target).lexically_normal().generic_string();
      if (target.front() == '/' || StartsWith(resolved, "..")) {
        add(path, link.line + 1, Severity::kError, "link-escapes",
            fmt::format("link to \"{}\" points outside the skill folder", link.destination));
        continue;
      }
      if (!Exists(skill, resolved) && !PathCrossesSymlink(resolved, skill.symlinks)) {
        add(path, link.line + 1, Severity::kError, "broken-link",
            fmt::format("link to \"{}\" does not resolve: no {} in the skill", link.destination,
                        resolved));
      }
      if (path == kSkillFile) linked_from_skill.insert(resolved);
    }
    for (const MdCodeText& code : outline.code) {
      for (const std::string& mention : PathMentions(code.text)) {
        if (path == kSkillFile) mentioned_in_skill.insert(mention);
        if (!Exists(skill, mention) && !PathCrossesSymlink(mention, skill.symlinks)) {
          add(path, code.line + 1, Severity::kWarning, "missing-mention",
              fmt::format("code mentions {}, which is not in the skill", mention));
        }
      }
    }
  }

  for (const auto& [path, text] : skill.files) {
    if (!StartsWith(path, "references/") || linked_from_skill.count(path) != 0) continue;
    if (mentioned_in_skill.count(path) != 0) {
      add(path, 0, Severity::kWarning, "unlinked-reference",
          "mentioned in SKILL.md only inside code; link it so agents can open it");
    } else {
      add(path, 0, options.advisory_severity, "unlinked-reference",
          "not linked from SKILL.md; agents find reference files only through its links");
    }
  }
}

}  // namespace t2s
