#include "testing/sums_world.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "testing/evolve_responder.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

FakeReply Bash(const std::string& command, const std::string& id) {
  FakeReply r;
  r.tool_calls = {{id, "bash", Json{{"command", command}}.dump()}};
  return r;
}

std::string SchemaName(const Json& body) {
  if (body.contains("response_format") && body["response_format"].contains("json_schema")) {
    return body["response_format"]["json_schema"].value("name", "");
  }
  return "";
}

// The analysis of one trajectory: the line the seed proposes, appended to
// the skill's first "## " section.
FakeReply Analysis(const Json& body) {
  std::string user = body["messages"].back().value("content", "");
  int64_t seed = body.value("seed", int64_t{-1});
  bool failed = user.find("Outcome: fail") != std::string::npos;
  std::string line = seed == 41 ? kHelpfulLine : seed == 42 ? kHarmfulLine : kNeutralLine;
  std::smatch m;
  std::string section = "## Output";
  if (std::regex_search(user, m, std::regex("\n(## [^\n]+)\n"))) section = m[1].str();
  Json edits = Json::array();
  if (failed || seed != 41) {
    edits.push_back(FullEdit({{"file", "SKILL.md"},
                              {"op", "append_to_section"},
                              {"section", section},
                              {"content", "- " + line}}));
  }
  Json cause = {{"title", "where the total went"}, {"evidence", "step 2"}, {"explanation", "why"}};
  Json lesson = {{"title", "the answer file"},
                 {"when", "writing the total"},
                 {"do", line},
                 {"avoid", "other files"},
                 {"evidence_steps", {2}}};
  FakeReply r;
  r.content = Json{{"kind", failed ? "error" : "success"},
                   {"causes", {cause}},
                   {"lessons", {lesson}},
                   {"edits", edits},
                   {"changelog", {line}}}
                  .dump();
  return r;
}

}  // namespace

void WriteSumsWorld(const TempDir& dir, int tasks) {
  dir.Write("suite/suite.json",
            R"({"schema":"t2s.suite/1","name":"sums","description":"Add numbers up"})");
  std::string lines;
  for (int i = 1; i <= tasks; ++i) {
    dir.Write(fmt::format("suite/data/d{}.txt", i), fmt::format("{}\n{}\n", i, 10 * i));
    dir.Write(fmt::format("suite/golden/g{}.txt", i), std::to_string(11 * i));
    lines += fmt::format(
        R"({{"id":"t{0}","instruction":"Add up the numbers in data.txt ({0}).","type":"sum",)"
        R"("files":[{{"from":"data/d{0}.txt","to":"data.txt"}}],)"
        R"("check":{{"kind":"command","run":"cmp -s answer.txt \"$T2S_SUITE/golden/g{0}.txt\""}}}})"
        "\n",
        i);
  }
  dir.Write("suite/tasks.jsonl", lines);
  std::string head = "---\nname: sums\ndescription: Adding numbers from files.\n---\n# Sums\n\n";
  dir.Write("plain/sums/SKILL.md", head + "## Output\n\n- Keep the result in a file.\n");
  dir.Write("helpful/sums/SKILL.md",
            head + "## Output\n\n- Keep the result in a file.\n- " + kHelpfulLine + "\n");
}

FakeReply SumsAgent(const SeenRequest& seen) {
  Json body = Json::parse(seen.body);
  const Json& messages = body["messages"];
  size_t tools = 0;
  for (const Json& m : messages) tools += m["role"] == "tool" ? 1 : 0;
  std::string system = messages[0]["content"];
  bool told = system.find(kHelpfulLine) != std::string::npos &&
              system.find(kHarmfulLine) == std::string::npos;
  if (tools == 0) return Bash("cat data.txt", "a");
  if (tools == 1) {
    return Bash(told ? "awk '{s+=$1} END {printf \"%d\", s}' data.txt > answer.txt"
                     : "awk '{s+=$1} END {print s}' data.txt > total.txt",
                "b");
  }
  FakeReply done;
  done.content = "Done.";
  return done;
}

FakeReply SumsResponder(const SeenRequest& seen) {
  Json body = Json::parse(seen.body, nullptr, false);
  if (body.is_object() && body.contains("tools")) return SumsAgent(seen);
  if (body.is_object() && SchemaName(body) == "t2s_analysis") return Analysis(body);
  return EvolveResponder(seen);
}

}  // namespace t2s::testing
