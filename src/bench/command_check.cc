#include "bench/command_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "bench/workspace.h"
#include "sandbox/tool_process.h"

extern char** environ;

namespace t2s {
namespace {

namespace fs = std::filesystem;

// A fresh folder for one check, removed with the object even when the
// command left read-only folders behind.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "t2s-check-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(path_, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) {
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
      }
    }
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<std::string> Environment(const std::vector<std::pair<std::string, std::string>>& ours) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : ours) replaced |= entry.starts_with(name + "=");
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : ours) env.push_back(name + "=" + value);
  return env;
}

std::string TrimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

CheckVerdict Judge(ToolResult& result, int64_t timeout_ms) {
  auto error = [](std::string detail) { return CheckVerdict{CheckVerdict::Kind::kError, std::move(detail)}; };
  std::string output = TrimEnd(std::move(result.output));
  if (result.timed_out) {
    std::string detail = fmt::format("timed out after {} s", timeout_ms / 1000.0);
    if (!output.empty()) detail += "\n" + output;
    return {CheckVerdict::Kind::kFail, std::move(detail)};
  }
  if (result.exit_code == 0) return {CheckVerdict::Kind::kPass, std::move(output)};
  if (result.exit_code == 125) {
    std::string detail = "the check could not run (exit status 125)";
    if (!output.empty()) detail += "\n" + output;
    return error(std::move(detail));
  }
  if (output.empty()) output = fmt::format("exit status {}", result.exit_code);
  return {CheckVerdict::Kind::kFail, std::move(output)};
}

}  // namespace

CheckVerdict RunCommandCheck(const Suite& suite, const CheckSpec& check, const std::string& workspace,
                        std::string_view final_message) {
  auto error = [](std::string detail) { return CheckVerdict{CheckVerdict::Kind::kError, std::move(detail)}; };
  std::error_code ec;
  if (!fs::is_directory(workspace, ec))
    return error(fmt::format("workspace {}: not found", workspace));
  ScratchDir scratch;
  if (scratch.path().empty()) return error("command check: cannot create a temporary folder");
  fs::path copy = scratch.path() / "workspace";
  fs::path message_file = scratch.path() / "final_message.txt";
  fs::create_directory(copy, ec);
  std::vector<std::string> left_out;
  if (Status s = CopyRegularContents(workspace, copy, &left_out); !s.ok()) {
    return error("command check: " + s.message());
  }
  {
    std::ofstream out(message_file, std::ios::binary);
    out.write(final_message.data(), static_cast<std::streamsize>(final_message.size()));
    if (!out) return error("command check: cannot write " + message_file.string());
  }
  ToolProcess::Spec spec;
  spec.launch.argv = {"sh", "-c", check.run};
  spec.launch.env = Environment({{"T2S_SUITE", suite.root},
                                 {"T2S_WORKSPACE", copy.string()},
                                 {"T2S_FINAL_MESSAGE_FILE", message_file.string()}});
  spec.launch.cwd = copy.string();
  spec.launch.bwrap = false;
  spec.timeout_ms = check.timeout_ms;
  spec.output_limit = kCommandCheckOutputLimit;
  Result<std::unique_ptr<ToolProcess>> process = ToolProcess::Start(spec);
  if (!process.ok()) return error("command check: " + process.status().message());
  (*process)->Wait();
  ToolResult result = (*process)->TakeResult();
  CheckVerdict verdict = Judge(result, check.timeout_ms);
  if (!left_out.empty()) {
    if (!verdict.detail.empty()) verdict.detail += "\n";
    verdict.detail += fmt::format("(left out of the check, not regular files: {})",
                                  fmt::join(left_out, ", "));
  }
  return verdict;
}

}  // namespace t2s
