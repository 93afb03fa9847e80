#include "cli/trajectory_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "store/trajectory_store.h"
#include "trace/labels.h"
#include "trace/reader.h"
#include "trace/unique_ids.h"

namespace t2s {
namespace {

class Collect final : public TrajectorySink {
 public:
  void Add(Trajectory t) override { all.push_back(std::move(t)); }
  void Skip(const std::string& where, const std::string& what) override {
    fmt::print(stderr, "{}: {}\n", where, what);
    skipped.push_back({where, what});
  }
  std::vector<Trajectory> all;
  std::vector<SkippedRecord> skipped;
};

}  // namespace

Status LoadTrajectories(const TrajectoryInput& args, std::vector<Trajectory>* out,
                        std::vector<SkippedRecord>* skipped) {
  Collect sink;
  for (const std::string& path : args.paths) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(path);
    }
    for (const auto& f : files) {
      Result<const FormatReader*> reader = DetectFormat(f, f.string());
      if (!reader.ok()) {
        if (files.size() == 1) return reader.status();
        continue;
      }
      T2S_RETURN_IF_ERROR((*reader)->Read(f, f.string(), &sink));
    }
  }
  if (!args.store.empty()) {
    T2S_ASSIGN_OR_RETURN(std::unique_ptr<TrajectoryStore> store, TrajectoryStore::Open(args.store));
    T2S_ASSIGN_OR_RETURN(std::vector<TrajectorySummary> list, store->List());
    for (const TrajectorySummary& s : list) {
      T2S_ASSIGN_OR_RETURN(Trajectory t, store->Get(s.id));
      sink.all.push_back(std::move(t));
    }
  }
  if (!args.labels.empty()) {
    T2S_ASSIGN_OR_RETURN(auto labels, ReadLabels(args.labels, &sink));
    for (Trajectory& t : sink.all) {
      auto it = labels.find(t.id);
      if (it != labels.end()) t.outcome = it->second;
    }
  }
  std::string renamed = DescribeUniqueIds(MakeIdsUnique(&sink.all));
  if (!renamed.empty()) fmt::print(stderr, "{}\n", renamed);
  *out = std::move(sink.all);
  if (skipped != nullptr) *skipped = std::move(sink.skipped);
  return Status::Ok();
}

}  // namespace t2s
