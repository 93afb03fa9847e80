#include "evolve/shard.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "evolve/patch_unit_json.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr std::string_view kPatchSetSchema = "t2s.patch-set/1";

Json Counts(const PatchSet& s) {
  return {{"analyzed", s.analyzed},
          {"agentic", s.agentic},
          {"verified", s.verified},
          {"unverified", s.unverified},
          {"golden_refusals", s.golden_refusals},
          {"proposed_edits", s.proposed_edits}};
}

}  // namespace

void RestrictToShard(const ShardSpec& s, Selection* selection) {
  auto [first, last] = ShardRange(s, selection->selected.size());
  selection->selected.erase(selection->selected.begin() + static_cast<std::ptrdiff_t>(last),
                            selection->selected.end());
  selection->selected.erase(selection->selected.begin(),
                            selection->selected.begin() + static_cast<std::ptrdiff_t>(first));
  selection->first = first;
}

std::string PatchSetJson(const PatchSet& s) {
  Json selected = Json::array();
  for (const SelectedTrajectory& t : s.selected) {
    selected.push_back({{"id", t.id}, {"label", std::string(LabelName(t.label))}});
  }
  Json unreadable = Json::array();
  for (const auto& [where, why] : s.unreadable) unreadable.push_back({{"where", where}, {"why", why}});
  Json units = Json::array();
  for (const PatchUnit& u : s.units) units.push_back(Json::parse(PatchUnitJson(u)));
  Json j = {{"schema", kPatchSetSchema},
            {"run_key", s.run_key},
            {"shard", fmt::format("{}/{}", s.shard.index, s.shard.count)},
            {"range", {s.first, s.last}},
            {"selection",
             {{"all", s.all},
              {"unlabelled", s.unlabelled},
              {"unreadable", unreadable},
              {"content_hash", s.content_hash},
              {"selected", selected},
              {"evidence", s.evidence}}},
            {"inputs", {{"traces", s.trace_paths}, {"store", s.store}, {"labels", s.labels}}},
            {"counts", Counts(s)},
            {"notes", s.notes},
            {"accounting", s.accounting},
            {"units", units},
            {"fates", Json::parse(s.fates.ToJson())}};
  return j.dump(2) + "\n";
}

Result<PatchSet> ReadPatchSet(const fs::path& dir) {
  const fs::path path = dir / kPatchSetFile;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound(fmt::format("{}: no such folder", dir.string()));
  }
  if (!fs::is_regular_file(path, ec)) {
    return Status::NotFound(fmt::format(
        "{}: not a shard's folder (no {}); shards are made by trace2skill evolve --shard i/n "
        "--until analyze --out DIR",
        dir.string(), kPatchSetFile));
  }
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const std::string source = path.string();
  PatchSet s;
  std::string where = "$";
  try {
    Json j = Json::parse(text);
    if (j.value("schema", "") != kPatchSetSchema) {
      return Status::InvalidArgument(
          fmt::format("{}: $.schema: expected \"{}\"", source, kPatchSetSchema));
    }
    where = "$.shard";
    T2S_ASSIGN_OR_RETURN(s.shard, ParseShardSpec(j.at("shard").get<std::string>(), source + ": $.shard"));
    where = "$";
    s.run_key = j.at("run_key").get<std::string>();
    s.first = j.at("range").at(0).get<size_t>();
    s.last = j.at("range").at(1).get<size_t>();
    const Json& sel = j.at("selection");
    where = "$.selection";
    s.all = sel.at("all").get<size_t>();
    s.unlabelled = sel.at("unlabelled").get<size_t>();
    for (const Json& u : sel.at("unreadable")) {
      s.unreadable.emplace_back(u.at("where").get<std::string>(), u.at("why").get<std::string>());
    }
    s.content_hash = sel.at("content_hash").get<std::string>();
    for (const Json& t : sel.at("selected")) {
      std::optional<Label> label = ParseLabel(t.at("label").get<std::string>());
      if (!label) throw std::invalid_argument("a selected trajectory's label is not one");
      s.selected.push_back({t.at("id").get<std::string>(), *label});
    }
    s.evidence = sel.at("evidence").get<std::string>();
    where = "$.inputs";
    s.trace_paths = j.at("inputs").at("traces").get<std::vector<std::string>>();
    s.store = j.at("inputs").at("store").get<std::string>();
    s.labels = j.at("inputs").at("labels").get<std::string>();
    where = "$.counts";
    const Json& c = j.at("counts");
    s.analyzed = c.at("analyzed").get<size_t>();
    s.agentic = c.at("agentic").get<size_t>();
    s.verified = c.at("verified").get<size_t>();
    s.unverified = c.at("unverified").get<size_t>();
    s.golden_refusals = c.at("golden_refusals").get<size_t>();
    s.proposed_edits = c.at("proposed_edits").get<size_t>();
    where = "$";
    s.notes = j.at("notes").get<std::vector<std::string>>();
    s.accounting = j.at("accounting").get<std::string>();
    const Json& units = j.at("units");
    for (size_t i = 0; i < units.size(); ++i) {
      T2S_ASSIGN_OR_RETURN(PatchUnit u,
                           ParsePatchUnit(units[i].dump(), fmt::format("{}: $.units[{}]", source, i)));
      s.units.push_back(std::move(u));
    }
    T2S_ASSIGN_OR_RETURN(s.fates, Fates::FromJson(j.at("fates").dump(), source + ": $.fates"));
  } catch (const std::exception& e) {
    return Status::InvalidArgument(fmt::format(
        "{}: {}: not a patch set as evolve --until analyze writes it ({})", source, where, e.what()));
  }
  if (s.first > s.last || s.last > s.selected.size()) {
    return Status::InvalidArgument(
        fmt::format("{}: $.range: [{}, {}) is not within the {} selected trajectories", source,
                    s.first, s.last, s.selected.size()));
  }
  // Each unit is of a trajectory of the shard's range, and holds its edits.
  size_t edits = 0;
  for (size_t i = 0; i < s.units.size(); ++i) {
    const PatchUnit& u = s.units[i];
    size_t index = SIZE_MAX;
    if (u.id.rfind("L0-", 0) == 0) index = std::strtoul(u.id.c_str() + 3, nullptr, 10);
    if (index < s.first || index >= s.last || u.edits.empty() ||
        u.edits[0].sources != std::vector<std::string>{s.selected[index].id}) {
      return Status::InvalidArgument(fmt::format(
          "{}: $.units[{}]: unit \"{}\" is not a level-0 patch of a trajectory of the shard's "
          "range [{}, {})",
          source, i, u.id, s.first, s.last));
    }
    edits += u.edits.size();
  }
  if (edits != s.proposed_edits) {
    return Status::InvalidArgument(
        fmt::format("{}: $.units: {} edits, but $.counts.proposed_edits says {}", source, edits,
                    s.proposed_edits));
  }
  return s;
}

Result<PatchSet> JoinPatchSets(std::vector<PatchSet> sets, const std::vector<fs::path>& dirs) {
  if (sets.empty()) return Status::InvalidArgument("--merge-from: no patch set given");
  std::vector<ShardSpec> specs;
  std::vector<std::string> names;
  for (size_t k = 0; k < sets.size(); ++k) {
    if (sets[k].run_key != sets[0].run_key) {
      return Status::FailedPrecondition(fmt::format(
          "--merge-from: {} holds a patch set of other trajectories or settings than {} (run key "
          "{} vs {}): every shard must be run with the same inputs and flags",
          dirs[k].string(), dirs[0].string(), sets[k].run_key.substr(0, 12),
          sets[0].run_key.substr(0, 12)));
    }
    specs.push_back(sets[k].shard);
    names.push_back(dirs[k].string());
  }
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> order, OrderShards(specs, names, "--merge-from"));
  // Shard order is selection order: the units come out as one run's would.
  PatchSet joined = std::move(sets[order[0]]);
  joined.shard = ShardSpec{1, 1};
  joined.first = 0;
  joined.last = joined.selected.size();
  for (size_t i = 1; i < order.size(); ++i) {
    PatchSet& s = sets[order[i]];
    for (PatchUnit& u : s.units) joined.units.push_back(std::move(u));
    for (const auto& [id, fate] : s.fates.trajectories()) {
      // Skipped ones are in every set; the shard that owns a selected one says what became of it.
      if (fate.fate != "skipped" && fate.fate != "unreadable") joined.fates.Trajectory(fate);
    }
    for (const auto& [id, fate] : s.fates.edits()) joined.fates.Edit(fate);
    joined.analyzed += s.analyzed;
    joined.agentic += s.agentic;
    joined.verified += s.verified;
    joined.unverified += s.unverified;
    joined.golden_refusals += s.golden_refusals;
    joined.proposed_edits += s.proposed_edits;
    for (std::string& note : s.notes) {
      if (std::find(joined.notes.begin(), joined.notes.end(), note) == joined.notes.end())
        joined.notes.push_back(std::move(note));
    }
  }
  joined.accounting.clear();
  return joined;
}

Selection SelectionOf(const PatchSet& set) {
  Selection s;
  s.all = set.all;
  s.unlabelled = set.unlabelled;
  s.selected = set.selected;
  s.unreadable = set.unreadable;
  s.content_hash = set.content_hash;
  return s;
}

Result<std::vector<PatchUnit>> PatchSetAnalyst::Analyze(const AnalystInputs&, Fates* fates,
                                                        EvolveSummary* summary) {
  for (const auto& [id, fate] : set_.fates.trajectories()) fates->Trajectory(fate);
  for (const auto& [id, fate] : set_.fates.edits()) fates->Edit(fate);
  summary->analyzed += set_.analyzed;
  summary->agentic += set_.agentic;
  summary->verified += set_.verified;
  summary->unverified += set_.unverified;
  summary->golden_refusals += set_.golden_refusals;
  summary->proposed_edits += set_.proposed_edits;
  summary->notes.insert(summary->notes.end(), set_.notes.begin(), set_.notes.end());
  return std::move(set_.units);
}

}  // namespace t2s
