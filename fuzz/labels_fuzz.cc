// ReadLabels (--labels FILE) on a fuzzed file: CSV or JSONL, decided by the
// first non-blank line. A bad row is skipped with its place; nothing else.
#include <cstdint>
#include <string>

#include "fuzz/scratch_file.h"
#include "trace/labels.h"

namespace {

class IgnoringSink : public t2s::TrajectorySink {
 public:
  void Add(t2s::Trajectory) override {}
  void Skip(const std::string&, const std::string&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::filesystem::path path = t2s::fuzz::WriteScratchFile("labels.csv", data, size);
  IgnoringSink sink;
  (void)t2s::ReadLabels(path, &sink);
  return 0;
}
