// Mining throughput (issue 6): a generated file of 100,000 trajectories with
// recurring errors, read and mined; trajectories/s, MB/s and peak memory.
//
//   make bench            (or: build/bench/mine_bench [N])
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/json_writer.h"
#include "mine/miner.h"
#include "trace/reader.h"

namespace fs = std::filesystem;

namespace {

void Generate(const fs::path& path, size_t n) {
  std::mt19937 rng(3);
  const char* tools[] = {"search", "get_user", "book", "pay", "cancel", "update"};
  const char* errors[] = {"Error: payment amount does not add up, total price is {}, but paid {}",
                          "Error: user not found: u{}_{}",
                          "Error: not enough seats on flight HAT{}{}", "KeyError: 'col{}{}'"};
  std::ofstream out(path, std::ios::binary);
  for (size_t i = 0; i < n; ++i) {
    bool fail = rng() % 3 != 0;
    t2s::JsonWriter w;
    w.BeginObject()
        .Key("schema")
        .String("t2s.trajectory/1")
        .Key("id")
        .String(fmt::format("m{}", i));
    w.Key("outcome").BeginObject().Key("label").String(fail ? "fail" : "success").EndObject();
    w.Key("steps").BeginArray();
    w.BeginObject()
        .Key("role")
        .String("user")
        .Key("content")
        .String("Do the task, please.")
        .EndObject();
    for (int s = 0; s < 4; ++s) {
      std::string tool = tools[rng() % 6];
      std::string id = fmt::format("c{}", s);
      w.BeginObject().Key("role").String("assistant").Key("content").String("");
      w.Key("tool_calls").BeginArray().BeginObject().Key("id").String(id).Key("name").String(tool);
      w.Key("arguments")
          .Raw(fmt::format(R"({{"q":{},"page":{}}})", rng() % 50, s))
          .EndObject()
          .EndArray()
          .EndObject();
      bool error = rng() % (fail ? 3 : 9) == 0;
      std::string content =
          error ? fmt::format(fmt::runtime(errors[rng() % 4]), rng() % 500, rng() % 500)
                : R"({"status": "ok", "items": [1, 2, 3]})";
      w.BeginObject()
          .Key("role")
          .String("tool")
          .Key("tool_call_id")
          .String(id)
          .Key("name")
          .String(tool);
      w.Key("content").String(content).Key("is_error").Bool(error).EndObject();
    }
    w.EndArray().EndObject();
    out << w.str() << '\n';
  }
}

// Mines each trajectory as it is read, as `trace2skill mine` does.
struct MineAsRead final : t2s::TrajectorySink {
  t2s::Miner miner;
  double mine_s = 0;
  void Add(t2s::Trajectory t) override {
    auto t0 = std::chrono::steady_clock::now();
    miner.Add(t);
    mine_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  void Skip(const std::string&, const std::string&) override {}
};

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::stoul(argv[1]) : 100000;
  fs::path file = fs::temp_directory_path() / fmt::format("t2s-mine-bench-{}.jsonl", getpid());
  Generate(file, n);
  double mb = static_cast<double>(fs::file_size(file)) / 1e6;
  int pipefd[2];
  if (pipe(pipefd) != 0) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    auto t0 = std::chrono::steady_clock::now();
    MineAsRead sink;
    auto reader = t2s::DetectFormat(file, file.string());
    if (!reader.ok() || !(*reader)->Read(file, file.string(), &sink).ok()) _exit(1);
    t2s::Evidence ev = sink.miner.Finish();
    double all_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double mine_s = sink.mine_s;
    double read_s = all_s - mine_s;
    std::string line =
        fmt::format("{} {} {} {}\n", read_s, mine_s, ev.signatures.size(), ev.trajectories);
    if (write(pipefd[1], line.data(), line.size()) < 0) _exit(1);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  char buf[256] = {};
  ssize_t got = read(pipefd[0], buf, sizeof(buf) - 1);
  double read_s = 0, mine_s = 0;
  size_t sigs = 0, trajectories = 0;
  if (got <= 0 || std::sscanf(buf, "%lf %lf %zu %zu", &read_s, &mine_s, &sigs, &trajectories) != 4)
    return 1;
  fs::remove(file);
  double total = read_s + mine_s;
  fmt::print("mine: {} trajectories, {:.1f} MB, {} signatures\n", trajectories, mb, sigs);
  fmt::print("  read {:.2f} s + mine {:.2f} s = {:.2f} s: {:.0f} trajectories/s, {:.1f} MB/s\n",
             read_s, mine_s, total, static_cast<double>(trajectories) / total, mb / total);
  fmt::print(
      "  mining alone: {:.0f} trajectories/s; peak memory {:.0f} MB (streamed: counts and ids "
      "only)\n",
      static_cast<double>(trajectories) / mine_s, static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
