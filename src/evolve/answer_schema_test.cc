#include "evolve/answer_schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "evolve/analysis.h"
#include "skill/patch.h"
#include "testing/strict_schema.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

// Checks the shape OpenAI strict mode needs at every object of `schema`.
void ExpectStrictObjects(const Json& schema, const std::string& path) {
  if (!schema.is_object()) return;
  if (schema.value("type", Json()) == "object") {
    EXPECT_EQ(schema.value("additionalProperties", Json()), false) << path;
    std::set<std::string> props, required;
    for (const auto& [key, _] : schema["properties"].items()) props.insert(key);
    for (const Json& r : schema["required"]) required.insert(r.get<std::string>());
    EXPECT_EQ(props, required) << path;
    for (const auto& [key, sub] : schema["properties"].items())
      ExpectStrictObjects(sub, path + "." + key);
  }
  if (schema.contains("items")) ExpectStrictObjects(schema["items"], path + "[]");
}

// An instance with every declared property set to a distinct marker value
// (strings "v<N>", integers N, booleans true, one item per array, the
// first enum value), collecting the markers written.
Json FillAll(const Json& schema, int* next, std::set<std::string>* markers) {
  if (schema.contains("enum")) {
    Json v = schema["enum"][0];
    markers->insert(v.get<std::string>());
    return v;
  }
  Json type = schema["type"];
  std::string t = type.is_array() ? type[0].get<std::string>() : type.get<std::string>();
  if (t == "object") {
    Json out = Json::object();
    for (const auto& [key, sub] : schema["properties"].items()) out[key] = FillAll(sub, next, markers);
    return out;
  }
  if (t == "array") return Json::array({FillAll(schema["items"], next, markers)});
  if (t == "integer") {
    int n = 1000 + (*next)++;
    markers->insert(std::to_string(n));
    return n;
  }
  if (t == "boolean") {
    markers->insert("true");
    return true;
  }
  std::string s = "v" + std::to_string((*next)++);
  markers->insert(s);
  return s;
}

void Collect(const Edit& e, std::set<std::string>* seen) {
  for (const EditTextField& f : kEditTextFields) seen->insert(e.*f.member);
  if (e.replace) seen->insert("true");
}

TEST(AnswerSchemaTest, EverySchemaIsStrictModeShaped) {
  for (const std::string& name : AnswerSchemaNames()) {
    Json schema = Json::parse(AnswerSchema(name));
    ExpectStrictObjects(schema, name);
  }
  EXPECT_EQ(AnswerSchemaNames(), (std::vector<std::string>{"t2s_analysis", "t2s_merge", "t2s_patch"}));
  EXPECT_EQ(AnswerSchema("t2s_other"), "");
}

TEST(AnswerSchemaTest, OpenAIStrictModeAcceptsEverySchema) {
  for (const std::string& name : AnswerSchemaNames()) {
    Status st = testing::CheckStrictSchema(Json::parse(AnswerSchema(name)), name);
    EXPECT_TRUE(st.ok()) << st.message();
  }
}

TEST(AnswerSchemaTest, TheOpEnumIsEveryOp) {
  Json schema = Json::parse(AnswerSchema(kPatchAnswer));
  std::vector<std::string> ops = schema["properties"]["edits"]["items"]["properties"]["op"]["enum"];
  std::vector<std::string> expected;
  for (std::string_view op : EditOpNames()) expected.emplace_back(op);
  EXPECT_EQ(ops, expected);
}

// Every field a schema declares lands in the parsed struct, and the parser
// reads no field the schema does not declare (it would fail with Internal).
TEST(AnswerSchemaTest, TheAnalysisParserReadsEveryDeclaredFieldAndNoOther) {
  int next = 0;
  std::set<std::string> markers;
  Json instance = FillAll(Json::parse(AnswerSchema(kAnalysisAnswer)), &next, &markers);
  instance["edits"][0]["op"] = "create_file";  // an op whose required fields are given
  markers.erase("error");
  markers.insert("create_file");
  Result<Analysis> a = ParseAnalysis(instance.dump());
  ASSERT_TRUE(a.ok()) << a.status().message();
  std::set<std::string> seen = {a->kind};
  for (const Cause& c : a->causes) seen.insert({c.title, c.evidence, c.explanation});
  for (const Lesson& l : a->lessons) {
    seen.insert({l.title, l.when, l.do_, l.avoid});
    for (int64_t s : l.evidence_steps) seen.insert(std::to_string(s));
  }
  for (const Edit& e : a->edits) Collect(e, &seen);
  for (const std::string& c : a->changelog) seen.insert(c);
  seen.erase("");
  markers.insert("error");
  EXPECT_EQ(seen, markers);
}

TEST(AnswerSchemaTest, TheMergeAndPatchParsersReadEveryDeclaredFieldAndNoOther) {
  for (std::string_view name : {kMergeAnswer, kPatchAnswer}) {
    int next = 0;
    std::set<std::string> markers;
    Json instance = FillAll(Json::parse(AnswerSchema(name)), &next, &markers);
    Result<MergeAnswer> m =
        name == kMergeAnswer ? ParseMergeAnswer(instance.dump()) : ParsePatchAnswer(instance.dump());
    ASSERT_TRUE(m.ok()) << m.status().message();
    std::set<std::string> seen;
    for (const MergedEdit& e : m->edits) {
      Collect(e.edit, &seen);
      seen.insert(e.from.begin(), e.from.end());
    }
    for (const auto& [id, reason] : m->dropped) seen.insert({id, reason});
    seen.insert(m->rationale);
    seen.insert(m->changelog.begin(), m->changelog.end());
    seen.erase("");
    EXPECT_EQ(seen, markers) << name;
  }
}

TEST(AnswerSchemaTest, NullFieldsReadAsAbsent) {
  Result<MergeAnswer> m = ParsePatchAnswer(
      R"({"edits":[{"id":null,"op":"append_to_section","file":"SKILL.md","section":"## A",)"
      R"("after_section":null,"old_text":null,"anchor":null,"content":"- x","replace":null}],)"
      R"("changelog":[]})");
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->edits.size(), 1u);
  EXPECT_TRUE(m->edits[0].from.empty());
  EXPECT_EQ(m->edits[0].edit.problem, "");
  EXPECT_EQ(m->edits[0].edit.anchor, "");
}

TEST(AnswerSchemaTest, AtMostThreeLessonsAreKept) {
  Json lesson = {{"title", "t"}, {"when", ""}, {"do", ""}, {"avoid", ""}, {"evidence_steps", Json::array()}};
  Json a = {{"kind", "error"},
            {"causes", Json::array()},
            {"lessons", {lesson, lesson, lesson, lesson}},
            {"edits", Json::array()},
            {"changelog", Json::array()}};
  Result<Analysis> parsed = ParseAnalysis(a.dump());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->lessons.size(), kMaxLessons);
}

}  // namespace
}  // namespace t2s
