// The `command` check: a suite's own program judges the finished workspace.
//
// The workspace is copied to a fresh temporary folder (so the check cannot
// change what the run keeps), and `sh -c RUN` runs there on the host, not in
// the agent's sandbox, with this process's environment plus
//   T2S_SUITE               the suite's root folder (its checker files, golden data)
//   T2S_WORKSPACE           the copy, also the current folder
//   T2S_FINAL_MESSAGE_FILE  a file holding the agent's final message (outside the copy)
// Exit 0 passes; exit 125 means the check itself could not run (kError, as
// `git bisect run` uses 125 for "cannot test"); any other exit fails. At the
// timeout the whole process group is killed and the verdict fails. The
// detail is the command's stdout and stderr, interleaved, cut to 8 KB (head
// and tail). The temporary folder is removed afterwards.
// The copy holds only folders and regular files: a symbolic link the agent
// made could name any file on the host, so links (and other special files)
// are left out and the detail ends with
// "(left out of the check, not regular files: a.txt, b)".
#ifndef T2S_BENCH_COMMAND_CHECK_H_
#define T2S_BENCH_COMMAND_CHECK_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "bench/check_task.h"
#include "bench/suite.h"

namespace t2s {

inline constexpr size_t kCommandCheckOutputLimit = 8192;

CheckVerdict RunCommandCheck(const Suite& suite, const CheckSpec& check, const std::string& workspace,
                        std::string_view final_message);

}  // namespace t2s

#endif  // T2S_BENCH_COMMAND_CHECK_H_
