// Ingest speed and memory (issue 12 item 7): `trace2skill ingest` of a
// tau-bench results file of about 180 MB, as one JSON document and as JSONL,
// against Python merely parsing the same file:
//   document: python3 -c 'import json; json.load(open(F))'
//   JSONL:    python3 -c 'import json; [json.loads(l) for l in open(F)]'
// Whole processes are timed (best of three), start-up included on both sides.
// The file repeats the runs of the shared tau-bench airline file (each copy
// with its own "trial", so every trajectory is new); it is built in a
// temporary folder and removed: third-party data is never committed.
// Goals: ingest >= 3x faster than Python; peak RSS <= 1.5x the file for a
// document, and constant for JSONL. Then, in this process, where the time
// goes: reading into trajectories, and serializing and hashing them for the
// store (the rest of an ingest is SQLite).
//
// Measured 2026-12-01 on the 2-core build VM, never idle (load average
// 1.6-2.5 while measuring; best of 3-5 interleaved runs, wall time):
//   JSONL:    ingest 0.69 s (before the PutPipeline 0.95 s), python 1.04 s: 1.5x
//   document: ingest 0.90 s (before 1.01 s), python 5.6 s here (2.5 s on a
//             quieter day): 2.8x-6x. Peak RSS 39 MB (0.22x the file) for both.
// Where the time goes: about 0.36 s of system time is the kernel copying the
// 200 MB store into the page cache (`dd` of 200 MB takes as long here), so
// JSONL at 3x Python (0.35 s) is out of reach on this machine. Ingest now
// reads on one thread and serializes + stores on another (store/put_pipeline.h),
// which costs about a third more CPU time for the wall time it saves.
//
//   make bench            (or: build/bench/ingest_bench [MB] [TAU_BENCH_FILE])
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/hash.h"
#include "testing/run_binary.h"
#include "trace/reader.h"
#include "trace/trajectory_json.h"

namespace fs = std::filesystem;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Writes the runs of `source` again and again until about `mb` megabytes,
// as a JSON list (`jsonl` false) or one run per line; returns the run count.
size_t Generate(const fs::path& source, const fs::path& out_path, size_t mb, bool jsonl) {
  std::ifstream in(source);
  nlohmann::json runs = nlohmann::json::parse(in);
  std::ofstream out(out_path, std::ios::binary);
  if (!jsonl) out << "[";
  size_t written = 0, n = 0;
  for (int copy = 0; written < mb * 1000000; ++copy) {
    for (nlohmann::json run : runs) {
      run["trial"] = copy * 1000 + run.value("trial", 0);
      std::string text = run.dump();
      if (!jsonl && n > 0) out << ", ";
      out << text << (jsonl ? "\n" : "");
      written += text.size() + 2;
      ++n;
    }
  }
  if (!jsonl) out << "]\n";
  return n;
}

struct Measured {
  int exit_code = -1;
  double seconds = 1e9;
  double peak_mb = 0;
};

// Runs `argv` `times` times: the best time, the largest peak RSS.
Measured RunProcess(const std::vector<std::string>& argv, int times,
                    const std::function<void()>& before = {}) {
  Measured best;
  for (int i = 0; i < times; ++i) {
    if (before) before();
    std::fflush(stdout);  // or the child would write the parent's buffered lines again
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(127);
      execvp(args[0], args.data());
      _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    best.seconds = std::min(best.seconds, Seconds(t0));
    best.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    best.peak_mb = std::max(best.peak_mb, static_cast<double>(usage.ru_maxrss) / 1024.0);
  }
  return best;
}

struct Counter final : t2s::TrajectorySink {
  size_t n = 0;
  bool serialize = false;
  uint64_t hashes = 0;
  void Add(t2s::Trajectory t) override {
    ++n;
    if (serialize) hashes ^= t2s::Hash64(t2s::SerializeTrajectoryContent(t));
  }
  void Skip(const std::string&, const std::string&) override {}
};

// In this process: best of three reads of `file` into trajectories.
double ReadSeconds(const fs::path& file, bool serialize) {
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    Counter sink;
    sink.serialize = serialize;
    auto reader = t2s::DetectFormat(file, file.string());
    if (!reader.ok() || !(*reader)->Read(file, file.string(), &sink).ok()) return 0;
    best = std::min(best, Seconds(t0));
  }
  return best;
}

void Measure(const std::string& label, const fs::path& file, bool jsonl, const fs::path& work) {
  double mb = static_cast<double>(fs::file_size(file)) / 1e6;
  fs::path store = work / "store";
  Measured ingest = RunProcess({T2S_BINARY, "ingest", file.string(), "--store", store.string()}, 3,
                               [&] { fs::remove_all(store); });
  Measured again =
      RunProcess({T2S_BINARY, "ingest", file.string(), "--store", store.string()}, 1);
  fs::remove_all(store);
  std::string code = jsonl ? "import json,sys\nfor l in open(sys.argv[1]): json.loads(l)"
                           : "import json,sys\njson.load(open(sys.argv[1]))";
  Measured python = RunProcess({"python3", "-c", code, file.string()}, 3);
  double read_s = ReadSeconds(file, false);
  double serialize_s = ReadSeconds(file, true);

  fmt::print("{}: {:.1f} MB\n", label, mb);
  if (ingest.exit_code != 0 || python.exit_code != 0) {
    fmt::print("  FAILED: ingest exit {}, python3 exit {}\n", ingest.exit_code, python.exit_code);
    return;
  }
  fmt::print("  trace2skill ingest    {:6.2f} s {:6.1f} MB/s  peak RSS {:6.1f} MB = {:.2f}x the file\n",
             ingest.seconds, mb / ingest.seconds, ingest.peak_mb, ingest.peak_mb / mb);
  fmt::print("  again (unchanged)     {:6.2f} s {:6.1f} MB/s  peak RSS {:6.1f} MB\n", again.seconds,
             mb / again.seconds, again.peak_mb);
  fmt::print("  python3 json          {:6.2f} s {:6.1f} MB/s  peak RSS {:6.1f} MB = {:.2f}x the file\n",
             python.seconds, mb / python.seconds, python.peak_mb, python.peak_mb / mb);
  fmt::print("  ingest is {:.2f}x Python's speed (goal >= 3x); peak RSS {:.2f}x the file "
             "(goal {})\n",
             python.seconds / ingest.seconds, ingest.peak_mb / mb,
             jsonl ? "constant" : "<= 1.5x");
  fmt::print("  phases: read into trajectories {:.2f} s, + serialize and hash {:.2f} s, "
             "the rest (SQLite, start-up) {:.2f} s\n",
             read_s, serialize_s - read_s, ingest.seconds - serialize_s);
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = argc > 1 ? static_cast<size_t>(std::stoul(argv[1])) : 180;
  fs::path tau = argc > 2 ? fs::path(argv[2])
                          : fs::path(T2S_SOURCE_DIR) /
                                "../shared/data/tau-bench-airline/gpt-4o-airline.json";
  if (!fs::exists(tau)) {
    fmt::print(stderr, "ingest_bench: {}: no such file (the shared tau-bench data)\n",
               tau.string());
    return 1;
  }
  fs::path work = fs::temp_directory_path() / fmt::format("t2s-ingest-bench-{}", getpid());
  fs::create_directories(work);
  fs::path document = work / "tau-bench-results.json";
  size_t runs = Generate(tau, document, mb, false);
  fmt::print("{} tau-bench runs ({} copies of {})\n", runs, runs / 200, tau.filename().string());
  Measure("document (one JSON list)", document, false, work);
  fs::remove(document);
  fs::path lines = work / "tau-bench-results.jsonl";
  Generate(tau, lines, mb, true);
  Measure("JSONL (one run per line)", lines, true, work);
  fs::remove(lines);
  // Constant memory for JSONL: a quarter of the file should peak about the same.
  Generate(tau, lines, mb / 4, true);
  fs::path store = work / "store";
  Measured quarter = RunProcess({T2S_BINARY, "ingest", lines.string(), "--store", store.string()}, 1);
  fmt::print("JSONL of {:.1f} MB: peak RSS {:.1f} MB\n",
             static_cast<double>(fs::file_size(lines)) / 1e6, quarter.peak_mb);
  fs::remove_all(work);
  return 0;
}
