// JsonStdout: with --json, stdout carries one JSON document and nothing
// else. While it lives, everything printed for people on stdout (summaries,
// the gate's tables) goes to stderr instead; Emit writes the document to the
// real stdout.
#ifndef T2S_CLI_JSON_STDOUT_H_
#define T2S_CLI_JSON_STDOUT_H_

#include <filesystem>
#include <string_view>

#include "cli/command.h"

namespace t2s {

class JsonStdout {
 public:
  // `active` false: does nothing (no --json).
  explicit JsonStdout(bool active);
  ~JsonStdout();
  JsonStdout(const JsonStdout&) = delete;
  JsonStdout& operator=(const JsonStdout&) = delete;

  bool active() const { return saved_fd_ >= 0; }
  // Writes `json` and a newline to the real stdout (when active).
  void Emit(std::string_view json);
  // The result file a command writes (results.json, eval.json, loop.json)
  // with "exit_code" added, when this invocation wrote it (exit 0, 3 or 4,
  // not a dry run); otherwise {"exit_code": N}: a file left by an earlier
  // run is not this one's answer (stderr says what happened).
  void EmitResult(const std::filesystem::path& file, ExitCode code, bool dry_run = false);

 private:
  int saved_fd_ = -1;
};

}  // namespace t2s

#endif  // T2S_CLI_JSON_STDOUT_H_
