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

// A t2s_analysis object whose lesson is `line`, added to the skill's first
// "## " section of `user` (the analyst's prompt) when `edit` is set.
Json AnalysisObject(const std::string& user, const std::string& line, bool failed, bool edit) {
  std::smatch m;
  std::string section = "## Output";
  if (std::regex_search(user, m, std::regex("\n(## [^\n]+)\n"))) section = m[1].str();
  Json edits = Json::array();
  if (edit) {
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
  return Json{{"kind", failed ? "error" : "success"},
              {"causes", {cause}},
              {"lessons", {lesson}},
              {"edits", edits},
              {"changelog", {line}}};
}

// The analysis of one trajectory: the line the seed proposes.
FakeReply Analysis(const Json& body) {
  std::string user = body["messages"].back().value("content", "");
  int64_t seed = body.value("seed", int64_t{-1});
  bool failed = user.find("Outcome: fail") != std::string::npos;
  std::string line = seed == 41 ? kHelpfulLine : seed == 42 ? kHarmfulLine : kNeutralLine;
  FakeReply r;
  r.content = AnalysisObject(user, line, failed, failed || seed != 41).dump();
  return r;
}

bool Declares(const Json& body, const std::string& tool) {
  for (const Json& t : body.value("tools", Json::array())) {
    if (t.contains("function") && t["function"].value("name", "") == tool) return true;
  }
  return false;
}

FakeReply Call(const std::string& name, const Json& args, const std::string& id) {
  FakeReply r;
  r.tool_calls = {{id, name, args.dump()}};
  return r;
}

// The agentic analyst (a request that declares submit), by seed:
//   41 looks, fixes the candidate, checks, and submits the helpful line
//      (verified when the check passed);
//   42 looks and submits the harmful line without a check (unverified);
//   43 tries the suite's golden files on the host (outside its copy),
//      reads them in /reference, fixes, checks, submits a lesson quoting
//      the golden total (refused), then the helpful line.
FakeReply SumsAnalyst(const Json& body) {
  const Json& messages = body["messages"];
  const std::string user = messages[1].value("content", "");
  std::vector<std::string> results;
  for (const Json& m : messages) {
    if (m["role"] == "tool") results.push_back(m.value("content", ""));
  }
  const size_t t = results.size();
  const int64_t seed = body.value("seed", int64_t{-1});
  const std::string fix = "awk '{s+=$1} END {printf \"%d\", s}' data.txt > answer.txt";
  auto submit = [&](const std::string& line) {
    return Call("submit", AnalysisObject(user, line, true, true), fmt::format("s{}", t));
  };
  if (seed == 42) {
    if (t == 0) return Bash("ls -l; cat data.txt", "a");
    return submit(kHarmfulLine);
  }
  if (seed == 43) {
    switch (t) {
      case 0: return Bash("cat /tmp/t2s-test-*/suite/golden/g*.txt", "a");
      case 1: return Bash("cat /reference/golden/suite/golden/g*.txt", "b");
      case 2: return Bash(fix, "c");
      case 3: return Call("check", Json{{"message", ""}}, "d");
      case 4: return submit(fmt::format("Write {} to answer.txt.", results[1]));
      default: return submit(kHelpfulLine);
    }
  }
  switch (t) {
    case 0: return Bash("ls -l; cat data.txt; cat /reference/golden/README.txt", "a");
    case 1: return Bash(fix, "b");
    case 2: return Call("check", Json{{"message", ""}}, "c");
    default: return submit(kHelpfulLine);
  }
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
  if (body.is_object() && Declares(body, "submit")) return SumsAnalyst(body);
  if (body.is_object() && body.contains("tools")) return SumsAgent(seen);
  if (body.is_object() && SchemaName(body) == "t2s_analysis") return Analysis(body);
  return EvolveResponder(seen);
}

}  // namespace t2s::testing
