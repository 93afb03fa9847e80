// Ingest: files, folders (recursively) and stdin into a TrajectoryStore.
#ifndef T2S_STORE_INGEST_H_
#define T2S_STORE_INGEST_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/trajectory_store.h"

namespace t2s {

struct IngestOptions {
  std::string format;       // a reader name; empty: detect each file's format
  std::string labels_file;  // CSV or JSONL of id,label[,reward]; overrides format labels
  // Labels derived from a number are success when it is >= this (trace/label_rule.h).
  double label_threshold = 1.0;
};

struct IngestReport {
  size_t added = 0;
  size_t unchanged = 0;
  size_t updated = 0;
  size_t skipped = 0;        // records reported as malformed
  size_t files = 0;          // files read
  size_t ignored_files = 0;  // files in folders that are in no known format
  size_t relabeled = 0;      // stored trajectories given a label from the labels file only
  // New trajectories whose reader's id another file's trajectory holds:
  // stored under "<id>@<file>" (see TrajectoryStore).
  size_t renamed = 0;
  std::string rename_example;  // "s1 -> s1@run-b/trajectory.json"

  size_t ingested() const { return added + unchanged + updated; }
};

// Reads every input ("-" is stdin) into `store`, folders in sorted order,
// so the same inputs always get the same ids (see TrajectoryStore::Put; the
// same record read from two files is stored once and counted unchanged). Each malformed record, and
// each named file in no known format, is passed to `on_problem` as one line
// ("runs.jsonl:17: field \"role\": ...") and counted as skipped. Errors only
// for what stops the whole ingest (a missing input, an unreadable labels
// file, a store failure); what was stored before then stays stored.
Result<IngestReport> Ingest(const std::vector<std::string>& inputs, const IngestOptions& options,
                            TrajectoryStore* store,
                            const std::function<void(const std::string&)>& on_problem);

}  // namespace t2s

#endif  // T2S_STORE_INGEST_H_
