#include "store/trajectory_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include "store/trajectory_store.h"
#include "trace/labels.h"
#include "trace/reader.h"
#include "trace/unique_ids.h"

namespace t2s {
namespace {

// Applies labels and unique ids to each trajectory as it is read, then
// hands it on; nothing is kept.
class Stream final : public TrajectorySink {
 public:
  Stream(const std::map<std::string, Outcome>* labels,
         const std::function<void(Trajectory)>* fn, bool quiet)
      : labels_(labels), fn_(fn), quiet_(quiet) {}
  void Add(Trajectory t) override {
    if (labels_ != nullptr) {
      auto it = labels_->find(t.id);
      if (it != labels_->end()) t.outcome = it->second;
    }
    if (ids.Admit(&t)) (*fn_)(std::move(t));
  }
  void Skip(const std::string& where, const std::string& what) override {
    if (!quiet_) fmt::print(stderr, "{}: {}\n", where, what);
    skipped.push_back({where, what});
  }
  UniqueIds ids;
  std::vector<SkippedRecord> skipped;

 private:
  const std::map<std::string, Outcome>* labels_;
  const std::function<void(Trajectory)>* fn_;
  bool quiet_;
};

// Collects what a labels file itself skips.
class LabelSkips final : public TrajectorySink {
 public:
  explicit LabelSkips(Stream* stream) : stream_(stream) {}
  void Add(Trajectory) override {}
  void Skip(const std::string& where, const std::string& what) override {
    stream_->Skip(where, what);
  }

 private:
  Stream* stream_;
};

}  // namespace

Status ForEachTrajectory(const TrajectoryInput& args,
                         const std::function<void(Trajectory)>& fn,
                         std::vector<SkippedRecord>* skipped, bool quiet) {
  std::map<std::string, Outcome> labels;
  Stream sink(args.labels.empty() ? nullptr : &labels, &fn, quiet);
  if (!args.labels.empty()) {
    LabelSkips label_skips(&sink);
    T2S_ASSIGN_OR_RETURN(labels, ReadLabels(args.labels, &label_skips));
  }
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
    T2S_ASSIGN_OR_RETURN(std::unique_ptr<TrajectoryStore> store, TrajectoryStore::OpenExisting(args.store));
    T2S_ASSIGN_OR_RETURN(std::vector<TrajectorySummary> list, store->List());
    for (const TrajectorySummary& s : list) {
      T2S_ASSIGN_OR_RETURN(Trajectory t, store->Get(s.id));
      sink.Add(std::move(t));
    }
  }
  std::string renamed = DescribeUniqueIds(sink.ids.report());
  if (!renamed.empty() && !quiet) fmt::print(stderr, "{}\n", renamed);
  if (skipped != nullptr) *skipped = std::move(sink.skipped);
  return Status::Ok();
}

}  // namespace t2s
