// Format detection: the most specific reader wins, a file no reader claims
// gets one line naming its closest candidates, and a whole JSON document is
// never read as JSON Lines.
#include <gtest/gtest.h>

#include <fstream>

#include "testing/golden.h"
#include "testing/temp_dir.h"
#include "trace/reader.h"

namespace t2s {
namespace {

class CountingSink final : public TrajectorySink {
 public:
  void Add(Trajectory) override { ++added; }
  void Skip(const std::string&, const std::string&) override { ++skipped; }
  int added = 0;
  int skipped = 0;
};

std::string Head(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kDetectBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

TEST(DetectionTest, Tau2ResultsAreNotACodexRollout) {
  std::filesystem::path path =
      testing::TestDataDir() / "traces/tau2-bench/airline_gpt-4.1-mini_results.json";
  std::string head = Head(path);
  // The words the Codex test once matched on are both there.
  ASSERT_NE(head.find("\"instructions\""), std::string::npos);
  ASSERT_NE(head.find("\"function_call\""), std::string::npos);
  EXPECT_FALSE(FindReader("codex")->Detect(head, path));
  Result<const FormatReader*> reader = DetectFormat(path, "r.json");
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->name(), "tau2-bench");
}

TEST(DetectionTest, ANearMissNamesItsClosestCandidates) {
  testing::TempDir tmp;
  std::filesystem::path path =
      tmp.Write("chat.json", "{\"sessionId\": \"s1\",\n \"projectHash\": \"p\", \"turns\": []}\n");
  EXPECT_EQ(DetectFormat(path, "chat.json").status().message(),
            "chat.json: not a known trajectory format: closest: gemini-cli (has \"sessionId\", "
            "\"projectHash\"; lacks \"messages\"), claude-code (has \"sessionId\"; lacks "
            "\"parentUuid\"); use --format to name one");
}

TEST(DetectionTest, OneJsonDocumentIsNotReadAsJsonLines) {
  testing::TempDir tmp;
  std::string doc = "{\n  \"schema\": \"t2s.trajectory/1\",\n  \"id\": \"a\",\n  \"steps\": []\n}\n";
  std::filesystem::path path = tmp.Write("pretty.json", doc);
  CountingSink sink;
  Status st = FindReader("native")->Read(path, "pretty.json", &sink);
  EXPECT_EQ(st.message(),
            "pretty.json: one JSON document, not JSON Lines (one record per line) as this format "
            "is");
  EXPECT_EQ(sink.skipped, 0);
  // A JSONL file with a bad first line is still read record by record.
  std::filesystem::path jsonl = tmp.Write("runs.jsonl", "{\n" + std::string("{\"x\": 1}\n"));
  CountingSink lines;
  EXPECT_TRUE(FindReader("native")->Read(jsonl, "runs.jsonl", &lines).ok());
  EXPECT_EQ(lines.skipped, 2);
}

TEST(DetectionTest, OpenHandsV1EventFilesBelongToTheirConversation) {
  std::filesystem::path dir = testing::TestDataDir() / "traces/openhands-v1/conv-5c2e";
  std::filesystem::path event = dir / "events/event-00002-e2.json";
  Result<const FormatReader*> reader = DetectFormat(event, "e2.json");
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->name(), "openhands-v1");
  CountingSink sink;
  EXPECT_TRUE((*reader)->Read(event, "e2.json", &sink).ok());
  EXPECT_EQ(sink.added + sink.skipped, 0);  // read once, through base_state.json
}

}  // namespace
}  // namespace t2s
