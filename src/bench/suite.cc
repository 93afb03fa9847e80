#include "bench/suite.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <system_error>
#include <unordered_map>

#include "base/file_io.h"
#include "base/text.h"
#include "bench/spreadsheetbench_suite.h"
#include "bench/suite_json.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSpreadsheetBenchPrefix = "spreadsheetbench:";

// The folder `spec` names, absolute, or why it cannot be a suite.
Result<fs::path> SuiteFolder(std::string_view spec) {
  if (spec.empty()) return Status::InvalidArgument("suite: empty path");
  std::error_code ec;
  fs::path dir(spec);
  if (!fs::exists(dir, ec)) return Status::NotFound(fmt::format("{}: not found", spec));
  if (!fs::is_directory(dir, ec))
    return Status::InvalidArgument(fmt::format("{}: not a folder", spec));
  fs::path abs = fs::absolute(dir, ec);
  if (ec) return Status::IoError(fmt::format("{}: {}", spec, ec.message()));
  return abs.lexically_normal();
}

// A task's files may not hold another task's golden workbook either
// (ParseTaskLine checks the task's own). Paths are resolved once and
// compared as text, so this stays cheap for large suites.
Status CheckNoGoldenInFiles(const Suite& suite, const std::string& tasks_name) {
  std::map<std::string, std::string> golden_owner;  // resolved path -> task id
  std::error_code ec;
  for (const TaskSpec& t : suite.tasks) {
    if (t.check.golden.empty()) continue;
    golden_owner.emplace(fs::weakly_canonical(t.check.golden, ec).string(), t.id);
  }
  if (golden_owner.empty()) return Status::Ok();
  for (const TaskSpec& t : suite.tasks) {
    for (size_t i = 0; i < t.files.size(); ++i) {
      std::string f = fs::weakly_canonical(t.files[i].source, ec).string();
      auto it = golden_owner.find(f);
      if (it == golden_owner.end()) {
        // The first golden path under folder f, if any, sorts first among those after "f/".
        it = golden_owner.lower_bound(f + "/");
        if (it != golden_owner.end() && !it->first.starts_with(f + "/")) it = golden_owner.end();
      }
      bool inside = it != golden_owner.end();
      if (!inside) continue;
      std::string rel = fs::path(t.files[i].source).lexically_relative(suite.root).generic_string();
      return Status::InvalidArgument(fmt::format(
          "{}:{}: field \"files[{}]\": \"{}\": holds the golden workbook of task \"{}\"; golden "
          "material never enters the workspace",
          tasks_name, t.line, i, rel, it->second));
    }
  }
  return Status::Ok();
}

Result<Suite> LoadT2sSuite(std::string_view spec) {
  T2S_ASSIGN_OR_RETURN(fs::path root, SuiteFolder(spec));
  std::string header_name = (fs::path(spec) / "suite.json").string();
  std::error_code ec;
  if (!fs::exists(root / "suite.json", ec)) {
    std::string hint =
        fs::exists(root / "dataset.json", ec)
            ? fmt::format("; for SpreadsheetBench data use spreadsheetbench:{}", spec)
            : "";
    return Status::InvalidArgument(
        fmt::format("{}: not a suite folder (no suite.json{})", spec, hint));
  }
  T2S_ASSIGN_OR_RETURN(std::string header_text, ReadFile(root / "suite.json"));
  T2S_ASSIGN_OR_RETURN(SuiteHeader header, ParseSuiteHeader(header_text, header_name));

  std::string tasks_name = (fs::path(spec) / "tasks.jsonl").string();
  if (!fs::exists(root / "tasks.jsonl", ec)) {
    return Status::NotFound(fmt::format("{}: not found", tasks_name));
  }
  T2S_ASSIGN_OR_RETURN(std::string tasks_text, ReadFile(root / "tasks.jsonl"));
  Suite suite;
  suite.schema = header.schema;
  suite.name = header.name;
  suite.description = header.description;
  suite.root = root.string();
  std::unordered_map<std::string, size_t> first_line;
  std::vector<std::string_view> lines = SplitLines(tasks_text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (IsBlank(lines[i])) continue;
    T2S_ASSIGN_OR_RETURN(TaskSpec task, ParseTaskLine(lines[i], tasks_name, i + 1, root));
    auto [it, fresh] = first_line.emplace(task.id, i + 1);
    if (!fresh) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: duplicate task id \"{}\" (first on line {})", tasks_name, i + 1,
                      task.id, it->second));
    }
    suite.tasks.push_back(std::move(task));
  }
  if (suite.tasks.empty()) return Status::InvalidArgument(fmt::format("{}: no tasks", tasks_name));
  T2S_RETURN_IF_ERROR(CheckNoGoldenInFiles(suite, tasks_name));
  return suite;
}

}  // namespace

std::string_view CheckKindName(CheckSpec::Kind kind) {
  switch (kind) {
    case CheckSpec::Kind::kExact:
      return "exact";
    case CheckSpec::Kind::kNumber:
      return "number";
    case CheckSpec::Kind::kXlsx:
      return "xlsx";
    case CheckSpec::Kind::kCommand:
      return "command";
  }
  return "unknown";
}

Result<Suite> LoadSuite(std::string_view spec) {
  if (spec.substr(0, kSpreadsheetBenchPrefix.size()) == kSpreadsheetBenchPrefix) {
    std::string_view path = spec.substr(kSpreadsheetBenchPrefix.size());
    T2S_ASSIGN_OR_RETURN(fs::path root, SuiteFolder(path));
    return LoadSpreadsheetBench(root, std::string(path));
  }
  return LoadT2sSuite(spec);
}

}  // namespace t2s
