// Malformed variants of each document format: one exact message each, and
// the rest of the input still read.
#include <gtest/gtest.h>

#include "testing/temp_dir.h"
#include "trace/reader.h"
#include "trace/readers.h"

namespace t2s {
namespace {

struct Case {
  const char* name;
  const FormatReader& (*reader)();
  const char* file;
  const char* text;
  const char* expected;    // every Skip and Add, one per line ("add <id>")
  const char* error = "";  // the Status of Read when the whole file is refused
};

class Recorder final : public TrajectorySink {
 public:
  void Add(Trajectory t) override { out += "add " + t.id + "\n"; }
  void Skip(const std::string& where, const std::string& what) override {
    out += where + ": " + what + "\n";
  }
  std::string out;
};

const Case kCases[] = {
    {"anthropic_bad_role", &AnthropicReader, "a.json",
     R"({"messages":[{"role":"user","content":"x"},{"role":"robot","content":[{"type":"tool_use","id":"1","name":"t","input":{}}]}]})",
     "a.json: field \"messages[1].role\": unknown role \"robot\"\n"},
    {"anthropic_content_number", &AnthropicReader, "a.json",
     R"({"messages":[{"role":"user","content":5}]})",
     "a.json: field \"messages[0].content\": expected string or array, got number\n"},
    {"atif_bad_source", &AtifReader, "t.json",
     R"({"schema_version":"ATIF-v1.4","session_id":"s","steps":[{"step_id":1,"source":"robot","message":"x"}]})",
     "t.json: field \"steps[0].source\": expected system, user or agent, got \"robot\"\n"},
    {"atif_no_steps", &AtifReader, "t.json", R"({"schema_version":"ATIF-v1.4","session_id":"s"})",
     "t.json: field \"steps\": expected array\n"},
    {"swe_agent_entry_not_object", &SweAgentReader, "x.traj",
     R"({"trajectory":[{"action":"ls","observation":"a"}, 7],"history":[]})",
     "x.traj: field \"trajectory[1]\": expected object, got number\n"},
    {"mini_swe_agent_no_messages", &MiniSweAgentReader, "m.json", R"({"info":{"exit_status":"x"}})",
     "m.json: field \"messages\": missing\n"},
    {"openhands_not_a_list", &OpenHandsReader, "e.json", R"({"events":{"id":1}})",
     "e.json: expected a list of events, got object\n"},
    {"tau_bench_not_a_list", &TauBenchReader, "r.json", R"({"task_id":1})", "",
     "r.json: expected a list of tau-bench results, got object"},
    {"openai_list_with_bad_item", &OpenAIReader, "o.json",
     R"([{"id":"ok","messages":[{"role":"user","content":"hi"}]},{"messages":[{"content":"no role"}]}])",
     "add ok\no.json#1: field \"messages[0].role\": expected string, got nothing\n"},
    // A tool call without a name could not be stored and read back (found by fuzzing).
    {"openai_tool_call_without_name", &OpenAIReader, "o.json",
     R"([{"id":"ok","messages":[{"role":"user","content":"hi"}]},{"messages":[{"role":"assistant","tool_calls":[{"id":"c","fn":{"name":"add"}}]}]}])",
     "add ok\no.json#1: field \"messages[0].tool_calls[0].function.name\": missing (a tool call "
     "needs a name)\n"},
    {"anthropic_tool_use_without_name", &AnthropicReader, "a.json",
     R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"1","input":{}}]}]})",
     "a.json: field \"messages[1].content\": a tool_use block without a name\n"},
    // A number no double holds is valid syntax that nlohmann::json refuses
    // by throwing out_of_range (found by fuzz/trace_readers_fuzz.cc).
    {"tau_bench_number_overflow", &TauBenchReader, "r.json", "[1e999, }", "",
     "r.json:1:1: invalid JSON: number overflow parsing '1e999'"},
    {"native_line_number_overflow", &NativeReader, "t.jsonl", "{\"id\": 1e999,}\n",
     "t.jsonl:1: invalid JSON at column 1: number overflow parsing '1e999'\n"},
    {"claude_code_entry_without_message", &ClaudeCodeReader, "s.jsonl",
     "{\"type\":\"user\",\"uuid\":\"u1\",\"sessionId\":\"s\",\"parentUuid\":null,\"message\":{"
     "\"role\":\"user\",\"content\":\"hi\"}}\n"
     "{\"type\":\"assistant\",\"uuid\":\"u2\",\"sessionId\":\"s\",\"parentUuid\":\"u1\"}\n",
     "s.jsonl:2: field \"uuid\" or \"message\": missing in a user/assistant entry\nadd s\n"},
};

class MalformedTest : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedTest, ReportsExactlyAndGoesOn) {
  const Case& c = GetParam();
  testing::TempDir tmp;
  std::filesystem::path path = tmp.Write(c.file, c.text);
  Recorder sink;
  Status st = c.reader().Read(path, c.file, &sink);
  EXPECT_EQ(st.message(), c.error);
  EXPECT_EQ(sink.out, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Formats, MalformedTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace t2s
