// Every trajectory reader over one fuzzed file. `--format` can force any
// reader onto any file, so each must survive every input, not only the ones
// its detector accepts. What a reader yields must also survive the rest of
// ingest: it is stored as a t2s.trajectory/1 record that has to read back,
// and it is rendered for an analyst prompt.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/scratch_file.h"
#include "trace/reader.h"
#include "trace/render.h"
#include "trace/trajectory_json.h"

namespace {

class CheckingSink : public t2s::TrajectorySink {
 public:
  void Add(t2s::Trajectory trajectory) override {
    std::string record = t2s::SerializeTrajectory(trajectory);
    t2s::Result<t2s::Trajectory> back = t2s::ParseTrajectoryRecord(record);
    if (!back.ok()) {
      std::fprintf(stderr, "stored record does not read back: %s\n%s\n",
                   back.status().message().c_str(), record.c_str());
      std::abort();
    }
    t2s::RenderOptions options;
    options.token_budget = 400;  // small, so cutting is exercised too
    options.max_step_tokens = 40;
    options.max_error_tokens = 80;
    (void)t2s::RenderTrajectory(trajectory, options);
  }
  void Skip(const std::string&, const std::string&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string name = "trajectory.json";
  std::filesystem::path path = t2s::fuzz::WriteScratchFile(name, data, size);
  (void)t2s::DetectFormat(path, name);
  for (const t2s::FormatReader* reader : t2s::AllReaders()) {
    CheckingSink sink;
    (void)reader->Read(path, name, &sink);
  }
  return 0;
}
