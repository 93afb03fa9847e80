#include "evolve/analyst_tools.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bench/check_task.h"
#include "evolve/answer_schema.h"
#include "llm/json_extract.h"

namespace t2s {

namespace {

constexpr const char* kCheckParameters =
    R"({"type":"object","properties":{"message":{"type":"string","description":)"
    R"("For a task judged on the agent's final message: the corrected message. Empty: the )"
    R"(agent's own final message. Files are judged as they are in /workspace."}},)"
    R"("required":["message"],"additionalProperties":false})";

}  // namespace

std::string GoldenQuote(const Analysis& a, const GoldenValues& golden) {
  auto quoted = [&](const std::string& text) { return golden.QuotedIn(text); };
  for (size_t i = 0; i < a.lessons.size(); ++i) {
    const Lesson& l = a.lessons[i];
    const std::pair<const char*, const std::string*> fields[] = {
        {"title", &l.title}, {"when", &l.when}, {"do", &l.do_}, {"avoid", &l.avoid}};
    for (const auto& [name, text] : fields) {
      if (auto q = quoted(*text)) return fmt::format("lesson {} ({}) quotes \"{}\"", i + 1, name, *q);
    }
  }
  for (size_t i = 0; i < a.edits.size(); ++i) {
    if (auto q = quoted(a.edits[i].content)) {
      return fmt::format("edit {} (content) quotes \"{}\"", i + 1, *q);
    }
  }
  for (size_t i = 0; i < a.changelog.size(); ++i) {
    if (auto q = quoted(a.changelog[i])) return fmt::format("changelog {} quotes \"{}\"", i + 1, *q);
  }
  return "";
}

void AnalystTools::Add(const std::string& id, AnalystEpisode episode) {
  std::lock_guard<std::mutex> hold(mu_);
  episodes_[id] = std::move(episode);
  records_[id] = AnalystRecord{};
}

std::vector<ToolSpec> AnalystTools::Specs() const {
  return {{"check",
           "Runs the task's checker on your candidate (the files in /workspace) and returns PASS, "
           "or FAIL with what differs. Your diagnosis counts only if a check passes before you "
           "submit.",
           kCheckParameters},
          {"submit",
           "Hands in your analysis (causes, at most 3 lessons, edits to the skill) and ends your "
           "work. Call it once, after a check passed.",
           AnswerSchema(kAnalysisAnswer)}};
}

LocalToolResult AnalystTools::Run(const EpisodeSpec& spec, const ToolCall& call) {
  AnalystEpisode* e = nullptr;
  AnalystRecord* r = nullptr;
  {
    std::lock_guard<std::mutex> hold(mu_);
    auto it = episodes_.find(spec.id);
    if (it == episodes_.end()) return {"internal: unknown analyst episode " + spec.id, true, false};
    e = &it->second;
    r = &records_[spec.id];
  }
  // Map nodes are stable and one episode's calls never overlap.
  if (call.name == "check") return Check(spec, *e, call.arguments, r);
  return Submit(*e, call.arguments, r);
}

LocalToolResult AnalystTools::Check(const EpisodeSpec& spec, AnalystEpisode& e,
                                    const std::string& args, AnalystRecord* r) {
  nlohmann::json j = nlohmann::json::parse(args, nullptr, false);
  if (!j.is_object() || (j.contains("message") && !j["message"].is_string())) {
    return {"check arguments must be a JSON object {\"message\": \"...\"} (\"\" keeps the agent's "
            "final message)",
            true, false};
  }
  std::string message = j.value("message", "");
  if (message.empty()) message = e.task.final_message;
  CheckVerdict v = CheckTask(*e.task.suite, *e.task.task, spec.workspace, message);
  ++r->checks;
  switch (v.kind) {
    case CheckVerdict::Kind::kPass:
      ++r->passes;
      r->last_check = "PASS";
      return {v.detail.empty() ? "PASS" : "PASS\n" + v.detail, false, false};
    case CheckVerdict::Kind::kFail:
      // What the checker says it expected is now known to the analyst.
      e.golden.AddExpected(v.detail);
      r->last_check = "FAIL: " + v.detail;
      return {r->last_check, false, false};
    case CheckVerdict::Kind::kError:
      break;
  }
  r->last_check = "ERROR: " + v.detail;
  return {"ERROR: the checker could not run: " + v.detail, true, false};
}

LocalToolResult AnalystTools::Submit(const AnalystEpisode& e, const std::string& args,
                                     AnalystRecord* r) {
  nlohmann::json j = nlohmann::json::parse(args, nullptr, false);
  if (!j.is_object()) {
    return {"submit arguments must be a JSON object with kind, causes, lessons, edits and "
            "changelog",
            true, false};
  }
  // Tool arguments are not constrained by every server: the schema is
  // checked here, as the client checks a structured answer.
  Status valid = ValidateJsonSchema(args, AnswerSchema(kAnalysisAnswer));
  if (!valid.ok()) return {"submit refused: " + valid.message(), true, false};
  Result<Analysis> a = ParseAnalysis(args);
  if (!a.ok()) return {"submit refused: " + a.status().message(), true, false};
  std::string quote = GoldenQuote(*a, e.golden);
  if (!quote.empty()) {
    r->refusals.push_back(quote);
    return {fmt::format("submit refused: {}, a value of this task's ground truth. Lessons and "
                        "edits must hold for other tasks: say what the agent should do, not this "
                        "task's answer. Rephrase and submit again.",
                        quote),
            true, false};
  }
  r->verified = r->passes > 0;
  r->analysis = std::move(*a);
  return {r->verified ? "submitted (verified: a check passed)"
                      : "submitted (unverified: no check passed before it)",
          false, true};
}

AnalystRecord AnalystTools::Record(const std::string& id) const {
  std::lock_guard<std::mutex> hold(mu_);
  auto it = records_.find(id);
  return it == records_.end() ? AnalystRecord{} : it->second;
}

}  // namespace t2s
