#include "trace/swe_bench_label.h"

#include <optional>

namespace t2s {
namespace {
namespace fs = std::filesystem;

std::optional<bool> Resolved(JsonValue obj) {
  std::optional<JsonValue> v = Field(obj, "resolved");
  if (!v) return std::nullopt;
  bool b = false;
  if (!v->get_bool().get(b)) return b;
  if (std::optional<double> n = NumberOf(*v)) return *n >= 1;
  return std::nullopt;
}

bool Lists(JsonValue report, const char* key, const std::string& id) {
  std::optional<JsonValue> list = Field(report, key);
  if (!list) return false;
  for (JsonValue v : ArrayOrEmpty(*list)) {
    std::string_view s;
    if (!v.get_string().get(s) && s == id) return true;
  }
  return false;
}

std::optional<bool> FromReport(const fs::path& file, const std::string& id) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  JsonDocument doc;
  if (!doc.Load(file, file.string()).ok()) return std::nullopt;
  JsonValue report = doc.root();
  if (std::optional<JsonValue> entry = Field(report, id)) return Resolved(*entry);
  if (Lists(report, "resolved_ids", id)) return true;
  if (Lists(report, "unresolved_ids", id)) return false;
  return Resolved(report);
}

}  // namespace

void ApplySweBenchLabel(const fs::path& trajectory, JsonValue record,
                        const std::string& instance_id, Trajectory* t) {
  std::optional<bool> resolved = Resolved(record);
  if (!resolved) {
    if (std::optional<JsonValue> info = Field(record, "info")) resolved = Resolved(*info);
  }
  std::string source = "resolved field";
  if (!resolved) {
    resolved = FromReport(trajectory.parent_path() / "report.json", instance_id);
    source = "report.json";
  }
  if (!resolved) return;
  t->outcome.label = *resolved ? Label::kSuccess : Label::kFail;
  t->outcome.source = source;
  t->metadata["label_source"] = source;
}

}  // namespace t2s
