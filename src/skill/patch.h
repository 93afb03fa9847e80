// Patch: a set of edits to a skill folder (`t2s.patch/1`, DESIGN.md §3.3).
#ifndef T2S_SKILL_PATCH_H_
#define T2S_SKILL_PATCH_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace t2s {

inline constexpr std::string_view kPatchSchema = "t2s.patch/1";

enum class EditOp {
  kUnknown,          // the op named in the JSON is none of the below
  kCreateFile,       // file, content[, replace]
  kDeleteFile,       // file
  kAddSection,       // file, section (the new heading), content[, after_section]
  kDeleteSection,    // file, section
  kAppendToSection,  // file, section, content
  kReplaceText,      // file, old_text, content[, section]
  kInsertAfter,      // file, anchor, content[, section]
  kInsertBefore,     // file, anchor, content[, section]
};

// "create_file", ...; "unknown" for kUnknown.
std::string_view EditOpName(EditOp op);
std::optional<EditOp> ParseEditOp(std::string_view name);
// Every op's name, in the order of EditOp.
std::vector<std::string_view> EditOpNames();
// "create_file, delete_file, ..." for messages.
std::string AllEditOpNames();

struct Edit {
  std::string id;  // "e1", ...; assigned by position when the JSON has none
  EditOp op = EditOp::kUnknown;
  std::string op_name;  // as written, so an unknown op can be reported
  std::string file;
  std::string section;
  std::string after_section;
  std::string old_text;
  std::string anchor;
  std::string content;
  bool replace = false;              // create_file may overwrite an existing file
  std::vector<std::string> sources;  // trajectory ids; support = distinct count
  std::string json_path;             // where the edit sits in its patch: "$.edits[3]"
  // A problem that makes this one edit unusable (unknown op, missing field);
  // reported as the edit's failure, the rest of the patch still applies.
  std::string problem;
};

// The text fields of an edit as they appear in JSON, in writing order: one
// table for the patch parser and writer and for the answer schemas the
// model is constrained by (evolve/answer_schema.h), so they cannot drift.
// `op` is written from Edit::op_name; id, replace and sources are separate.
struct EditTextField {
  std::string_view name;
  std::string Edit::*member;
};
inline const EditTextField kEditTextFields[] = {
    {"op", &Edit::op_name},         {"file", &Edit::file},         {"section", &Edit::section},
    {"after_section", &Edit::after_section}, {"old_text", &Edit::old_text},
    {"anchor", &Edit::anchor},      {"content", &Edit::content},
};

// Whether an edit of `op` carries content (every op but the two deletions).
bool HasContent(EditOp op);

// One edit's fields as a one-line JSON object in kEditTextFields order
// (op, file, the non-empty targets, content, replace when set); no id or
// sources.
std::string EditFieldsJson(const Edit& edit);

struct Patch {
  std::string id;
  int level = 0;
  std::vector<std::string> inputs;
  std::string rationale;
  std::vector<Edit> edits;
  std::vector<std::string> changelog;
};

// Parses a patch. Malformed JSON and wrong types are errors naming the
// source, and the line and column or the JSON path:
//   patch.json:3:17: invalid JSON: unexpected '}'; expected string literal
//   patch.json: $.edits[2].content: expected string, got number
// An unknown op or a missing field only marks that edit (Edit::problem).
Result<Patch> ParsePatch(std::string_view json, std::string_view source);

// Serializes `patch` as `t2s.patch/1` JSON (2-space indented, trailing newline).
std::string SerializePatch(const Patch& patch);

// Number of distinct trajectory ids in `edit.sources`.
size_t Support(const Edit& edit);

}  // namespace t2s

#endif  // T2S_SKILL_PATCH_H_
