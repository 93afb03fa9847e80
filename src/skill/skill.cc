#include "skill/skill.h"

#include <fmt/format.h>

#include "base/file_io.h"

namespace t2s {
namespace fs = std::filesystem;

const std::string* Skill::Find(std::string_view path) const {
  auto it = files.find(path);
  return it == files.end() ? nullptr : &it->second;
}

Result<Skill> LoadSkill(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (fs::exists(dir, ec)) return Status::NotFound(fmt::format("{}: not a folder", dir.string()));
    return Status::NotFound(fmt::format("{}: no such folder", dir.string()));
  }
  Skill skill;
  // "." and "skills/x/.." name the folder they resolve to.
  fs::path clean = fs::absolute(dir, ec).lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  skill.folder_name = clean.filename().string();

  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Status::IoError(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
    const fs::directory_entry& entry = *it;
    // lexically: fs::relative would resolve symbolic links.
    std::string rel = entry.path().lexically_relative(dir).generic_string();
    if (entry.is_symlink(ec)) {
      skill.symlinks.push_back(rel);
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    T2S_ASSIGN_OR_RETURN(std::string content, ReadFile(entry.path()));
    fs::perms perms = entry.status(ec).permissions();
    if ((perms & fs::perms::owner_exec) != fs::perms::none) skill.executables.insert(rel);
    skill.files.emplace(std::move(rel), std::move(content));
  }
  if (skill.Find(kSkillFile) == nullptr) {
    return Status::NotFound(fmt::format("{}: no SKILL.md in the skill folder", dir.string()));
  }
  return skill;
}

Status WriteSkill(const Skill& skill, const fs::path& out, bool force) {
  if (!force && IsNonEmptyDir(out)) {
    return Status::AlreadyExists(
        fmt::format("{}: folder is not empty (use --force to replace it)", out.string()));
  }
  T2S_ASSIGN_OR_RETURN(fs::path staged, MakeSiblingTempDir(out));
  for (const auto& [rel, content] : skill.files) {
    Status st = WriteFileAtomic(staged / rel, content);
    if (st.ok() && skill.executables.count(rel) != 0) {
      std::error_code ec;
      fs::permissions(staged / rel,
                      fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add, ec);
    }
    if (!st.ok()) {
      std::error_code ignored;
      fs::remove_all(staged, ignored);
      return st;
    }
  }
  return ReplaceDirAtomic(staged, out, force);
}

}  // namespace t2s
