#include "bench/spreadsheetbench_suite.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "base/file_io.h"
#include "base/json_error.h"
#include "bench/suite_json.h"
#include "bench/suite_paths.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct Record {
  std::string id, instruction, spreadsheet_path, instruction_type, answer_position, answer_sheet;
};

Result<Record> ReadRecord(const Json& item, size_t index, const std::string& where) {
  auto error = [&](std::string_view field, std::string_view what) {
    return Status::InvalidArgument(fmt::format("{}: field \"[{}]{}{}\": {}", where, index,
                                               field.empty() ? "" : ".", field, what));
  };
  if (!item.is_object())
    return error("", fmt::format("expected object, got {}", JsonKindName(item)));
  auto text = [&](const char* key, bool required, std::string* out) -> Status {
    auto it = item.find(key);
    if (it == item.end()) return required ? error(key, "missing") : Status::Ok();
    if (!it->is_string())
      return error(key, fmt::format("expected string, got {}", JsonKindName(*it)));
    *out = it->get<std::string>();
    if (required && out->empty()) return error(key, "must not be empty");
    return Status::Ok();
  };
  Record r;
  auto id = item.find("id");
  if (id == item.end()) return error("id", "missing");
  if (id->is_string()) {
    r.id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    r.id = id->dump();  // the verified data mixes 13284 and "13-1"
  } else {
    return error("id", fmt::format("expected string or integer, got {}", JsonKindName(*id)));
  }
  if (!IsValidTaskId(r.id)) {
    return error("id", fmt::format("\"{}\": expected letters, digits, '_', '.' or '-'", r.id));
  }
  T2S_RETURN_IF_ERROR(text("instruction", true, &r.instruction));
  T2S_RETURN_IF_ERROR(text("spreadsheet_path", true, &r.spreadsheet_path));
  T2S_RETURN_IF_ERROR(text("instruction_type", true, &r.instruction_type));
  T2S_RETURN_IF_ERROR(text("answer_position", true, &r.answer_position));
  T2S_RETURN_IF_ERROR(text("answer_sheet", false, &r.answer_sheet));
  Result<std::string> safe = SafeRelativePath(r.spreadsheet_path, "data");
  if (!safe.ok()) return error("spreadsheet_path", safe.status().message());
  r.spreadsheet_path = *safe;
  return r;
}

// The input and golden workbooks of one task folder, found as the
// benchmark's grader finds them: *golden.xlsx (one task's golden carries
// another id), *_init.xlsx, or golden.xlsx and initial.xlsx.
Status FindWorkbooks(const fs::path& dir, const std::string& display, fs::path* input,
                     fs::path* golden) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(fmt::format("{}: not found", display));
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return Status::IoError(fmt::format("{}: cannot list: {}", display, ec.message()));
  std::sort(names.begin(), names.end());
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (golden->empty() && it->ends_with("golden.xlsx")) *golden = dir / *it;
    if (input->empty() && (it->ends_with("_init.xlsx") || *it == "initial.xlsx"))
      *input = dir / *it;
  }
  if (input->empty()) {
    return Status::NotFound(
        fmt::format("{}: no input workbook (*_init.xlsx or initial.xlsx)", display));
  }
  if (golden->empty()) {
    return Status::NotFound(fmt::format("{}: no golden workbook (*golden.xlsx)", display));
  }
  return Status::Ok();
}

// What the benchmark tells a model about a task, with the workspace's file
// names. Paths are relative: the agent's commands start in the workspace,
// whatever the sandbox mounts it as.
std::string Instruction(const Record& r) {
  std::string text = r.instruction;
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  text += fmt::format(
      "\n\nThe spreadsheet is {} in the workspace (the current folder).\n"
      "Instruction type: {}\n"
      "Answer position: {}\n",
      SpreadsheetBenchInputName(r.id), r.instruction_type, r.answer_position);
  if (!r.answer_sheet.empty()) text += fmt::format("Answer sheet: {}\n", r.answer_sheet);
  text += fmt::format(
      "Save the modified workbook as {} in the workspace. For Cell-Level Manipulation the answer "
      "position names the cells to fill; for Sheet-Level Manipulation it is the largest range to "
      "modify. Only the cells in the answer position are checked.",
      SpreadsheetBenchOutputName(r.id));
  return text;
}

}  // namespace

std::string SpreadsheetBenchInputName(std::string_view id) {
  return fmt::format("1_{}_input.xlsx", id);
}

std::string SpreadsheetBenchOutputName(std::string_view id) {
  return fmt::format("1_{}_output.xlsx", id);
}

Result<Suite> LoadSpreadsheetBench(const fs::path& root, const std::string& display) {
  std::string dataset_name = (fs::path(display) / "dataset.json").string();
  std::error_code ec;
  if (!fs::exists(root / "dataset.json", ec)) {
    return Status::NotFound(
        fmt::format("{}: not found (a SpreadsheetBench folder holds dataset.json and spreadsheet/)",
                    dataset_name));
  }
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(root / "dataset.json"));
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::exception& e) {
    size_t byte = 0;
    if (const auto* pe = dynamic_cast<const Json::parse_error*>(&e)) byte = pe->byte;
    JsonErrorPlace at = DescribeJsonError(byte, e.what(), text);
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: invalid JSON: {}", dataset_name, at.line, at.column, at.detail));
  }
  if (!doc.is_array()) {
    return Status::InvalidArgument(
        fmt::format("{}: expected a list of tasks, got {}", dataset_name, JsonKindName(doc)));
  }
  Suite suite;
  suite.schema = std::string(kSpreadsheetBenchSchema);
  suite.name = root.filename().string();
  suite.root = root.string();
  std::unordered_map<std::string, size_t> first;
  for (size_t i = 0; i < doc.size(); ++i) {
    T2S_ASSIGN_OR_RETURN(Record r, ReadRecord(doc[i], i, dataset_name));
    auto [it, fresh] = first.emplace(r.id, i);
    if (!fresh) {
      return Status::InvalidArgument(
          fmt::format("{}: field \"[{}].id\": duplicate task id \"{}\" "
                      "(first at [{}])",
                      dataset_name, i, r.id, it->second));
    }
    fs::path input, golden;
    T2S_RETURN_IF_ERROR(FindWorkbooks(root / r.spreadsheet_path,
                                      (fs::path(display) / r.spreadsheet_path).string(), &input,
                                      &golden));
    TaskSpec task;
    task.id = r.id;
    task.line = i + 1;
    task.instruction = Instruction(r);
    task.type = r.instruction_type;
    task.files.push_back({input.string(), SpreadsheetBenchInputName(r.id)});
    task.check.kind = CheckSpec::Kind::kXlsx;
    task.check.file = SpreadsheetBenchOutputName(r.id);
    task.check.golden = golden.string();
    task.check.ranges = r.answer_position;
    // A position that names no sheet is read on the task's answer sheet
    // (only 13-1 of the 400 differs from the first sheet, which the original
    // benchmark's script grades: there the untouched input would pass). A
    // list of sheets ("A,B,C": 60-7) names no one sheet: the first is kept.
    if (r.answer_sheet.find(',') == std::string::npos) task.check.sheet = r.answer_sheet;
    suite.tasks.push_back(std::move(task));
  }
  if (suite.tasks.empty())
    return Status::InvalidArgument(fmt::format("{}: no tasks", dataset_name));
  suite.description =
      fmt::format("SpreadsheetBench tasks from {} ({})", display, suite.tasks.size());
  return suite;
}

}  // namespace t2s
