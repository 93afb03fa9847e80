// Runs the trace2skill binary for end-to-end tests.
#ifndef T2S_TESTING_RUN_BINARY_H_
#define T2S_TESTING_RUN_BINARY_H_

#include <string>
#include <vector>

namespace t2s::testing {

struct RunOutput {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `trace2skill ARGS...` from the source folder and waits for it.
RunOutput RunTrace2skill(const std::vector<std::string>& args);

// Starts `trace2skill ARGS...` in the background (stdout discarded, stderr
// to `err_file` when given); returns its process id.
int StartTrace2skill(const std::vector<std::string>& args, const std::string& err_file = "");

}  // namespace t2s::testing

#endif  // T2S_TESTING_RUN_BINARY_H_
