// Our checker against an independent reference (tests/xlsx_reference.py,
// openpyxl with data_only=True) on the shared SpreadsheetBench data.
// Skips, saying why, when the data or python3-openpyxl is missing.
//   T2S_XLSX_AGREEMENT_STRIDE=1   check every task against openpyxl (the
//                                 default, 20, takes every 20th task:
//                                 openpyxl needs minutes for all 400)
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "check/xlsx_compare.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

fs::path DataRoot() {
  if (const char* env = std::getenv("T2S_SPREADSHEETBENCH")) return env;
  return fs::path(T2S_SOURCE_DIR) / ".." / "shared" / "data" / "spreadsheetbench-verified-400";
}

struct Task {
  std::string id;
  std::string position;
  fs::path golden, init;
};

// Files as the reference finds them: *golden.xlsx (one task's carries
// another id) and *_init.xlsx, or golden.xlsx and initial.xlsx.
std::vector<Task> LoadTasks(const fs::path& root) {
  std::vector<Task> tasks;
  auto json = nlohmann::json::parse(std::ifstream(root / "dataset.json"));
  for (const auto& t : json) {
    Task task;
    task.id = t["id"].is_string() ? t["id"].get<std::string>() : t["id"].dump();
    task.position = t["answer_position"].get<std::string>();
    fs::path dir = root / "spreadsheet" / task.id;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    task.golden = dir / "golden.xlsx";
    task.init = dir / "initial.xlsx";
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
      if (it->ends_with("golden.xlsx")) task.golden = dir / *it;
      if (it->ends_with("_init.xlsx") || *it == "initial.xlsx") task.init = dir / *it;
    }
    tasks.push_back(std::move(task));
  }
  return tasks;
}

std::string Verdict(const Task& t, const fs::path& answer, std::string* detail = nullptr) {
  Result<XlsxVerdict> v = CompareXlsx(t.golden, answer, t.position);
  if (detail) *detail = v.ok() ? v->detail : v.status().message();
  return !v.ok() ? "error" : v->pass ? "pass" : "fail";
}

std::string FindPython() {
  for (std::string py : {"python3", "/usr/bin/python3"}) {
    if (std::system((py + " -c 'import openpyxl' >/dev/null 2>&1").c_str()) == 0) return py;
  }
  return "";
}

TEST(XlsxAgreementTest, EveryGoldenPassesAgainstItself) {
  fs::path root = DataRoot();
  if (!fs::exists(root / "dataset.json")) GTEST_SKIP() << "no shared SpreadsheetBench data at " << root;
  std::vector<Task> tasks = LoadTasks(root);
  ASSERT_EQ(tasks.size(), 400u);
  int pass = 0;
  for (const Task& t : tasks) {
    std::string detail;
    std::string v = Verdict(t, t.golden, &detail);
    pass += v == "pass";
    EXPECT_EQ(v, "pass") << t.id << ": " << detail;
  }
  std::printf("golden vs golden: %d/%zu pass\n", pass, tasks.size());
}

TEST(XlsxAgreementTest, AgreesWithOpenpyxl) {
  fs::path root = DataRoot();
  if (!fs::exists(root / "dataset.json")) GTEST_SKIP() << "no shared SpreadsheetBench data at " << root;
  std::string python = FindPython();
  if (python.empty()) GTEST_SKIP() << "no python3 with openpyxl (Debian python3-openpyxl)";
  int stride = 20;
  if (const char* env = std::getenv("T2S_XLSX_AGREEMENT_STRIDE")) stride = std::max(1, std::atoi(env));

  std::string cmd = python + " " + T2S_SOURCE_DIR + "/tests/xlsx_reference.py '" + root.string() + "' " +
                    std::to_string(stride);
  auto start = std::chrono::steady_clock::now();
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> reference;
  char line[8192];
  while (std::fgets(line, sizeof line, pipe)) {
    std::string l(line);
    if (!l.empty() && l.back() == '\n') l.pop_back();
    size_t a = l.find('\t'), b = l.find('\t', a + 1), c = l.find('\t', b + 1);
    if (c == std::string::npos) continue;
    reference[{l.substr(0, a), l.substr(a + 1, b - a - 1)}] = {l.substr(b + 1, c - b - 1), l.substr(c + 1)};
  }
  ASSERT_EQ(pclose(pipe), 0) << cmd;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<Task> tasks = LoadTasks(root);
  std::map<std::string, int> agree, total;
  for (size_t i = 0; i < tasks.size(); i += size_t(stride)) {
    const Task& t = tasks[i];
    for (const auto& [mode, answer] : {std::pair{std::string("golden"), t.golden}, {std::string("init"), t.init}}) {
      auto ref = reference.find({t.id, mode});
      ASSERT_NE(ref, reference.end()) << "reference gave no verdict for " << t.id << " " << mode;
      std::string detail;
      std::string ours = Verdict(t, answer, &detail);
      ++total[mode];
      agree[mode] += ours == ref->second.first;
      EXPECT_EQ(ours, ref->second.first) << t.id << " " << mode << ": ours: " << detail
                                         << " | openpyxl: " << ref->second.second;
    }
  }
  for (const std::string mode : {"golden", "init"}) {
    std::printf("%s vs golden: agree with openpyxl on %d/%d tasks (stride %d; openpyxl took %.1f s)\n",
                mode.c_str(), agree[mode], total[mode], stride, seconds);
  }
}

}  // namespace
}  // namespace t2s
