// The model's answers, parsed into typed structs: the analyst's
// (t2s_analysis, DESIGN.md §3.2), a merge's (t2s_merge, §3.3) and a plain
// patch (t2s_patch: draft, repair, restructure). Each parser reads only
// fields its schema (evolve/answer_schema.h) declares: reading another is
// an Internal error, so the schema and the parser cannot drift apart.
#ifndef T2S_EVOLVE_ANALYSIS_H_
#define T2S_EVOLVE_ANALYSIS_H_

#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "skill/patch.h"

namespace t2s {

struct Cause {
  std::string title;
  std::string evidence;  // "step 12: ..."
  std::string explanation;
};

struct Lesson {
  std::string title;
  std::string when;
  std::string do_;
  std::string avoid;
  std::vector<int64_t> evidence_steps;
};

struct Analysis {
  std::string kind;  // error | success
  std::vector<Cause> causes;
  std::vector<Lesson> lessons;  // at most kMaxLessons are kept
  std::vector<Edit> edits;      // no ids or sources yet
  std::vector<std::string> changelog;
};

inline constexpr size_t kMaxLessons = 3;

// Parses a t2s_analysis answer (already checked against its schema).
Result<Analysis> ParseAnalysis(const std::string& json);

struct MergedEdit {
  Edit edit;
  std::vector<std::string> from;  // "E1", "E4"; for a patch answer the edit's "id"
};

struct MergeAnswer {
  std::vector<MergedEdit> edits;
  std::vector<std::pair<std::string, std::string>> dropped;  // (E-id, reason)
  std::string rationale;
  std::vector<std::string> changelog;
};

// Parses a t2s_merge answer.
Result<MergeAnswer> ParseMergeAnswer(const std::string& json);
// Parses a t2s_patch answer: each edit's "id", when given, becomes `from`.
Result<MergeAnswer> ParsePatchAnswer(const std::string& json);

}  // namespace t2s

#endif  // T2S_EVOLVE_ANALYSIS_H_
