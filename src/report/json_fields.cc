#include "report/json_fields.h"

#include <fmt/format.h>

#include "base/file_io.h"
#include "base/json_error.h"

namespace t2s {

Result<ReportJson> ParseJsonText(const std::string& text, const std::string& where) {
  try {
    return ReportJson::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    JsonErrorPlace at = DescribeJsonError(e.byte, e.what(), text);
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: {}", where, at.line, at.column, at.detail));
  }
}

Result<ReportJson> ReadJsonFile(const std::filesystem::path& path) {
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseJsonText(text, path.string());
}

const ReportJson& Field(const ReportJson& j, const char* key) {
  static const ReportJson kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string Str(const ReportJson& j, const char* key) {
  const ReportJson& v = Field(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

int64_t Int(const ReportJson& j, const char* key) {
  const ReportJson& v = Field(j, key);
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  return 0;
}

double Num(const ReportJson& j, const char* key) { return OptNum(j, key).value_or(0); }

std::optional<double> OptNum(const ReportJson& j, const char* key) {
  const ReportJson& v = Field(j, key);
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}

bool Bool(const ReportJson& j, const char* key) {
  const ReportJson& v = Field(j, key);
  return v.is_boolean() && v.get<bool>();
}

std::vector<std::string> Strs(const ReportJson& j, const char* key) {
  std::vector<std::string> out;
  const ReportJson& v = Field(j, key);
  if (!v.is_array()) return out;
  for (const ReportJson& item : v) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<int64_t> Ints(const ReportJson& j, const char* key) {
  std::vector<int64_t> out;
  const ReportJson& v = Field(j, key);
  if (!v.is_array()) return out;
  for (const ReportJson& item : v) {
    if (item.is_number_integer() || item.is_number_unsigned()) out.push_back(item.get<int64_t>());
  }
  return out;
}

std::string ScalarText(const ReportJson& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  return v.dump(-1, ' ', false, ReportJson::error_handler_t::replace);
}

}  // namespace t2s
