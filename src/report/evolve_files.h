// What an evolve run folder holds on disk (DESIGN.md §3.4), parsed into the
// typed values the report renders: manifest.json, fates.json,
// provenance.json, patches/*.json, diff.patch and changelog.md.
#ifndef T2S_REPORT_EVOLVE_FILES_H_
#define T2S_REPORT_EVOLVE_FILES_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace t2s {

// Calls and tokens of one accounting stage (or the total): paid in this run,
// and what the cached answers cost when they were first asked.
struct StageCalls {
  std::string stage;
  int64_t calls = 0;
  int64_t answered = 0;
  int64_t cache_hits = 0;
  int64_t failed = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
  int64_t cached_prompt_tokens = 0;
  int64_t cached_completion_tokens = 0;
  double cached_cost_usd = 0;
};

struct ValidationLine {
  std::string file;
  int64_t line = 0;
  std::string severity;  // error | warning
  std::string rule;
  std::string message;
};

struct EvolveManifest {
  std::string version;
  std::string analyst;  // llm | agentic | offline
  std::string status;   // done | failed
  std::string failure;
  std::string skill_name;
  std::string skill_input;
  std::string model;     // empty: no LLM was used
  std::string provider;
  std::string llm_note;  // "none: ..." when no LLM was used
  std::optional<bool> price_known;  // absent in manifests before it was recorded
  std::vector<std::pair<std::string, std::string>> settings;  // as text, in order
  std::vector<std::pair<std::string, int64_t>> counts;        // in order
  // The agentic analysts' counts (episodes, verified, ...), empty when none ran.
  std::vector<std::pair<std::string, std::string>> agentic;
  std::vector<StageCalls> stages;
  std::optional<StageCalls> total;  // absent: no LLM accounting
  std::vector<std::string> notes;
  std::string started;   // ISO 8601, empty when not recorded
  std::string finished;
  std::optional<double> seconds;
  std::vector<std::string> trace_paths;
  std::string store;
  std::string labels;
  std::optional<std::vector<ValidationLine>> validation;  // absent: not recorded

  int64_t Count(const std::string& name) const;  // 0 when absent
};

struct TrajectoryFateRow {
  std::string id;
  std::string label;
  std::string fate;  // analyzed | skipped | failed | unreadable ...
  std::string reason;
  int64_t edits = 0;
};

struct EditFateRow {
  std::string id;
  std::string fate;  // applied | merged-into | dropped | routed | ...
  std::string into;
  std::string reason;
  std::string patch;
  std::vector<std::string> sources;
};

struct LessonText {
  std::string title;
  std::string when;
  std::string do_;
  std::string avoid;
  std::vector<int64_t> evidence_steps;
};

struct OriginRow {
  std::string edit;
  std::string trajectory;
  std::string path;
};

struct ProvenanceEdit {
  std::string id;
  std::string file;
  std::string op;
  std::string section;
  std::optional<std::string> now_file;  // where its text is in the new skill
  int64_t now_first = 0;
  int64_t now_last = 0;
  int64_t support = 0;
  std::vector<std::string> sources;
  std::string patch;
  std::vector<OriginRow> origins;
  std::vector<LessonText> lessons;
};

struct CauseText {
  std::string title;
  std::string evidence;
  std::string explanation;
};

struct PatchEdit {
  std::string id;
  std::string file;
  std::string op;
  std::string section;
  std::string old_text;
  std::string anchor;
  std::string content;
  std::vector<std::string> sources;
};

struct PatchFile {
  std::string id;  // "L0-0003", "L1-0000", "final", "restructure"
  int64_t level = 0;
  std::vector<std::string> inputs;
  std::string rationale;
  std::vector<PatchEdit> edits;
  std::vector<std::string> changelog;
  std::vector<CauseText> causes;  // level 0: the analyst's diagnosis
  std::vector<LessonText> lessons;
};

struct EvolveFiles {
  EvolveManifest manifest;
  std::vector<TrajectoryFateRow> trajectories;
  std::vector<EditFateRow> edits;
  std::vector<ProvenanceEdit> provenance;
  std::map<std::string, PatchFile> patches;  // by id
  std::string diff;
  std::string changelog;

  const PatchFile* Patch(const std::string& id) const;
  // The final patch's edit `id`, or null.
  const PatchEdit* FinalEdit(const std::string& id) const;
};

// Reads the folder. Errors (one line, naming the file and what is wrong):
// a missing or unparsable manifest.json; fates.json, provenance.json and
// patches/ that exist but do not parse. Missing optional files are empty.
Result<EvolveFiles> LoadEvolveFiles(const std::filesystem::path& dir);

// Parsing one document (for tests): `where` names it in errors.
Result<EvolveManifest> ParseManifest(const std::string& text, const std::string& where);
Result<PatchFile> ParsePatch(const std::string& text, const std::string& where);

}  // namespace t2s

#endif  // T2S_REPORT_EVOLVE_FILES_H_
