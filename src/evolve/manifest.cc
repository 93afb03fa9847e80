#include "evolve/manifest.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "evolve/answer_schema.h"
#include "llm/redact.h"
#include "trace2skill/version.h"

namespace t2s {

using Json = nlohmann::ordered_json;

namespace {

std::string Absolute(const std::string& path) {
  if (path.empty() || path == "-") return path;
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::time_point_cast<std::chrono::seconds>(t));
}

}  // namespace

std::string ManifestText(const ManifestInputs& in, const EvolveOptions& o, const EvolveSummary& s) {
  Json manifest;
  manifest["schema"] = "t2s.manifest/1";
  manifest["version"] = std::string(kVersion);
  manifest["analyst"] = in.analyst;
  manifest["status"] = s.failure.empty() ? "done" : "failed";
  if (!s.failure.empty()) manifest["failure"] = s.failure;
  manifest["settings"] = {{"mode", o.mode},
                          {"fan_in", o.fan_in},
                          {"min_support", s.min_support},
                          {"min_support_from", s.min_support_from},
                          {"route", o.route},
                          {"trajectory_tokens", o.trajectory_tokens},
                          {"max_tokens", o.max_tokens},
                          {"seed", o.seed ? Json(*o.seed) : Json()},
                          {"temperature", o.temperature ? Json(*o.temperature) : Json()}};
  if (in.client != nullptr) {
    Json urls = Json::array();
    for (const Endpoint& e : in.llm->endpoints) urls.push_back(RedactUrl(e.base_url));
    manifest["llm"] = {
        {"provider", in.llm->provider},
        {"model", in.llm->model},
        {"endpoints", urls},
        {"structured_output", std::string(StructuredModeName(in.client->mode_of(0)))},
        {"price_known", in.llm->options.prices.count(in.llm->model) != 0}};
    if (in.llm->options.batch.enabled) {
      manifest["llm"]["batch"] = {{"window", in.llm->options.batch.window},
                                  {"price_factor", in.llm->options.batch.price_factor}};
    }
  } else {
    manifest["llm"] = "none: no LLM was used (offline analyst; counts from trace2skill mine)";
  }
  manifest["skill"] = {{"input", in.skill_dir}, {"name", in.seed->folder_name}};
  if (in.inputs != nullptr) {
    Json traces = Json::array();
    for (const std::string& p : in.inputs->trace_paths) traces.push_back(Absolute(p));
    manifest["inputs"] = {{"traces", traces},
                          {"store", Absolute(in.inputs->store)},
                          {"labels", Absolute(in.inputs->labels)}};
  }
  if (in.started.time_since_epoch().count() != 0) {
    auto now = std::chrono::system_clock::now();
    manifest["started"] = IsoUtc(in.started);
    manifest["finished"] = IsoUtc(now);
    manifest["seconds"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - in.started).count() / 1000.0;
  }
  if (in.prompts != nullptr) {
    manifest["prompts"] = in.prompts->Hashes();
    manifest["prompts_overridden"] = in.prompts->overridden();
    for (const std::string& name : AnswerSchemaNames())
      manifest["schemas"][name] = HexHash(AnswerSchema(name));
  }
  manifest["counts"] = {{"trajectories", s.trajectories},
                        {"selected", s.selected},
                        {"unlabelled", s.unlabelled},
                        {"unreadable_records", s.unreadable},
                        {"analyzed", s.analyzed},
                        {"proposed_edits", s.proposed_edits},
                        {"applied_edits", s.applied_edits},
                        {"routed_edits", s.routed_edits},
                        {"dropped_final_edits", s.dropped_edits},
                        {"validation_errors", s.validation_errors}};
  if (s.agentic > 0) {
    const AgenticOptions& a = o.agentic;
    manifest["agentic_analysts"] = {{"episodes", s.agentic},
                                    {"verified", s.verified},
                                    {"unverified", s.unverified},
                                    {"unverified_kept", a.keep_unverified},
                                    {"golden_refusals", s.golden_refusals},
                                    {"turns", a.turns},
                                    {"episode_tokens", a.episode_tokens},
                                    {"sandbox", a.sandbox.mode == SandboxMode::kBwrap ? "bwrap" : "none"}};
  }
  manifest["top_analysis_failures"] = s.top_failures;
  manifest["top_drop_reasons"] = s.top_drops;
  manifest["notes"] = s.notes;
  Json validation = Json::array();
  if (in.findings != nullptr) {
    for (const Finding& f : *in.findings) {
      validation.push_back({{"file", f.file},
                            {"line", f.line},
                            {"severity", f.severity == Severity::kError ? "error" : "warning"},
                            {"rule", f.rule},
                            {"message", f.message}});
    }
  }
  manifest["validation"] = validation;
  if (in.client != nullptr) manifest["accounting"] = Json::parse(in.client->accounting().ToJson());
  if (in.evidence != nullptr) manifest["evidence"] = Json::parse(in.evidence->ToJson(10));
  return manifest.dump(2) + "\n";
}

}  // namespace t2s
