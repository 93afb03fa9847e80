// End-to-end tests of `trace2skill ingest` and `trace2skill traces`.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using testing::RunOutput;
using testing::RunTrace2skill;

// The shared tau-bench data set lives beside the checkout, never in it.
const fs::path kTauBench =
    fs::path(T2S_SOURCE_DIR) / "../shared/data/tau-bench-airline/gpt-4o-airline.json";

TEST(IngestCliTest, TauBenchAirlineHas200Runs84Successes) {
  if (!fs::exists(kTauBench)) GTEST_SKIP() << "no " << kTauBench;
  testing::TempDir tmp;
  std::string store = (tmp.path() / "store").string();
  RunOutput r = RunTrace2skill({"ingest", kTauBench.string(), "--store", store});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "200 ingested (200 new, 0 unchanged, 0 updated), 0 skipped, from 1 file -> " +
                       store + "\n");
  r = RunTrace2skill({"traces", "stats", "--store", store});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "200 trajectories: 84 success, 116 fail, 0 unknown");
  r = RunTrace2skill({"traces", "stats", "--store", store, "--json"});
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["trajectories"], 200);
  EXPECT_EQ(j["success"], 84);
  EXPECT_EQ(j["fail"], 116);
  EXPECT_EQ(j["formats"]["tau-bench"], 200);
  // Re-ingesting changes nothing.
  r = RunTrace2skill({"ingest", kTauBench.string(), "--store", store});
  EXPECT_EQ(r.out, "200 ingested (0 new, 200 unchanged, 0 updated), 0 skipped, from 1 file -> " +
                       store + "\n");
}

TEST(IngestCliTest, MalformedRecordsAreReportedAndTheRestIngested) {
  testing::TempDir tmp;
  std::string store = (tmp.path() / "store").string();
  RunOutput r = RunTrace2skill({"ingest", "testdata/traces/native/runs.jsonl", "--store", store});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(
      r.err,
      "testdata/traces/native/runs.jsonl:2: invalid JSON at column 2: invalid literal; last read: "
      "'th'\n"
      "testdata/traces/native/runs.jsonl:3: field \"steps[0].role\": expected one of system, user, "
      "assistant, tool, got \"robot\"\n"
      "testdata/traces/native/runs.jsonl:4: field \"steps[0].content\": expected string, got "
      "number\n"
      "testdata/traces/native/runs.jsonl:6: field \"id\": missing\n");
  EXPECT_EQ(r.out, "2 ingested (2 new, 0 unchanged, 0 updated), 4 skipped, from 1 file -> " +
                       store + "\n");
}

TEST(IngestCliTest, FoldersAreReadRecursivelyAndLabelsApplied) {
  testing::TempDir tmp;
  std::string store = (tmp.path() / "store").string();
  RunOutput r = RunTrace2skill({"ingest", "testdata/traces", "--store", store, "--labels",
                                "testdata/traces/labels/verdicts.csv", "--json"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ingested"], 53);
  // 47 fixture files (an OpenHands V1 conversation counts its event files)
  // and bad/truncated.json (detected, unreadable)
  EXPECT_EQ(j["files"], 48);
  // An ATIF continuation file reads the run it continues: stored once, the
  // second time unchanged. The two OTel exports hold the same trace: the
  // same record from another file is stored once, the second unchanged.
  EXPECT_EQ(j["unchanged"], 2);
  EXPECT_EQ(j["updated"], 0);
  // bad/empty.json, garbage.bin, unknown.json, labels/verdicts.csv, a SWE-bench
  // report.json, a Harbor verifier/reward.txt (verdicts, read by the readers)
  // and a Claude Code subagent's agent-<id>.meta.json (read with its transcript)
  EXPECT_EQ(j["ignored_files"], 7);
  r = RunTrace2skill({"traces", "ls", "--store", store, "--json"});
  nlohmann::json rows = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> label_of;
  for (const auto& row : rows) label_of[row["id"]] = row["label"];
  EXPECT_EQ(label_of["demo__repo-101"], "success");  // from the labels file
  EXPECT_EQ(label_of["small-run-3-0"], "fail");      // the labels file overrides tau-bench's reward
  EXPECT_EQ(label_of["atif-trial-7"], "success");    // from the Harbor trial's result.json
  EXPECT_EQ(label_of["atif-trial-9"], "fail");       // from verifier/reward.txt
  EXPECT_EQ(label_of["demo__repo-303"], "success");  // from the SWE-bench report.json beside it
  EXPECT_EQ(label_of["demo__repo-404"], "fail");     // from the record's "resolved" field
  EXPECT_EQ(label_of.count("sess-77/agent-a1b2c3d4"), 1);  // subagent work is kept
  EXPECT_EQ(label_of.count("sess-77/agent-e5f6a7b8"), 1);
  EXPECT_EQ(label_of.count("sess-99/agent-a7f3c9e1d2b4"), 1);  // from <session>/subagents/
}

// Harbor ATIF runs of two jobs sharing a session_id.
std::string Atif(const std::string& session, const std::string& message) {
  return R"({"schema_version": "ATIF-v1.4", "session_id": ")" + session +
         R"(", "agent": {"name": "terminus-2", "model_name": "m"}, "steps": [)"
         R"({"step_id": 1, "source": "user", "message": ")" +
         message + R"("}]})";
}

std::vector<std::string> StoredIds(const std::string& store) {
  RunOutput r = RunTrace2skill({"traces", "ls", "--store", store, "--json"});
  std::vector<std::string> ids;
  for (const auto& row : nlohmann::json::parse(r.out)) ids.push_back(row["id"]);
  return ids;
}

TEST(IngestCliTest, TrajectoriesSharingAnIdAcrossFilesAllSurvive) {
  testing::TempDir tmp;
  tmp.Write("jobs/job-a/trial-1/agent/trajectory.json", Atif("s1", "one"));
  tmp.Write("jobs/job-b/trial-1/agent/trajectory.json", Atif("s1", "two"));
  tmp.Write("jobs/job-c/trial-1/agent/trajectory.json", Atif("s1", "three"));
  // The same run copied: stored once.
  tmp.Write("jobs/job-d/trial-1/agent/trajectory.json", Atif("s1", "three"));
  std::string jobs = (tmp.path() / "jobs").string();
  std::string store = (tmp.path() / "store").string();
  RunOutput r = RunTrace2skill({"ingest", jobs, "--store", store});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "4 ingested (3 new, 1 unchanged, 0 updated), 0 skipped, from 4 files; 2 new "
            "trajectories stored under an id qualified by their file, another file's trajectory "
            "holding their id (e.g. s1 -> s1@job-b/trial-1/agent/trajectory.json) -> " +
                store + "\n");
  const std::vector<std::string> ids = {"s1", "s1@job-b/trial-1/agent/trajectory.json",
                                        "s1@job-c/trial-1/agent/trajectory.json"};
  EXPECT_EQ(StoredIds(store), ids);
  r = RunTrace2skill({"traces", "show", ids[1], "--store", store});
  EXPECT_NE(r.out.find("user: two"), std::string::npos) << r.out;
  // Again, also naming a file directly: nothing new, the same ids.
  r = RunTrace2skill({"ingest", jobs, (tmp.path() / "jobs/job-c/trial-1/agent/trajectory.json").string(),
                      "--store", store});
  EXPECT_EQ(r.out, "5 ingested (0 new, 5 unchanged, 0 updated), 0 skipped, from 5 files -> " +
                       store + "\n");
  EXPECT_EQ(StoredIds(store), ids);
  // Another store from the same files: the same ids.
  std::string other = (tmp.path() / "other").string();
  r = RunTrace2skill({"ingest", jobs, "--store", other});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(StoredIds(other), ids);
  // A changed file updates its own trajectory in place.
  tmp.Write("jobs/job-b/trial-1/agent/trajectory.json", Atif("s1", "two, again"));
  r = RunTrace2skill({"ingest", jobs, "--store", store});
  EXPECT_EQ(r.out, "4 ingested (0 new, 3 unchanged, 1 updated), 0 skipped, from 4 files -> " +
                       store + "\n");
  EXPECT_EQ(StoredIds(store), ids);
  r = RunTrace2skill({"traces", "show", ids[1], "--store", store});
  EXPECT_NE(r.out.find("user: two, again"), std::string::npos) << r.out;
}

TEST(IngestCliTest, UnknownFormatsAndMissingInputs) {
  testing::TempDir tmp;
  std::string store = (tmp.path() / "store").string();
  RunOutput r = RunTrace2skill({"ingest", "testdata/traces/bad/unknown.json", "--store", store});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(
      r.err,
      "testdata/traces/bad/unknown.json: not a known trajectory format: its first 64 KiB hold no "
      "key any reader looks for; use --format to name one\n");
  r = RunTrace2skill({"ingest", "no/such/file.jsonl", "--store", store});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill ingest: no/such/file.jsonl: no such file or folder\n");
  r = RunTrace2skill(
      {"ingest", "testdata/traces/native/runs.jsonl", "--format", "yaml", "--store", store});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.substr(0, 47), "trace2skill ingest: unknown format \"yaml\" (know");
}

TEST(IngestCliTest, ShowRendersOneTrajectory) {
  testing::TempDir tmp;
  std::string store = (tmp.path() / "store").string();
  RunOutput r =
      RunTrace2skill({"ingest", "testdata/traces/anthropic/session.json", "--store", store});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunTrace2skill({"traces", "ls", "--store", store, "--json"});
  std::string id = nlohmann::json::parse(r.out)[0]["id"];
  r = RunTrace2skill({"traces", "show", id, "--store", store});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "id: " + id +
                       "\nTask: Rename foo to bar in util.py\nOutcome: unknown\nSteps: 7\n\n"
                       "[1] system: You edit files carefully.\n"
                       "[2] user: Rename foo to bar in util.py\n"
                       "[3] assistant: Reading util.py.\n    reasoning: Read the file first.\n"
                       "    call read_file {\"path\":\"util.py\"}\n"
                       "[4] tool read_file: def foo(): pass\n"
                       "[5] assistant:\n    call write_file {\"path\":\"util.py\",\"text\":\"def "
                       "bar(): pass\"}\n"
                       "[6] tool write_file (ERROR): permission denied\n"
                       "[7] user: Try again with sudo?\n");
  r = RunTrace2skill({"traces", "show", "nope", "--store", store});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill traces show: no trajectory \"nope\" in the store\n");
}

TEST(IngestCliTest, ReadingCommandsNeverCreateAStore) {
  testing::TempDir tmp;
  fs::path store = tmp.path() / "nostore";
  RunOutput r = RunTrace2skill({"traces", "stats", "--store", store.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill traces: " + store.string() +
                       ": no trajectory store here (make one with trace2skill ingest FILE... --store " +
                       store.string() + ")\n");
  EXPECT_FALSE(fs::exists(store));
}

}  // namespace
}  // namespace t2s
