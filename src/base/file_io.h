// Whole-file reads and writes, and atomic replacement of a folder.
//
// Paths in messages are shown as given. None of these functions throw.
#ifndef T2S_BASE_FILE_IO_H_
#define T2S_BASE_FILE_IO_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"

namespace t2s {

// Reads the whole file. NotFound when it does not exist, IoError otherwise:
//   "skills/x/SKILL.md: cannot read: Permission denied"
// `extra_capacity` bytes are reserved after the content (a parser's padding),
// so appending them does not copy the file.
Result<std::string> ReadFile(const std::filesystem::path& path, size_t extra_capacity = 0);

// Writes `content` to `path` through a temporary file in the same folder and
// a rename, so a reader sees the old or the new content, never a part.
// Creates missing parent folders.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content);

// Creates a new empty folder next to `target` (same parent, so a rename
// between them is atomic) named "<target name>.tmp-<random>".
Result<std::filesystem::path> MakeSiblingTempDir(const std::filesystem::path& target);

// Puts the finished folder `staged` in place of `target`:
// - target missing or an empty folder: `staged` is renamed onto it;
// - target a non-empty folder: AlreadyExists unless `force`, in which case the
//   old folder is moved aside, `staged` renamed in, and the old one removed.
// On failure `staged` is removed and `target` is as it was.
Status ReplaceDirAtomic(const std::filesystem::path& staged, const std::filesystem::path& target,
                        bool force);

// True when `path` names an existing folder with at least one entry.
bool IsNonEmptyDir(const std::filesystem::path& path);

// True when `inner` is `outer` or lies inside it, both resolved (symbolic
// links followed as far as they exist).
bool PathIsWithin(const std::filesystem::path& inner, const std::filesystem::path& outer);

}  // namespace t2s

#endif  // T2S_BASE_FILE_IO_H_
