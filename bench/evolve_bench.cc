// Evolve's memory against the size of its input (issue 10, item 11): peak
// memory of `trace2skill evolve --dry-run` on generated JSONL files of
// growing size, and of whole runs against the fake LLM server on
// 127.0.0.1. The trajectories are streamed, so the peak should stay flat
// while the input grows.
//
//   make bench            (or: build/bench/evolve_bench [SMALL_MB LARGE_MB])
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/json_writer.h"
#include "testing/evolve_responder.h"
#include "testing/fake_llm_server.h"
#include "testing/run_binary.h"

namespace fs = std::filesystem;

namespace {

// Trajectories of about 40 KB: a task, then tool calls whose outputs are
// long listings (as a real agent's file reads and query results are).
size_t WriteTraces(const fs::path& path, size_t megabytes) {
  std::mt19937 rng(11);
  std::ofstream out(path, std::ios::binary);
  size_t written = 0, n = 0;
  while (written < megabytes * 1000000) {
    t2s::JsonWriter w;
    w.BeginObject().Key("schema").String("t2s.trajectory/1").Key("id").String(fmt::format("t{:07}", n));
    w.Key("outcome").BeginObject().Key("label").String(rng() % 2 ? "fail" : "success").EndObject();
    w.Key("steps").BeginArray();
    w.BeginObject().Key("role").String("user").Key("content").String("Rebook my flight.").EndObject();
    for (int s = 0; s < 8; ++s) {
      std::string listing;
      for (int row = 0; row < 60; ++row) {
        listing += fmt::format("row {:3}: flight HAT{:03} seat {:2}{} fare {:5} status {}\n", row,
                               rng() % 1000, rng() % 40, "ABCDEF"[rng() % 6], rng() % 9000,
                               rng() % 7 ? "open" : "held");
      }
      std::string id = fmt::format("c{}", s);
      w.BeginObject().Key("role").String("assistant").Key("content").String("Looking it up.");
      w.Key("tool_calls").BeginArray().BeginObject().Key("id").String(id).Key("name").String("search");
      w.Key("arguments").Raw(fmt::format(R"({{"page":{}}})", s)).EndObject().EndArray().EndObject();
      w.BeginObject().Key("role").String("tool").Key("tool_call_id").String(id).Key("name").String("search");
      w.Key("content").String(listing).EndObject();
    }
    w.EndArray().EndObject();
    out << w.str() << '\n';
    written += w.str().size() + 1;
    ++n;
  }
  return n;
}

struct Measured {
  int exit_code = -1;
  double seconds = 0;
  double peak_mb = 0;
};

Measured Run(const std::vector<std::string>& args, const fs::path& err) {
  auto t0 = std::chrono::steady_clock::now();
  int pid = t2s::testing::StartTrace2skill(args, err.string());
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measured m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  m.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  size_t small_mb = argc > 2 ? std::stoul(argv[1]) : 100;
  size_t large_mb = argc > 2 ? std::stoul(argv[2]) : 400;
  fs::path dir = fs::temp_directory_path() / fmt::format("t2s-evolve-bench-{}", getpid());
  fs::create_directories(dir);
  const std::string skill = "examples/skills/airline-support";
  fmt::print("evolve memory: peak RSS of the trace2skill process\n");

  double dry[2] = {0, 0};
  size_t counts[2] = {0, 0};
  size_t sizes[2] = {small_mb, large_mb};
  for (int k = 0; k < 2; ++k) {
    fs::path traces = dir / fmt::format("traces-{}.jsonl", sizes[k]);
    counts[k] = WriteTraces(traces, sizes[k]);
    Measured m = Run({"evolve", "--dry-run", "--skill", skill, "--traces", traces.string(), "--out",
                      (dir / "dry").string(), "--model", "fake", "--base-url",
                      "http://127.0.0.1:9/v1"},
                     dir / "dry.err");
    if (m.exit_code != 0) {
      fmt::print(stderr, "evolve --dry-run failed (exit {}); see {}\n", m.exit_code,
                 (dir / "dry.err").string());
      return 1;
    }
    dry[k] = m.peak_mb;
    fmt::print("  --dry-run, {} MB input ({} trajectories): {:.1f} s, peak {:.0f} MB\n", sizes[k],
               counts[k], m.seconds, m.peak_mb);
  }
  fmt::print("  input x{:.1f} -> peak x{:.2f}\n", static_cast<double>(large_mb) / small_mb,
             dry[1] / dry[0]);

  // Whole runs: every trajectory analyzed by the fake model, merged, applied.
  t2s::testing::FakeLlmServer server(16);  // more threads than calls in flight: none waits
  server.set_constrained(true);
  server.SetResponder(t2s::testing::EvolveResponder);
  double full[2] = {0, 0};
  size_t full_mb[2] = {small_mb / 4, large_mb / 4};
  for (int k = 0; k < 2; ++k) {
    fs::path traces = dir / fmt::format("run-{}.jsonl", full_mb[k]);
    size_t n = WriteTraces(traces, full_mb[k]);
    fs::path out = dir / fmt::format("out-{}", k);
    int before = server.request_count();
    Measured m = Run({"evolve", "--skill", skill, "--traces", traces.string(), "--out", out.string(),
                      "--model", "fake", "--base-url", server.base_url(), "--concurrency", "8"},
                     dir / "run.err");
    if (m.exit_code != 0) {
      fmt::print(stderr, "evolve failed (exit {}); see {}\n", m.exit_code, (dir / "run.err").string());
      return 1;
    }
    full[k] = m.peak_mb;
    fmt::print("  whole run, {} MB input ({} trajectories, {} requests): {:.1f} s, peak {:.0f} MB\n",
               full_mb[k], n, server.request_count() - before, m.seconds, m.peak_mb);
  }
  fmt::print("  input x{:.1f} -> peak x{:.2f}\n", static_cast<double>(full_mb[1]) / full_mb[0],
             full[1] / full[0]);
  fs::remove_all(dir);
  return 0;
}
