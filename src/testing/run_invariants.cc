#include "testing/run_invariants.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/file_io.h"
#include "base/text.h"
#include "evolve/moved_text.h"
#include "evolve/restructure_check.h"
#include "skill/file_view.h"
#include "skill/patch.h"
#include "skill/skill.h"

namespace t2s::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string ReadOrEmpty(const fs::path& p) {
  Result<std::string> text = ReadFile(p);
  return text.ok() ? *text : "";
}

struct FateRow {
  std::string fate, into, reason;
};

// The applied edits of the final patch and of the restructuring.
std::vector<Edit> AppliedEdits(const fs::path& out, const std::map<std::string, FateRow>& fates) {
  std::vector<Edit> applied;
  for (const char* name : {"final.json", "restructure.json"}) {
    Result<std::string> text = ReadFile(out / "patches" / name);
    if (!text.ok()) continue;
    Result<Patch> patch = ParsePatch(*text, name);
    if (!patch.ok()) continue;
    for (const Edit& e : patch->edits) {
      auto f = fates.find(e.id);
      if (f != fates.end() && f->second.fate == "applied") applied.push_back(e);
    }
  }
  return applied;
}

// Whether an applied edit took the S0 line `lost` out on purpose.
bool Taken(const LostLine& lost, const Skill& s0, const std::vector<Edit>& applied) {
  std::string key = MovedLineKey(lost.text);
  for (const Edit& e : applied) {
    if (e.file != lost.file) continue;
    if (e.op == EditOp::kDeleteFile || (e.op == EditOp::kCreateFile && e.replace)) return true;
    if (e.op == EditOp::kReplaceText) {
      for (std::string_view l : SplitLines(e.old_text)) {
        if (MovedLineKey(l) == key) return true;
      }
    }
    if (e.op == EditOp::kDeleteSection) {
      const std::string* text = s0.Find(e.file);
      if (text == nullptr) continue;
      FileView view(e.file, *text);
      Result<const Section*> s = view.sections().Find(e.section, e.file);
      if (s.ok() && lost.line >= (*s)->heading.line + 1 && lost.line <= (*s)->end_line) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> RunInvariantViolations(const fs::path& seed_dir, const fs::path& out) {
  std::vector<std::string> v;
  Result<Skill> s0 = LoadSkill(seed_dir);
  Json fates_json = Json::parse(ReadOrEmpty(out / "fates.json"), nullptr, false);
  if (!s0.ok() || !fates_json.is_object()) return {"cannot read the seed skill or fates.json"};
  Result<Skill> s1 = LoadSkill(out / "skill" / s0->folder_name);
  if (!s1.ok()) return {"cannot read the output skill: " + s1.status().message()};

  std::map<std::string, FateRow> fates;
  for (const Json& e : fates_json["edits"]) {
    fates[e.value("id", "")] = {e.value("fate", ""), e.value("into", ""), e.value("reason", "")};
  }
  std::vector<Edit> applied = AppliedEdits(out, fates);

  // 1. Applied text is there.
  for (const Edit& e : applied) {
    if (!e.content.empty() && !LocateText(*s1, e.content)) {
      v.push_back(fmt::format("applied edit {}: its text is not in the output skill", e.id));
    }
  }
  // 2. S0 lines are there, unless an applied edit took them.
  for (const LostLine& lost : LostLines(*s0, *s1)) {
    if (!Taken(lost, *s0, applied)) {
      v.push_back(fmt::format("S0 line lost without an edit taking it: {}:{} \"{}\"", lost.file,
                              lost.line, lost.text));
    }
  }
  // 3. Every proposed edit ends somewhere on record.
  for (const auto& entry : fs::directory_iterator(out / "patches")) {
    std::string name = entry.path().filename().string();
    if (name.rfind("L0-", 0) != 0) continue;
    Result<Patch> patch = ParsePatch(ReadOrEmpty(entry.path()), name);
    if (!patch.ok()) {
      v.push_back(name + ": " + patch.status().message());
      continue;
    }
    for (const Edit& e : patch->edits) {
      std::string at = e.id;
      std::set<std::string> seen;
      std::string end;
      while (seen.insert(at).second) {
        auto f = fates.find(at);
        if (f == fates.end()) {
          end = "no fate for " + at;
          break;
        }
        const FateRow& row = f->second;
        if ((row.fate == "merged-into" || row.fate == "routed") && !row.into.empty()) {
          at = row.into;
          continue;
        }
        if (row.fate == "applied") end = "ok";
        else if (row.fate == "dropped" && !row.reason.empty()) end = "ok";
        else end = fmt::format("{} ends \"{}\"{}", at, row.fate, row.reason.empty() ? " without a reason" : "");
        break;
      }
      if (end.empty()) end = "a cycle of merges";
      if (end != "ok") v.push_back(fmt::format("proposed edit {}: {}", e.id, end));
    }
  }
  return v;
}

}  // namespace t2s::testing
