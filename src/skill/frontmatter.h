// Frontmatter of SKILL.md: where the YAML block is, and its typed entries.
#ifndef T2S_SKILL_FRONTMATTER_H_
#define T2S_SKILL_FRONTMATTER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace t2s {

// Where the "---" fenced YAML block sits in a SKILL.md text.
struct FrontMatterBlock {
  bool present = false;   // the file starts with a "---" line
  bool closed = false;    // ... and a closing "---" (or "...") line follows
  size_t yaml_begin = 0;  // byte offsets of the YAML text
  size_t yaml_end = 0;
  size_t yaml_first_line = 0;  // 1-based line of the first YAML line
  size_t body_begin = 0;       // byte offset of the Markdown body
  size_t body_first_line = 0;  // 0-based line index of the body's first line
};

// Finds the frontmatter block; a UTF-8 byte-order mark before it is allowed.
FrontMatterBlock LocateFrontMatter(std::string_view text);

enum class YamlKind { kNull, kScalar, kSequence, kMap };

// One key of the frontmatter (or of a nested mapping such as `metadata`).
struct FrontMatterEntry {
  std::string key;
  size_t line = 0;  // 1-based line in SKILL.md
  YamlKind kind = YamlKind::kNull;
  std::string scalar;                      // for kScalar
  std::vector<FrontMatterEntry> children;  // for kMap; for kSequence, the items (key "")
};

struct FrontMatter {
  std::vector<FrontMatterEntry> entries;  // in file order

  const FrontMatterEntry* Get(std::string_view key) const;
  // The scalar value of `key`, or nullopt when absent or not a scalar.
  std::optional<std::string> Scalar(std::string_view key) const;
};

// Why a frontmatter block could not be read: the 1-based line and the text.
struct FrontMatterError {
  size_t line = 0;
  std::string what;  // "invalid YAML frontmatter: illegal map value"
};

// Parses the YAML text of a frontmatter block whose first line is line
// `first_line` (1-based) of its file; on failure fills `*error`.
std::optional<FrontMatter> ParseFrontMatterYaml(std::string_view yaml, size_t first_line,
                                                FrontMatterError* error);

// Parses the YAML text of a frontmatter block whose first line is line
// `first_line` (1-based) of `file`. Errors are InvalidArgument, one line:
//   "SKILL.md:4: invalid YAML frontmatter: illegal map value"
//   "SKILL.md:2: frontmatter must be a mapping of keys, got a sequence"
Result<FrontMatter> ParseFrontMatter(std::string_view yaml, size_t first_line,
                                     std::string_view file = "SKILL.md");

// Convenience: locates and parses the frontmatter of a SKILL.md text. A
// missing or unclosed block is an InvalidArgument error.
Result<FrontMatter> ReadFrontMatter(std::string_view skill_md, std::string_view file = "SKILL.md");

}  // namespace t2s

#endif  // T2S_SKILL_FRONTMATTER_H_
