// Reading the JSON a run folder holds without trusting its shape: a field
// that is missing or of another type reads as empty (the report says what
// it has, it does not refuse a folder an older version wrote).
#ifndef T2S_REPORT_JSON_FIELDS_H_
#define T2S_REPORT_JSON_FIELDS_H_

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace t2s {

using ReportJson = nlohmann::ordered_json;

// The document in `path`. Errors: the file cannot be read, or
// "PATH:LINE:COLUMN: DETAIL" when it is not JSON.
Result<ReportJson> ReadJsonFile(const std::filesystem::path& path);
Result<ReportJson> ParseJsonText(const std::string& text, const std::string& where);

const ReportJson& Field(const ReportJson& j, const char* key);  // null when absent
std::string Str(const ReportJson& j, const char* key);          // "" unless a string
int64_t Int(const ReportJson& j, const char* key);              // 0 unless a number
double Num(const ReportJson& j, const char* key);               // 0 unless a number
std::optional<double> OptNum(const ReportJson& j, const char* key);
bool Bool(const ReportJson& j, const char* key);                // false unless true
std::vector<std::string> Strs(const ReportJson& j, const char* key);  // the string items
std::vector<int64_t> Ints(const ReportJson& j, const char* key);       // the integer items

// A scalar as people read it: strings as they are, null as "-", numbers
// and booleans as JSON writes them, anything else as compact JSON.
std::string ScalarText(const ReportJson& v);

}  // namespace t2s

#endif  // T2S_REPORT_JSON_FIELDS_H_
