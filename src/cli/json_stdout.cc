#include "cli/json_stdout.h"

#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "base/file_io.h"

namespace t2s {

JsonStdout::JsonStdout(bool active) {
  if (!active) return;
  std::fflush(stdout);
  saved_fd_ = dup(1);
  if (saved_fd_ >= 0 && dup2(2, 1) < 0) {
    close(saved_fd_);
    saved_fd_ = -1;
  }
}

JsonStdout::~JsonStdout() {
  if (saved_fd_ < 0) return;
  std::fflush(stdout);
  dup2(saved_fd_, 1);
  close(saved_fd_);
}

void JsonStdout::Emit(std::string_view json) {
  if (saved_fd_ < 0) return;
  std::fflush(stdout);
  std::string text(json);
  text += '\n';
  size_t at = 0;
  while (at < text.size()) {
    ssize_t n = write(saved_fd_, text.data() + at, text.size() - at);
    if (n <= 0) return;
    at += static_cast<size_t>(n);
  }
}

void JsonStdout::EmitResult(const std::filesystem::path& file, ExitCode code, bool dry_run) {
  if (saved_fd_ < 0) return;
  const bool wrote = !dry_run && (code == ExitCode::kOk || code == ExitCode::kPartial ||
                                  code == ExitCode::kGateKeptSeed);
  nlohmann::json j = nlohmann::json::object();
  if (wrote) {
    Result<std::string> text = ReadFile(file);
    if (text.ok()) j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) j = nlohmann::json::object();
  }
  j["exit_code"] = static_cast<int>(code);
  Emit(j.dump(2));
}

}  // namespace t2s
