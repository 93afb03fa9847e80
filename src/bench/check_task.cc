#include "bench/check_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <system_error>

#include "base/file_io.h"
#include "bench/answer_text.h"
#include "bench/command_check.h"
#include "check/answer_position.h"
#include "check/xlsx_compare.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

constexpr uintmax_t kMaxAnswerFileBytes = uintmax_t{16} << 20;

CheckVerdict Pass() { return {CheckVerdict::Kind::kPass, ""}; }
CheckVerdict Fail(std::string detail) { return {CheckVerdict::Kind::kFail, std::move(detail)}; }
CheckVerdict Error(std::string detail) { return {CheckVerdict::Kind::kError, std::move(detail)}; }

// A text for a one-line detail: quoted, escaped, cut to 200 bytes.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 200;
  size_t n = std::min(text.size(), kMax);
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string out = "\"";
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += n < text.size() ? "\"..." : "\"";
  return out;
}

// The agent's file `rel` in `workspace` as a regular file inside it, or a
// failing verdict: the checker never follows a link the agent made (it
// could name the golden file on the host).
std::optional<CheckVerdict> AnswerFile(const std::string& workspace, const std::string& rel,
                                  fs::path* out) {
  std::error_code ec;
  if (!fs::is_directory(workspace, ec))
    return Error(fmt::format("workspace {}: not found", workspace));
  fs::path path = fs::path(workspace) / rel;
  fs::file_status st = fs::symlink_status(path, ec);
  if (!fs::exists(st)) return Fail(fmt::format("no file {} in the workspace", rel));
  if (fs::is_symlink(st)) {
    return Fail(fmt::format("{} is a symbolic link; the checker reads only regular files", rel));
  }
  if (!fs::is_regular_file(st)) return Fail(fmt::format("{} is not a regular file", rel));
  if (!PathIsWithin(path, workspace))
    return Fail(fmt::format("{} leads outside the workspace", rel));
  uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxAnswerFileBytes) {
    return Fail(fmt::format("{} is too large for an answer ({} bytes, limit 16 MiB)", rel, size));
  }
  *out = path;
  return std::nullopt;
}

// The answer's text: the file the check names, or the final message.
std::optional<CheckVerdict> AnswerText(const CheckSpec& check, const std::string& workspace,
                                  std::string_view final_message, std::string* text,
                                  std::string* source) {
  if (check.file.empty()) {
    *text = std::string(final_message);
    *source = "the final message";
    return std::nullopt;
  }
  fs::path path;
  if (auto problem = AnswerFile(workspace, check.file, &path)) return problem;
  Result<std::string> content = ReadFile(path);
  if (!content.ok()) return Fail(content.status().message());
  *text = std::move(*content);
  *source = check.file;
  return std::nullopt;
}

CheckVerdict CheckExact(const CheckSpec& check, const std::string& workspace,
                   std::string_view final_message) {
  std::string text, source;
  if (auto problem = AnswerText(check, workspace, final_message, &text, &source)) return *problem;
  std::string got = NormalizeWhitespace(text);
  std::string want = NormalizeWhitespace(check.expected);
  if (got == want) return Pass();
  return Fail(fmt::format("expected {}, got {}", Quote(want), Quote(got)));
}

CheckVerdict CheckNumber(const CheckSpec& check, const std::string& workspace,
                    std::string_view final_message) {
  std::string text, source;
  if (auto problem = AnswerText(check, workspace, final_message, &text, &source)) return *problem;
  std::optional<FoundNumber> got = LastNumber(text);
  if (!got) return Fail(fmt::format("no number in {}", source));
  if (std::fabs(got->value - check.expected_number) <= check.tolerance) return Pass();
  return Fail(fmt::format("expected {} (tolerance {}), got {}", check.expected_number,
                          check.tolerance, got->text));
}

// `ranges` with `sheet` put on every range that names no sheet.
Result<std::string> RangesOnSheet(const CheckSpec& check) {
  if (check.sheet.empty()) return check.ranges;
  T2S_ASSIGN_OR_RETURN(std::vector<AnswerRange> ranges, ParseAnswerPosition(check.ranges));
  std::string quoted = "'";
  for (char c : check.sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  quoted += "'!";
  std::string out;
  for (const AnswerRange& r : ranges) {
    if (!out.empty()) out += ',';
    out += r.sheet.empty() ? quoted + r.text : r.text;
  }
  return out;
}

CheckVerdict CheckXlsx(const CheckSpec& check, const std::string& workspace) {
  std::error_code ec;
  if (!fs::is_regular_file(check.golden, ec)) {
    return Error(fmt::format("golden workbook {}: not found", check.golden));
  }
  Result<std::string> ranges = RangesOnSheet(check);
  if (!ranges.ok()) return Error(ranges.status().message());
  fs::path answer;
  if (auto problem = AnswerFile(workspace, check.file, &answer)) return *problem;
  Result<XlsxVerdict> v = CompareXlsx(check.golden, answer, *ranges);
  if (!v.ok()) return Error(v.status().message());
  if (v->pass) return Pass();
  return Fail(v->detail);
}

}  // namespace

std::string_view VerdictKindName(CheckVerdict::Kind kind) {
  switch (kind) {
    case CheckVerdict::Kind::kPass:
      return "pass";
    case CheckVerdict::Kind::kFail:
      return "fail";
    case CheckVerdict::Kind::kError:
      return "error";
  }
  return "error";
}

CheckVerdict CheckTask(const Suite& suite, const TaskSpec& task, const std::string& workspace,
                  std::string_view final_message) {
  const CheckSpec& check = task.check;
  switch (check.kind) {
    case CheckSpec::Kind::kExact:
      return CheckExact(check, workspace, final_message);
    case CheckSpec::Kind::kNumber:
      return CheckNumber(check, workspace, final_message);
    case CheckSpec::Kind::kXlsx:
      return CheckXlsx(check, workspace);
    case CheckSpec::Kind::kCommand:
      return RunCommandCheck(suite, check, workspace, final_message);
  }
  return Error("unknown check kind");
}

}  // namespace t2s
