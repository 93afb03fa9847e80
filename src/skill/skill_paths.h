// Which paths inside a skill folder an edit may touch.
#ifndef T2S_SKILL_SKILL_PATHS_H_
#define T2S_SKILL_SKILL_PATHS_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace t2s {

// The longest file name (one path part) and whole path an edit may write:
// the limits of common file systems (NAME_MAX, a conservative PATH_MAX).
inline constexpr size_t kMaxNameBytes = 255;
inline constexpr size_t kMaxPathBytes = 1024;

// OK when `path` is "SKILL.md" or a file under references/, scripts/ or
// assets/, written relative and '/'-separated without "." or ".." parts,
// control characters (NUL included), parts over kMaxNameBytes or more than
// kMaxPathBytes in all. Otherwise InvalidArgument, e.g.
//   path "../x.md" leaves the skill folder ("..")
//   path "scripts/run.sh\u0000.txt" contains a control character (\u0000)
Status CheckSkillPath(std::string_view path);

// Whether `path` can be a file of `files` (the skill's paths): not through
// a file ("references/a.md/b.md" where references/a.md is a file), not a
// folder of the skill, and not differing only in case from another file
// (they would clash on case-insensitive file systems).
Status CheckPathAgainstFiles(std::string_view path, const std::vector<std::string>& files);

// True when `path` is `pattern` or lies under it; a pattern ending in '/'
// names a folder ("scripts/"), any other names one file.
bool PathMatches(std::string_view path, std::string_view pattern);

// True for Markdown files: "*.md" or "*.markdown".
bool IsMarkdownPath(std::string_view path);

// True when `path` or one of its parent folders is in `symlinks`.
bool PathCrossesSymlink(std::string_view path, const std::vector<std::string>& symlinks);

// Turns a Markdown link destination into the skill-relative file it names:
// drops "./", a "#fragment" or "?query", and decodes %XX escapes. Returns ""
// for URLs with a scheme ("https:", "mailto:") and pure fragments.
std::string LinkTargetPath(std::string_view destination);

}  // namespace t2s

#endif  // T2S_SKILL_SKILL_PATHS_H_
