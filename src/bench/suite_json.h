// The t2s.suite/1 files as typed structs: suite.json and one line of
// tasks.jsonl. With spreadsheetbench_suite.cc, the edge where suite JSON is
// read; nothing else in src/bench sees JSON.
#ifndef T2S_BENCH_SUITE_JSON_H_
#define T2S_BENCH_SUITE_JSON_H_

#include <cstddef>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "bench/suite.h"

namespace t2s {

// "string", "number", "object", ... for "expected string, got number".
const char* JsonKindName(const nlohmann::json& value);

struct SuiteHeader {
  std::string schema;
  std::string name;
  std::string description;
};

// Parses suite.json. `display` is the file as named in messages:
//   suite/suite.json: field "schema": expected "t2s.suite/1", got "t2s.suite/2"
//   suite/suite.json:2:5: invalid JSON: unexpected '}'
Result<SuiteHeader> ParseSuiteHeader(std::string_view text, const std::string& display);

// Parses one line of tasks.jsonl into a task whose paths are host paths
// under `root` (absolute). Checks every path rule of the format: relative,
// inside the suite, existing, golden material never among the files.
// Errors name the file, the line and the field:
//   suite/tasks.jsonl:3: field "check.kind": expected one of exact, number, xlsx, command, got "x"
Result<TaskSpec> ParseTaskLine(std::string_view text, const std::string& display, size_t line,
                               const std::filesystem::path& root);

}  // namespace t2s

#endif  // T2S_BENCH_SUITE_JSON_H_
