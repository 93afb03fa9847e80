// JsonStdout: with --json, stdout carries one JSON document and nothing
// else. While it lives, everything printed for people on stdout (summaries,
// the gate's tables) goes to stderr instead; Emit writes the document to the
// real stdout.
#ifndef T2S_CLI_JSON_STDOUT_H_
#define T2S_CLI_JSON_STDOUT_H_

#include <string_view>

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
  // The JSON file a command wrote (results.json, loop.json), with
  // "exit_code" added; {"exit_code": N} when there is none (the command
  // failed before writing it: stderr says why).
  void EmitFile(const std::string& path, int exit_code);

 private:
  int saved_fd_ = -1;
};

}  // namespace t2s

#endif  // T2S_CLI_JSON_STDOUT_H_
