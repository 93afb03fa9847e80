#include "bench/loop_report.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "report/render_report.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// Every held-out comparison worth reading: each skill against no skill,
// and the kept candidate against S0.
// (skill, its comparison), in that order.
std::vector<std::pair<std::string, Comparison>> HeldOut(const LoopResult& r) {
  std::vector<std::pair<std::string, Comparison>> out;
  const EvalSummary& t = r.test;
  for (size_t i = 1; i < t.skills.size(); ++i) out.emplace_back(t.skills[i].label, CompareSkills(t, i, 0));
  if (t.skills.size() == 3) out.emplace_back(t.skills[2].label, CompareSkills(t, 2, 1));
  return out;
}

}  // namespace

std::string LoopText(const LoopResult& r) {
  std::string out;
  if (!r.gate_reason.empty()) out += "gate: " + r.gate_reason + "\n";
  for (const auto& [label, c] : HeldOut(r)) {
    out += fmt::format("held-out: {} against {}: {}\n", label, c.reference, c.words);
  }
  return out;
}

Status WriteLoopOutputs(const LoopOptions& o, const LoopResult& r) {
  Json candidates = Json::array();
  for (const LoopCandidate& c : r.candidates) {
    candidates.push_back({{"seed", c.seed},
                          {"label", c.label},
                          {"skill", c.dir.empty() ? Json()
                                                  : Json(fs::relative(c.dir, o.out).string())},
                          {"applied_edits", c.applied_edits},
                          {"why_none", c.why_none},
                          {"evolve_run", "evolve/" + c.label}});
  }
  Json held_out = Json::array();
  for (const auto& [label, c] : HeldOut(r)) {
    held_out.push_back({{"skill", label},
                        {"reference", c.reference},
                        {"pairs", c.pairs},
                        {"only_this_passed", c.b},
                        {"only_reference_passed", c.c},
                        {"p_value", c.p},
                        {"text", c.words}});
  }
  Json doc = {{"schema", kLoopSchema},
              {"suite", o.suite},
              {"train", o.train},
              {"test", o.test},
              {"seeds", o.seeds},
              {"s0", r.s0_dir},
              {"candidates", candidates},
              {"gate",
               {{"kept", r.kept_label},
                {"kept_seed_skill", r.kept_seed_skill},
                {"reason", r.gate_reason},
                {"gate_alpha", o.gate_alpha}}},
              {"held_out", held_out},
              {"skill", r.skill_out.empty() ? Json() : Json(fs::relative(r.skill_out, o.out).string())},
              {"selection", "selection/eval.json"},
              {"test", "test/eval.json"},
              {"complete", r.stop_reason.empty()},
              {"stop_reason", r.stop_reason}};
  fs::path out(o.out);
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "loop.json", doc.dump(2) + "\n"));
  return RenderReport(out);
}

}  // namespace t2s
