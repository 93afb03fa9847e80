// Format readers: each turns one file format into Trajectory records.
//
// A reader never stops at a bad record: it reports it to the sink with its
// place ("file:line" or "file#index") and goes on. Only a file that cannot
// be read at all is an error.
#ifndef T2S_TRACE_READER_H_
#define T2S_TRACE_READER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trace/trajectory.h"

namespace t2s {

class TrajectorySink {
 public:
  virtual ~TrajectorySink() = default;
  virtual void Add(Trajectory trajectory) = 0;
  // `where`: "runs.jsonl:17" or "runs.json#3"; `what`: what was wrong.
  virtual void Skip(const std::string& where, const std::string& what) = 0;
};

class FormatReader {
 public:
  virtual ~FormatReader() = default;
  // Short name for --format ("native", "openai", "tau-bench", ...).
  virtual std::string_view name() const = 0;
  // True when `head`, the first bytes of a file (up to kDetectBytes), looks
  // like this format. `path` helps only where a format has a telling name.
  virtual bool Detect(std::string_view head, const std::filesystem::path& path) const = 0;
  // Reads the file; `display` is the name used in messages and metadata.
  virtual Status Read(const std::filesystem::path& path, const std::string& display,
                      TrajectorySink* sink) const = 0;
};

inline constexpr size_t kDetectBytes = 64 * 1024;

// Every reader, in detection order (the most specific first).
const std::vector<const FormatReader*>& AllReaders();

// The reader called `name`, or nullptr.
const FormatReader* FindReader(std::string_view name);

// "native, openai, ..." for messages.
std::string AllReaderNames();

// Picks the reader for `path` from its first bytes: each reader's own test,
// in the order of AllReaders(), the first that claims the file wins. Errors
// (one line per file):
//   "<display>: empty file"
//   "<display>: not a known trajectory format: closest: tau-bench (has "traj";
//    lacks "task_id", "reward"), ...; use --format to name one"
Result<const FormatReader*> DetectFormat(const std::filesystem::path& path,
                                         const std::string& display);

}  // namespace t2s

#endif  // T2S_TRACE_READER_H_
