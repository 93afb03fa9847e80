#include "report/evolve_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/file_io.h"
#include "report/json_fields.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

StageCalls StageOf(const std::string& name, const ReportJson& j) {
  StageCalls s;
  s.stage = name;
  s.calls = Int(j, "calls");
  s.answered = Int(j, "answered");
  s.cache_hits = Int(j, "cache_hits");
  const ReportJson& failures = Field(j, "failures");
  if (failures.is_object()) {
    for (const auto& [cause, n] : failures.items()) {
      if (n.is_number()) s.failed += n.get<int64_t>();
    }
  }
  const ReportJson& tokens = Field(j, "tokens");
  s.prompt_tokens = Int(tokens, "prompt");
  s.completion_tokens = Int(tokens, "completion");
  s.cost_usd = Num(j, "cost_usd");
  const ReportJson& cached = Field(j, "cached");
  s.cached_prompt_tokens = Int(cached, "prompt");
  s.cached_completion_tokens = Int(cached, "completion");
  s.cached_cost_usd = Num(cached, "cost_usd");
  return s;
}

LessonText LessonOf(const ReportJson& j) {
  return {Str(j, "title"), Str(j, "when"), Str(j, "do"), Str(j, "avoid"),
          Ints(j, "evidence_steps")};
}

std::vector<LessonText> LessonsOf(const ReportJson& j) {
  std::vector<LessonText> out;
  const ReportJson& list = Field(j, "lessons");
  if (list.is_array()) {
    for (const ReportJson& l : list) out.push_back(LessonOf(l));
  }
  return out;
}

ProvenanceEdit ProvenanceOf(const ReportJson& j) {
  ProvenanceEdit e;
  e.id = Str(j, "id");
  e.file = Str(j, "file");
  e.op = Str(j, "op");
  e.section = Str(j, "section");
  const ReportJson& now = Field(j, "now");
  std::vector<int64_t> lines = Ints(now, "lines");
  if (now.is_object() && lines.size() == 2) {
    e.now_file = Str(now, "file");
    e.now_first = lines[0];
    e.now_last = lines[1];
  }
  e.support = Int(j, "support");
  e.sources = Strs(j, "sources");
  e.patch = Str(j, "patch");
  const ReportJson& origins = Field(j, "origins");
  if (origins.is_array()) {
    for (const ReportJson& o : origins) {
      e.origins.push_back({Str(o, "edit"), Str(o, "trajectory"), Str(o, "path")});
    }
  }
  e.lessons = LessonsOf(j);
  return e;
}

Status LoadFates(const fs::path& path, EvolveFiles* out) {
  if (!fs::exists(path)) return Status::Ok();
  T2S_ASSIGN_OR_RETURN(ReportJson j, ReadJsonFile(path));
  const ReportJson& trajectories = Field(j, "trajectories");
  if (trajectories.is_array()) {
    for (const ReportJson& t : trajectories) {
      out->trajectories.push_back(
          {Str(t, "id"), Str(t, "label"), Str(t, "fate"), Str(t, "reason"), Int(t, "edits")});
    }
  }
  const ReportJson& edits = Field(j, "edits");
  if (edits.is_array()) {
    for (const ReportJson& e : edits) {
      out->edits.push_back({Str(e, "id"), Str(e, "fate"), Str(e, "into"), Str(e, "reason"),
                            Str(e, "patch"), Strs(e, "sources")});
    }
  }
  return Status::Ok();
}

Status LoadProvenance(const fs::path& path, EvolveFiles* out) {
  if (!fs::exists(path)) return Status::Ok();
  T2S_ASSIGN_OR_RETURN(ReportJson j, ReadJsonFile(path));
  const ReportJson& edits = Field(j, "edits");
  if (edits.is_array()) {
    for (const ReportJson& e : edits) out->provenance.push_back(ProvenanceOf(e));
  }
  return Status::Ok();
}

Status LoadPatches(const fs::path& dir, EvolveFiles* out) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::Ok();
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(f));
    T2S_ASSIGN_OR_RETURN(PatchFile p, ParsePatch(text, f.string()));
    if (p.id.empty()) p.id = f.stem().string();
    out->patches[p.id] = std::move(p);
  }
  return Status::Ok();
}

std::string OptionalText(const fs::path& path) {
  Result<std::string> text = ReadFile(path);
  return text.ok() ? *text : std::string();
}

}  // namespace

int64_t EvolveManifest::Count(const std::string& name) const {
  for (const auto& [key, n] : counts) {
    if (key == name) return n;
  }
  return 0;
}

const PatchFile* EvolveFiles::Patch(const std::string& id) const {
  auto it = patches.find(id);
  return it == patches.end() ? nullptr : &it->second;
}

const PatchEdit* EvolveFiles::FinalEdit(const std::string& id) const {
  for (const char* name : {"final", "restructure"}) {
    const PatchFile* p = Patch(name);
    if (p == nullptr) continue;
    for (const PatchEdit& e : p->edits) {
      if (e.id == id) return &e;
    }
  }
  return nullptr;
}

Result<EvolveManifest> ParseManifest(const std::string& text, const std::string& where) {
  T2S_ASSIGN_OR_RETURN(ReportJson j, ParseJsonText(text, where));
  if (!j.is_object()) return Status::InvalidArgument(where + ": expected a JSON object");
  EvolveManifest m;
  m.version = Str(j, "version");
  m.analyst = Str(j, "analyst");
  m.status = Str(j, "status");
  m.failure = Str(j, "failure");
  const ReportJson& skill = Field(j, "skill");
  m.skill_name = Str(skill, "name");
  m.skill_input = Str(skill, "input");
  const ReportJson& llm = Field(j, "llm");
  if (llm.is_string()) {
    m.llm_note = llm.get<std::string>();
  } else {
    m.model = Str(llm, "model");
    m.provider = Str(llm, "provider");
    if (Field(llm, "price_known").is_boolean()) m.price_known = Bool(llm, "price_known");
  }
  const ReportJson& settings = Field(j, "settings");
  if (settings.is_object()) {
    for (const auto& [key, value] : settings.items()) m.settings.emplace_back(key, ScalarText(value));
  }
  const ReportJson& counts = Field(j, "counts");
  if (counts.is_object()) {
    for (const auto& [key, value] : counts.items()) {
      if (value.is_number()) m.counts.emplace_back(key, value.get<int64_t>());
    }
  }
  const ReportJson& agentic = Field(j, "agentic_analysts");
  if (agentic.is_object()) {
    for (const auto& [key, value] : agentic.items()) m.agentic.emplace_back(key, ScalarText(value));
  }
  const ReportJson& accounting = Field(j, "accounting");
  const ReportJson& stages = Field(accounting, "stages");
  if (stages.is_object()) {
    for (const auto& [name, s] : stages.items()) m.stages.push_back(StageOf(name, s));
  }
  if (Field(accounting, "total").is_object()) {
    m.total = StageOf("total", Field(accounting, "total"));
  }
  m.notes = Strs(j, "notes");
  m.started = Str(j, "started");
  m.finished = Str(j, "finished");
  m.seconds = OptNum(j, "seconds");
  const ReportJson& inputs = Field(j, "inputs");
  m.trace_paths = Strs(inputs, "traces");
  m.store = Str(inputs, "store");
  m.labels = Str(inputs, "labels");
  const ReportJson& validation = Field(j, "validation");
  if (validation.is_array()) {
    m.validation.emplace();
    for (const ReportJson& f : validation) {
      m.validation->push_back({Str(f, "file"), Int(f, "line"), Str(f, "severity"), Str(f, "rule"),
                               Str(f, "message")});
    }
  }
  return m;
}

Result<PatchFile> ParsePatch(const std::string& text, const std::string& where) {
  T2S_ASSIGN_OR_RETURN(ReportJson j, ParseJsonText(text, where));
  if (!j.is_object()) return Status::InvalidArgument(where + ": expected a JSON object");
  PatchFile p;
  p.id = Str(j, "id");
  p.level = Int(j, "level");
  p.inputs = Strs(j, "inputs");
  p.rationale = Str(j, "rationale");
  p.changelog = Strs(j, "changelog");
  const ReportJson& edits = Field(j, "edits");
  if (edits.is_array()) {
    for (const ReportJson& e : edits) {
      p.edits.push_back({Str(e, "id"), Str(e, "file"), Str(e, "op"), Str(e, "section"),
                         Str(e, "old_text"), Str(e, "anchor"), Str(e, "content"),
                         Strs(e, "sources")});
    }
  }
  const ReportJson& causes = Field(j, "causes");
  if (causes.is_array()) {
    for (const ReportJson& c : causes) {
      p.causes.push_back({Str(c, "title"), Str(c, "evidence"), Str(c, "explanation")});
    }
  }
  p.lessons = LessonsOf(j);
  return p;
}

Result<EvolveFiles> LoadEvolveFiles(const fs::path& dir) {
  EvolveFiles out;
  T2S_ASSIGN_OR_RETURN(std::string manifest, ReadFile(dir / "manifest.json"));
  T2S_ASSIGN_OR_RETURN(out.manifest, ParseManifest(manifest, (dir / "manifest.json").string()));
  T2S_RETURN_IF_ERROR(LoadFates(dir / "fates.json", &out));
  T2S_RETURN_IF_ERROR(LoadProvenance(dir / "provenance.json", &out));
  T2S_RETURN_IF_ERROR(LoadPatches(dir / "patches", &out));
  out.diff = OptionalText(dir / "diff.patch");
  out.changelog = OptionalText(dir / "changelog.md");
  return out;
}

}  // namespace t2s
