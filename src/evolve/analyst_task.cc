#include "evolve/analyst_task.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

std::string Meta(const Trajectory& t, const char* key) {
  auto it = t.metadata.find(key);
  return it == t.metadata.end() ? "" : it->second;
}

// The folder of the file the trajectory was read from ("runs/a/trajectories.jsonl:3").
fs::path RunFolder(const Trajectory& t) {
  std::string file = Meta(t, "file");
  size_t colon = file.rfind(':');
  if (colon != std::string::npos && colon + 1 < file.size() &&
      file.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    file.resize(colon);
  }
  if (file.empty()) return {};
  return fs::path(file).parent_path();
}

// The suite a run folder's results.json names.
std::string SuiteOfRunFolder(const fs::path& run) {
  if (run.empty()) return "";
  Result<std::string> text = ReadFile(run / "results.json");
  if (!text.ok()) return "";
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains("suite_path") || !j["suite_path"].is_string()) return "";
  return j["suite_path"].get<std::string>();
}

}  // namespace

Result<std::shared_ptr<const Suite>> AnalystTasks::Load(const std::string& spec) {
  auto it = suites_.find(spec);
  if (it == suites_.end()) {
    Result<Suite> loaded = LoadSuite(spec);
    Result<std::shared_ptr<const Suite>> entry =
        loaded.ok() ? Result<std::shared_ptr<const Suite>>(
                          std::make_shared<const Suite>(std::move(*loaded)))
                    : Result<std::shared_ptr<const Suite>>(Status::InvalidArgument(
                          fmt::format("suite {}: {}", spec, loaded.status().message())));
    it = suites_.emplace(spec, std::move(entry)).first;
  }
  return it->second;
}

Result<AnalystTask> AnalystTasks::Resolve(const Trajectory& t) {
  const fs::path run = RunFolder(t);
  std::string spec = Meta(t, "suite_path");
  if (spec.empty()) spec = SuiteOfRunFolder(run);
  if (spec.empty()) spec = fallback_;
  if (spec.empty()) {
    return Status::NotFound(
        "no suite: the trajectory was not written by trace2skill run (give --suite)");
  }
  T2S_ASSIGN_OR_RETURN(std::shared_ptr<const Suite> suite, Load(spec));
  std::string id = Meta(t, "task_id");
  if (id.empty()) id = t.id;
  AnalystTask task;
  for (const TaskSpec& s : suite->tasks) {
    if (s.id == id) task.task = &s;
  }
  if (task.task == nullptr) {
    return Status::NotFound(fmt::format("task {} is not in suite {}", id, suite->name));
  }
  task.suite = std::move(suite);
  std::string workspace = Meta(t, "workspace");
  std::error_code ec;
  if (!workspace.empty() && fs::is_directory(run / workspace, ec)) {
    task.final_workspace = fs::absolute(run / workspace, ec).lexically_normal().string();
  }
  for (const Step& s : t.steps) {
    if (s.role == Role::kAssistant && s.tool_calls.empty()) task.final_message = s.content;
  }
  return task;
}

}  // namespace t2s
