#include "store/ingest.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "trace/label_rule.h"
#include "trace/labels.h"
#include "trace/reader.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;

// Puts every trajectory a reader finds, applying file labels on the way.
class StoreSink final : public TrajectorySink {
 public:
  StoreSink(TrajectoryStore* store, const std::map<std::string, Outcome>& labels,
            double label_threshold, IngestReport* report,
            const std::function<void(const std::string&)>& on_problem)
      : store_(store),
        labels_(labels),
        label_threshold_(label_threshold),
        report_(report),
        on_problem_(on_problem) {}

  void Add(Trajectory t) override {
    if (!status_.ok()) return;
    ApplyLabelThreshold(label_threshold_, &t);
    auto label = labels_.find(t.id);
    if (label != labels_.end()) t.outcome = label->second;
    seen_.insert(t.id);
    Result<PutOutcome> put = store_->Put(t);
    if (!put.ok()) {
      status_ = put.status();
      return;
    }
    switch (*put) {
      case PutOutcome::kNew:
        ++report_->added;
        break;
      case PutOutcome::kUnchanged:
        ++report_->unchanged;
        break;
      case PutOutcome::kUpdated:
        ++report_->updated;
        break;
    }
  }
  void Skip(const std::string& where, const std::string& what) override {
    ++report_->skipped;
    on_problem_(fmt::format("{}: {}", where, what));
  }
  const Status& status() const { return status_; }
  const std::set<std::string>& seen() const { return seen_; }

 private:
  TrajectoryStore* store_;
  const std::map<std::string, Outcome>& labels_;
  double label_threshold_;
  IngestReport* report_;
  const std::function<void(const std::string&)>& on_problem_;
  std::set<std::string> seen_;
  Status status_;
};

// Copies stdin to a temporary file so readers can treat it like any file.
Result<fs::path> SpoolStdin() {
  fs::path path = fs::temp_directory_path() / fmt::format("t2s-stdin-{}.tmp", ::getpid());
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError("stdin: cannot spool to a temporary file");
  out << std::cin.rdbuf();
  return path;
}

bool IsVerdictFile(const fs::path& p) {
  return p.filename() == "result.json" || p.filename() == "config.json";
}

}  // namespace

Result<IngestReport> Ingest(const std::vector<std::string>& inputs, const IngestOptions& options,
                            TrajectoryStore* store,
                            const std::function<void(const std::string&)>& on_problem) {
  IngestReport report;
  const FormatReader* forced = nullptr;
  if (!options.format.empty()) {
    forced = FindReader(options.format);
    if (forced == nullptr) {
      return Status::InvalidArgument(
          fmt::format("unknown format \"{}\" (known: {})", options.format, AllReaderNames()));
    }
  }
  // Problems in the labels file count as skipped records too.
  std::map<std::string, Outcome> labels;
  StoreSink sink(store, labels, options.label_threshold, &report, on_problem);
  if (!options.labels_file.empty()) {
    T2S_ASSIGN_OR_RETURN(labels, ReadLabels(options.labels_file, &sink));
  }

  // Expand folders into their files first, so a missing input fails before anything is stored.
  struct Input {
    fs::path path;
    std::string display;
    bool named;  // given on the command line, not found in a folder
  };
  std::vector<Input> files;
  for (const std::string& in : inputs) {
    if (in == "-") {
      T2S_ASSIGN_OR_RETURN(fs::path spooled, SpoolStdin());
      files.push_back({spooled, "stdin", true});
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(
               in, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->path().filename().string().front() == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && !IsVerdictFile(it->path())) found.push_back(it->path());
      }
      std::sort(found.begin(), found.end());
      for (const fs::path& p : found) files.push_back({p, p.string(), false});
    } else if (fs::exists(in, ec)) {
      files.push_back({in, in, true});
    } else {
      return Status::NotFound(fmt::format("{}: no such file or folder", in));
    }
  }

  T2S_RETURN_IF_ERROR(store->Begin());
  for (const Input& f : files) {
    const FormatReader* reader = forced;
    if (reader == nullptr) {
      Result<const FormatReader*> detected = DetectFormat(f.path, f.display);
      if (!detected.ok()) {
        if (f.named) {
          sink.Skip(f.display, detected.status().message().substr(f.display.size() + 2));
        } else {
          ++report.ignored_files;
        }
        continue;
      }
      reader = *detected;
    }
    ++report.files;
    Status st = reader->Read(f.path, f.display, &sink);
    if (!st.ok()) {
      // The whole file is unreadable or not valid JSON: one problem line, go on.
      ++report.skipped;
      on_problem(st.message());
    }
    if (!sink.status().ok()) break;
  }
  if (sink.status().ok()) {
    // Labels for trajectories stored earlier and not read again now.
    for (const auto& [id, outcome] : labels) {
      if (sink.seen().count(id) != 0) continue;
      Result<Trajectory> stored = store->Get(id);
      if (!stored.ok()) continue;
      stored->outcome = outcome;
      Result<PutOutcome> put = store->Put(*stored);
      if (!put.ok()) return put.status();
      if (*put == PutOutcome::kUpdated) ++report.relabeled;
    }
  }
  T2S_RETURN_IF_ERROR(store->Commit());
  for (const Input& f : files) {
    if (f.display == "stdin") std::remove(f.path.c_str());
  }
  if (!sink.status().ok()) return sink.status();
  return report;
}

}  // namespace t2s
