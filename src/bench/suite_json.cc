#include "bench/suite_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/file_io.h"
#include "base/json_error.h"
#include "bench/suite_paths.h"
#include "check/answer_position.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Every error of one record carries its place ("suite/tasks.jsonl:3").
class Reader {
 public:
  explicit Reader(std::string where) : where_(std::move(where)) {}

  Status Error(std::string_view field, std::string_view what) const {
    return Status::InvalidArgument(fmt::format("{}: field \"{}\": {}", where_, field, what));
  }
  Status TypeError(std::string_view field, std::string_view expected, const Json& got) const {
    return Error(field, fmt::format("expected {}, got {}", expected, JsonKindName(got)));
  }

  // Fields other than `allowed` are refused, so a misspelt one is not
  // silently ignored.
  Status OnlyFields(const Json& obj, std::string_view prefix,
                    std::initializer_list<std::string_view> allowed, std::string_view owner) const {
    for (const auto& [key, value] : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Error(fmt::format("{}{}", prefix, key),
                   fmt::format("not a field of {} (expected {})", owner, list));
    }
    return Status::Ok();
  }

  // A required (or, with `fallback`, optional) non-empty string.
  Result<std::string> String(const Json& obj, std::string_view prefix, const char* key,
                             const std::string* fallback = nullptr) const {
    std::string field = fmt::format("{}{}", prefix, key);
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (fallback != nullptr) return *fallback;
      return Error(field, "missing");
    }
    if (!it->is_string()) return TypeError(field, "string", *it);
    std::string value = it->get<std::string>();
    if (value.empty() && fallback == nullptr) return Error(field, "must not be empty");
    return value;
  }

  Result<double> Number(const Json& obj, std::string_view prefix, const char* key) const {
    std::string field = fmt::format("{}{}", prefix, key);
    auto it = obj.find(key);
    if (it == obj.end()) return Error(field, "missing");
    if (!it->is_number()) return TypeError(field, "number", *it);
    double value = it->get<double>();
    if (!std::isfinite(value)) return Error(field, "expected a finite number");
    return value;
  }

  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

const std::string kEmpty;

// A path the task names inside the suite: safe, present, not a link out.
Result<std::string> SuitePath(const Reader& r, std::string_view field, const std::string& rel,
                              const fs::path& root) {
  Result<std::string> safe = SafeRelativePath(rel, "suite");
  if (!safe.ok()) return r.Error(field, safe.status().message());
  fs::path host = root / *safe;
  std::error_code ec;
  if (!fs::exists(host, ec)) {
    return r.Error(field, fmt::format("\"{}\": not found in the suite folder", rel));
  }
  if (!PathIsWithin(host, root)) {
    return r.Error(field, fmt::format("\"{}\": leads outside the suite folder", rel));
  }
  return host.string();
}

Result<std::string> WorkspacePath(const Reader& r, std::string_view field, const std::string& rel) {
  Result<std::string> safe = SafeRelativePath(rel, "workspace");
  if (!safe.ok()) return r.Error(field, safe.status().message());
  return *safe;
}

Status ParseCheck(const Reader& r, const Json& check, const fs::path& root, CheckSpec* out) {
  if (!check.is_object()) return r.TypeError("check", "object", check);
  auto kind_it = check.find("kind");
  if (kind_it == check.end()) return r.Error("check.kind", "missing");
  if (!kind_it->is_string()) return r.TypeError("check.kind", "string", *kind_it);
  std::string kind = kind_it->get<std::string>();
  const std::string p = "check.";
  if (kind == "exact") {
    out->kind = CheckSpec::Kind::kExact;
    T2S_RETURN_IF_ERROR(r.OnlyFields(check, p, {"kind", "expected", "file"}, "an exact check"));
    auto it = check.find("expected");
    if (it == check.end()) return r.Error("check.expected", "missing");
    if (!it->is_string()) return r.TypeError("check.expected", "string", *it);
    out->expected = it->get<std::string>();
  } else if (kind == "number") {
    out->kind = CheckSpec::Kind::kNumber;
    T2S_RETURN_IF_ERROR(
        r.OnlyFields(check, p, {"kind", "expected", "tolerance", "file"}, "a number check"));
    T2S_ASSIGN_OR_RETURN(out->expected_number, r.Number(check, p, "expected"));
    if (check.contains("tolerance")) {
      T2S_ASSIGN_OR_RETURN(out->tolerance, r.Number(check, p, "tolerance"));
      if (out->tolerance < 0) return r.Error("check.tolerance", "must not be negative");
    }
  } else if (kind == "xlsx") {
    out->kind = CheckSpec::Kind::kXlsx;
    T2S_RETURN_IF_ERROR(
        r.OnlyFields(check, p, {"kind", "file", "golden", "ranges", "sheet"}, "an xlsx check"));
    T2S_ASSIGN_OR_RETURN(std::string golden, r.String(check, p, "golden"));
    T2S_ASSIGN_OR_RETURN(out->golden, SuitePath(r, "check.golden", golden, root));
    T2S_ASSIGN_OR_RETURN(out->ranges, r.String(check, p, "ranges"));
    if (auto parsed = ParseAnswerPosition(out->ranges); !parsed.ok()) {
      return r.Error("check.ranges", parsed.status().message());
    }
    T2S_ASSIGN_OR_RETURN(out->sheet, r.String(check, p, "sheet", &kEmpty));
    if (!check.contains("file")) return r.Error("check.file", "missing");
  } else if (kind == "command") {
    out->kind = CheckSpec::Kind::kCommand;
    T2S_RETURN_IF_ERROR(r.OnlyFields(check, p, {"kind", "run", "timeout"}, "a command check"));
    T2S_ASSIGN_OR_RETURN(out->run, r.String(check, p, "run"));
    if (check.contains("timeout")) {
      T2S_ASSIGN_OR_RETURN(double seconds, r.Number(check, p, "timeout"));
      if (seconds <= 0 || seconds > 86400) {
        return r.Error("check.timeout", "expected seconds, more than 0 and at most 86400");
      }
      out->timeout_ms = std::max<int64_t>(1, std::llround(seconds * 1000));
    }
  } else {
    return r.Error("check.kind",
                   fmt::format("expected one of exact, number, xlsx, command, got \"{}\"", kind));
  }
  if (check.contains("file")) {
    T2S_ASSIGN_OR_RETURN(std::string file, r.String(check, p, "file"));
    T2S_ASSIGN_OR_RETURN(out->file, WorkspacePath(r, "check.file", file));
  }
  return Status::Ok();
}

Status ParseFiles(const Reader& r, const Json& files, const fs::path& root, const CheckSpec& check,
                  std::vector<TaskFile>* out) {
  if (!files.is_array()) return r.TypeError("files", "array", files);
  for (size_t i = 0; i < files.size(); ++i) {
    const Json& entry = files[i];
    std::string field = fmt::format("files[{}]", i);
    std::string from, to;
    if (entry.is_string()) {
      from = entry.get<std::string>();
    } else if (entry.is_object()) {
      std::string prefix = field + ".";
      T2S_RETURN_IF_ERROR(r.OnlyFields(entry, prefix, {"from", "to"}, "a file entry"));
      T2S_ASSIGN_OR_RETURN(from, r.String(entry, prefix, "from"));
      T2S_ASSIGN_OR_RETURN(to, r.String(entry, prefix, "to"));
      T2S_ASSIGN_OR_RETURN(to, WorkspacePath(r, prefix + "to", to));
    } else {
      return r.TypeError(field, "string or object {\"from\", \"to\"}", entry);
    }
    T2S_ASSIGN_OR_RETURN(std::string host, SuitePath(r, field, from, root));
    std::string rel = fs::path(host).lexically_relative(root).generic_string();
    if (rel == "tasks.jsonl") {
      return r.Error(field, fmt::format("\"{}\": holds the expected answers and never enters the "
                                        "workspace",
                                        from));
    }
    if (!check.golden.empty() && PathIsWithin(check.golden, host)) {
      return r.Error(field, fmt::format("\"{}\": holds the task's golden workbook; golden material "
                                        "never enters the workspace",
                                        from));
    }
    out->push_back({host, to.empty() ? rel : to});
  }
  return Status::Ok();
}

Result<Json> ParseJson(std::string_view text, const std::string& where_for_position, size_t line) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    JsonErrorPlace at = DescribeJsonError(e.byte, e.what(), text);
    return Status::InvalidArgument(fmt::format("{}:{}:{}: invalid JSON: {}", where_for_position,
                                               line + at.line - 1, at.column, at.detail));
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(fmt::format("{}:{}: invalid JSON: {}", where_for_position, line,
                                               DescribeJsonError(0, e.what(), text).detail));
  }
}

}  // namespace

const char* JsonKindName(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

Result<SuiteHeader> ParseSuiteHeader(std::string_view text, const std::string& display) {
  T2S_ASSIGN_OR_RETURN(Json doc, ParseJson(text, display, 1));
  Reader r(display);
  if (!doc.is_object()) {
    return Status::InvalidArgument(
        fmt::format("{}: expected a JSON object, got {}", display, JsonKindName(doc)));
  }
  T2S_RETURN_IF_ERROR(r.OnlyFields(doc, "", {"schema", "name", "description"}, "suite.json"));
  SuiteHeader header;
  T2S_ASSIGN_OR_RETURN(header.schema, r.String(doc, "", "schema"));
  if (header.schema != kSuiteSchema) {
    return r.Error("schema",
                   fmt::format("expected \"{}\", got \"{}\"", kSuiteSchema, header.schema));
  }
  T2S_ASSIGN_OR_RETURN(header.name, r.String(doc, "", "name"));
  T2S_ASSIGN_OR_RETURN(header.description, r.String(doc, "", "description", &kEmpty));
  return header;
}

Result<TaskSpec> ParseTaskLine(std::string_view text, const std::string& display, size_t line,
                               const fs::path& root) {
  T2S_ASSIGN_OR_RETURN(Json doc, ParseJson(text, display, line));
  Reader r(fmt::format("{}:{}", display, line));
  if (!doc.is_object()) {
    return Status::InvalidArgument(
        fmt::format("{}: expected a JSON object, got {}", r.where(), JsonKindName(doc)));
  }
  T2S_RETURN_IF_ERROR(
      r.OnlyFields(doc, "", {"id", "instruction", "type", "files", "check", "metadata"}, "a task"));
  TaskSpec task;
  task.line = line;
  T2S_ASSIGN_OR_RETURN(task.id, r.String(doc, "", "id"));
  if (!IsValidTaskId(task.id)) {
    return r.Error("id", fmt::format("\"{}\": expected letters, digits, '_', '.' or '-', not "
                                     "starting with '.' or '-', at most 128 characters",
                                     task.id));
  }
  T2S_ASSIGN_OR_RETURN(task.instruction, r.String(doc, "", "instruction"));
  T2S_ASSIGN_OR_RETURN(task.type, r.String(doc, "", "type", &kEmpty));
  auto check = doc.find("check");
  if (check == doc.end()) return r.Error("check", "missing");
  T2S_RETURN_IF_ERROR(ParseCheck(r, *check, root, &task.check));
  if (auto files = doc.find("files"); files != doc.end()) {
    T2S_RETURN_IF_ERROR(ParseFiles(r, *files, root, task.check, &task.files));
  }
  return task;
}

}  // namespace t2s
