// Hostile consolidation answers against the strict fake (issue 11): a merge
// aimed at a section S0 does not have, a restructuring that deletes
// sections, a repair that would undo applied edits. Whatever the model
// says, the run folder satisfies the invariants of testing/run_invariants.h
// and says what happened.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "base/file_io.h"
#include "testing/constrained_llm_server.h"
#include "testing/evolve_responder.h"
#include "testing/run_binary.h"
#include "testing/run_invariants.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::FakeReply;
using testing::FullEdit;
using testing::SeenRequest;

constexpr const char* kSkill = "examples/skills/airline-support";
constexpr const char* kTraces = "examples/traces/airline-demo.jsonl";

std::string UserText(const SeenRequest& r) {
  Json body = Json::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("messages")) return "";
  return body["messages"].back().value("content", "");
}

std::string Schema(const SeenRequest& r) {
  Json body = Json::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("response_format")) return "";
  return body["response_format"]["json_schema"].value("name", "");
}

FakeReply Reply(const Json& content) {
  FakeReply r;
  r.content = content.dump();
  return r;
}

testing::RunOutput Evolve(const testing::FakeLlmServer& server, const fs::path& out,
                          std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"evolve",   "--skill",  kSkill,   "--out",
                                   out.string(), "--base-url", server.base_url(), "--model",
                                   "fake",     "--fan-in", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  if (std::find(extra.begin(), extra.end(), "--traces") == extra.end()) {
    args.push_back("--traces");
    args.push_back(kTraces);
  }
  return testing::RunTrace2skill(args);
}

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

void ExpectInvariants(const fs::path& out) {
  EXPECT_EQ(testing::RunInvariantViolations(fs::path(T2S_SOURCE_DIR) / kSkill, out),
            std::vector<std::string>{});
}

TEST(EvolveHostileTest, AMergeAimedAtAMissingSectionConsumesNothing) {
  testing::ConstrainedLlmServer server;
  server.SetResponder([](const SeenRequest& r) {
    if (Schema(r) != "t2s_merge") return testing::EvolveResponder(r);
    // Claims every input for one edit that cannot apply to S0.
    std::string user = UserText(r);
    std::set<std::string> ids;
    std::regex input("\\bE[0-9]+\\b");
    for (auto it = std::sregex_iterator(user.begin(), user.end(), input);
         it != std::sregex_iterator(); ++it) {
      ids.insert(it->str());
    }
    Json edit = FullEdit({{"op", "append_to_section"},
                          {"file", "SKILL.md"},
                          {"section", "## Loyalty programme"},
                          {"content", "- Everything the inputs said."},
                          {"from", Json(std::vector<std::string>(ids.begin(), ids.end()))}},
                         "from");
    return Reply({{"edits", {edit}},
                  {"dropped", Json::array()},
                  {"rationale", "one edit"},
                  {"changelog", Json::array()}});
  });
  testing::TempDir tmp;
  fs::path out = tmp.path() / "run";
  testing::RunOutput r = Evolve(server, out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectInvariants(out);
  std::string md = *ReadFile(out / "skill/airline-support/SKILL.md");
  EXPECT_EQ(md.find("Everything the inputs said"), std::string::npos);
  EXPECT_NE(md.find("Re-check totals and ids before any write action."), std::string::npos)
      << "the inputs were carried up and applied";
  std::string fates = *ReadFile(out / "fates.json");
  EXPECT_NE(fates.find("unverified merge output: does not apply to S0: "), std::string::npos);
}

TEST(EvolveHostileTest, ARestructuringThatDeletesSectionsIsRefused) {
  testing::ConstrainedLlmServer server;
  server.SetResponder([](const SeenRequest& r) {
    std::string user = UserText(r);
    if (Schema(r) != "t2s_patch" || user.find("the budget is") == std::string::npos) {
      return testing::EvolveResponder(r);
    }
    Json del = FullEdit({{"op", "delete_section"}, {"file", "SKILL.md"}, {"section", "## Hand-off"}},
                        "id");
    Json del2 = FullEdit({{"op", "delete_section"}, {"file", "SKILL.md"}, {"section", "## Baggage"}},
                         "id");
    return Reply({{"edits", {del, del2}}, {"changelog", Json::array()}});
  });
  testing::TempDir tmp;
  fs::path out = tmp.path() / "run";
  testing::RunOutput r = Evolve(server, out, {"--max-skill-lines", "40"});
  // SKILL.md stays over its budget: a validation error, and the run says so.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("note: restructuring was not kept: restructure dropped"), std::string::npos)
      << r.out;
  ExpectInvariants(out);
  std::string md = *ReadFile(out / "skill/airline-support/SKILL.md");
  EXPECT_NE(md.find("## Hand-off"), std::string::npos);
  EXPECT_NE(md.find("## Baggage"), std::string::npos);
  Json fates = ReadJson(out / "fates.json");
  int edits = 0, refused = 0;
  for (const Json& e : fates["edits"]) {
    if (e["id"].get<std::string>().rfind("restructure-e", 0) != 0) continue;
    ++edits;
    EXPECT_EQ(e["fate"], "dropped");
    EXPECT_EQ(e["patch"], "restructure");
    EXPECT_FALSE(e.value("reason", "").empty()) << e.dump();
    refused += e.value("reason", "").rfind("the restructuring was not kept: restructure dropped", 0) == 0;
  }
  EXPECT_EQ(edits, 2) << "every edit of the answer is on record";
  EXPECT_GE(refused, 1);
  EXPECT_TRUE(fs::exists(out / "patches" / "restructure.json"));
}

TEST(EvolveHostileTest, ARepairThatWouldUndoAppliedEditsIsRefused) {
  testing::ConstrainedLlmServer server;
  server.SetResponder([](const SeenRequest& r) {
    std::string schema = Schema(r);
    std::string user = UserText(r);
    if (schema == "t2s_analysis") {
      // The usual answer plus one edit whose anchor S0 does not have.
      FakeReply usual = testing::EvolveResponder(r);
      Json answer = Json::parse(usual.content);
      answer["edits"].push_back(FullEdit({{"op", "insert_after"},
                                          {"file", "SKILL.md"},
                                          {"anchor", "No such sentence in the skill."},
                                          {"content", "- A lesson with a bad anchor."}}));
      return Reply(answer);
    }
    if (schema == "t2s_patch" && user.find("# Edits that failed") != std::string::npos) {
      // "Corrects" the failed edit by deleting the section the applied edits extend.
      std::smatch id;
      std::regex failed("id (L0-[0-9]+-e[0-9]+)");
      std::regex_search(user, id, failed);
      Json fix = FullEdit({{"op", "delete_section"},
                           {"file", "SKILL.md"},
                           {"section", "## Identify the user"},
                           {"id", id[1].str()}},
                          "id");
      return Reply({{"edits", {fix}}, {"changelog", Json::array()}});
    }
    return testing::EvolveResponder(r);
  });
  testing::TempDir tmp;
  fs::path one = tmp.path() / "one.jsonl";
  {
    std::string all = *ReadFile(fs::path(T2S_SOURCE_DIR) / kTraces);
    std::ofstream(one) << all.substr(0, all.find('\n') + 1);
  }
  fs::path out = tmp.path() / "run";
  testing::RunOutput r = Evolve(server, out, {"--traces", one.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectInvariants(out);
  std::string md = *ReadFile(out / "skill/airline-support/SKILL.md");
  EXPECT_NE(md.find("## Identify the user"), std::string::npos);
  Json fates = ReadJson(out / "fates.json");
  bool refused = false;
  for (const Json& e : fates["edits"]) {
    std::string reason = e.value("reason", "");
    // The correction cannot take text an applied edit holds: it is refused.
    if (reason.find("; its repair was refused: ") != std::string::npos) {
      refused = true;
      EXPECT_EQ(e["fate"], "dropped");
    }
  }
  EXPECT_TRUE(refused) << fates.dump(2);
}

}  // namespace
}  // namespace t2s
