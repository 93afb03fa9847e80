// The agent's workspace: a folder holding a task's input files and nothing
// else from the suite.
#ifndef T2S_BENCH_WORKSPACE_H_
#define T2S_BENCH_WORKSPACE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "bench/suite.h"

namespace t2s {

// Creates `dir` (with missing parents; an existing empty folder is fine) and
// copies the task's files in, each to its workspace-relative `dest`, folders
// whole. Copies are owner-writable. Symbolic links inside a copied folder
// are copied as links, never followed. Refuses a file that is or holds the
// task's golden workbook, or the suite's tasks.jsonl (golden material never
// enters a workspace), even for a TaskSpec built by hand.
// Errors: "workspace /tmp/w: not empty", "task t1: data/a.csv: not found",
// "task t1: cannot copy data/a.csv to /tmp/w/a.csv: <reason>".
Status PrepareWorkspace(const Suite& suite, const TaskSpec& task, const std::string& dir);

// Copies the contents of folder `from` into the existing folder `to`,
// symbolic links as links. For an analyst's private working copy.
Status CopyFolderContents(const std::filesystem::path& from, const std::filesystem::path& to);

// Copies the folders and regular files of `from` into the existing folder
// `to`, leaving out symbolic links (and sockets, devices...): a check that
// runs on the host must never read through a link the agent made. The
// workspace-relative paths left out are appended to `*left_out`, sorted.
Status CopyRegularContents(const std::filesystem::path& from, const std::filesystem::path& to,
                           std::vector<std::string>* left_out);

}  // namespace t2s

#endif  // T2S_BENCH_WORKSPACE_H_
