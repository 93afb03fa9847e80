#include "store/ingest.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "store/put_pipeline.h"
#include "trace/label_rule.h"
#include "trace/labels.h"
#include "trace/reader.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;

// Puts every trajectory a reader finds, applying file labels on the way.
// The reader's thread reads the next trajectories while a PutPipeline
// serializes and stores the last ones.
class StoreSink final : public TrajectorySink {
 public:
  StoreSink(TrajectoryStore* store, const std::map<std::string, Outcome>& labels,
            double label_threshold, IngestReport* report,
            const std::function<void(const std::string&)>& on_problem)
      : labels_(labels),
        label_threshold_(label_threshold),
        report_(report),
        on_problem_(on_problem),
        pipeline_(store, [this](const PreparedRecord& p, const PutResult& put) {
          Stored(p.trajectory, put);
        }) {}

  void Add(Trajectory t) override {
    if (!pipeline_.status().ok()) return;
    ApplyLabelThreshold(label_threshold_, &t);
    auto label = labels_.find(t.id);
    if (label != labels_.end()) t.outcome = label->second;
    size_t occurrence = occurrences_[t.id]++;
    read_ids_.insert(t.id);
    pipeline_.Push(std::move(t), source_, occurrence);
  }
  void Skip(const std::string& where, const std::string& what) override {
    ++report_->skipped;
    on_problem_(fmt::format("{}: {}", where, what));
  }
  // The file the next trajectories come from.
  void SetSource(TrajectorySource source) {
    source_ = std::make_shared<const TrajectorySource>(std::move(source));
    occurrences_.clear();
  }
  Status status() const { return pipeline_.status(); }
  // Waits until every trajectory added is stored: then the store may be
  // used again, and the report and Seen are complete.
  Status Drain() { return pipeline_.Drain(); }
  // Whether a trajectory read had this reader or store id (after Drain).
  bool Seen(const std::string& id) const {
    return read_ids_.count(id) != 0 || stored_ids_.count(id) != 0;
  }

 private:
  // On the pipeline's thread: only what the reading thread does not touch
  // until Drain.
  void Stored(const Trajectory& t, const PutResult& put) {
    stored_ids_.insert(put.id);
    if (put.renamed) {
      if (report_->renamed++ == 0) report_->rename_example = t.id + " -> " + put.id;
    }
    switch (put.outcome) {
      case PutOutcome::kNew:
        ++report_->added;
        break;
      case PutOutcome::kUnchanged:
      case PutOutcome::kDuplicate:
        ++report_->unchanged;
        break;
      case PutOutcome::kUpdated:
        ++report_->updated;
        break;
    }
  }

  const std::map<std::string, Outcome>& labels_;
  double label_threshold_;
  IngestReport* report_;
  const std::function<void(const std::string&)>& on_problem_;
  std::shared_ptr<const TrajectorySource> source_;
  std::map<std::string, size_t> occurrences_;  // reader id -> times read from source_
  std::set<std::string> read_ids_;             // reader ids (reading thread)
  std::set<std::string> stored_ids_;           // store ids (pipeline thread)
  PutPipeline pipeline_;                       // last: stopped before the above go
};

// Copies stdin to a temporary file so readers can treat it like any file.
Result<fs::path> SpoolStdin() {
  fs::path path = fs::temp_directory_path() / fmt::format("t2s-stdin-{}.tmp", ::getpid());
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError("stdin: cannot spool to a temporary file");
  out << std::cin.rdbuf();
  return path;
}

// The source of a file read: `root` is the folder it was found in, or empty
// for a file named directly.
TrajectorySource SourceOf(const fs::path& path, const fs::path& root) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  TrajectorySource source;
  source.file = (ec ? path : canonical).string();
  fs::path name = path.filename();
  if (!root.empty()) {
    name = path.lexically_relative(root);
  } else if (path.has_parent_path() && !path.parent_path().filename().empty()) {
    name = path.parent_path().filename() / name;
  } else if (!ec && canonical.has_parent_path()) {
    name = canonical.parent_path().filename() / name;
  }
  source.qualifier = name.empty() ? path.string() : name.generic_string();
  return source;
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
    bool named;    // given on the command line, not found in a folder
    fs::path root;  // the folder it was found in
    bool spooled = false;  // stdin, copied to a temporary file
  };
  std::vector<Input> files;
  for (const std::string& in : inputs) {
    if (in == "-") {
      T2S_ASSIGN_OR_RETURN(fs::path spooled, SpoolStdin());
      files.push_back({spooled, "stdin", true, {}, true});
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
      for (const fs::path& p : found) files.push_back({p, p.string(), false, in, false});
    } else if (fs::exists(in, ec)) {
      files.push_back({in, in, true, {}, false});
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
    sink.SetSource(f.spooled ? TrajectorySource{"stdin", "stdin"} : SourceOf(f.path, f.root));
    Status st = reader->Read(f.path, f.display, &sink);
    if (!st.ok()) {
      // The whole file is unreadable or not valid JSON: one problem line, go on.
      ++report.skipped;
      on_problem(st.message());
    }
    if (!sink.status().ok()) break;
  }
  // The store is ours again once the pipeline is drained.
  Status stored = sink.Drain();
  if (stored.ok()) {
    // Labels for trajectories stored earlier and not read again now.
    for (const auto& [id, outcome] : labels) {
      if (sink.Seen(id)) continue;
      Result<Trajectory> stored = store->Get(id);
      if (!stored.ok()) continue;
      stored->outcome = outcome;
      Result<PutOutcome> put = store->Update(*stored);
      if (!put.ok()) return put.status();
      if (*put == PutOutcome::kUpdated) ++report.relabeled;
    }
  }
  T2S_RETURN_IF_ERROR(store->Commit());
  for (const Input& f : files) {
    if (f.spooled) std::remove(f.path.c_str());
  }
  if (!stored.ok()) return stored;
  return report;
}

}  // namespace t2s
