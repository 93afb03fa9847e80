#include "skill/patch.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(PatchTest, ParsesEveryFieldAndAssignsMissingIds) {
  Result<Patch> p = ParsePatch(R"({"schema":"t2s.patch/1","id":"m1-0001","level":1,
    "inputs":["a","b"],"rationale":"why","changelog":["one"],
    "edits":[{"op":"replace_text","file":"SKILL.md","section":"## A","old_text":"x","content":"y",
              "sources":["t1","t2","t1"]},
             {"id":"keep","op":"create_file","file":"references/r.md","content":"# R","replace":true}]})",
                               "p.json");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->id, "m1-0001");
  EXPECT_EQ(p->level, 1);
  EXPECT_EQ(p->inputs, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(p->edits.size(), 2u);
  EXPECT_EQ(p->edits[0].id, "e1");
  EXPECT_EQ(p->edits[0].op, EditOp::kReplaceText);
  EXPECT_EQ(p->edits[0].section, "## A");
  EXPECT_EQ(Support(p->edits[0]), 2u);
  EXPECT_EQ(p->edits[1].id, "keep");
  EXPECT_TRUE(p->edits[1].replace);
  EXPECT_TRUE(p->edits[1].problem.empty());
}

TEST(PatchTest, MalformedJsonNamesLineAndColumn) {
  Result<Patch> p = ParsePatch("{\n  \"edits\": [\n    {\"op\": }\n  ]\n}", "patch.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "patch.json:3:12: invalid JSON: unexpected '}'; expected '[', '{', or a literal");
}

TEST(PatchTest, ANumberNoDoubleHoldsIsAnError) {
  // nlohmann::json throws out_of_range, not parse_error (found by fuzz/apply_fuzz.cc).
  EXPECT_EQ(ParsePatch(R"({"level": 1e999, "edits": []})", "p.json").status().message(),
            "p.json: invalid JSON: number overflow parsing '1e999'");
}

TEST(PatchTest, WrongTypesNameTheJsonPath) {
  EXPECT_EQ(ParsePatch(R"({"edits":[{"op":"create_file","file":"a","content":7}]})", "p.json")
                .status()
                .message(),
            "p.json: $.edits[0].content: expected string, got number");
  EXPECT_EQ(ParsePatch(R"({"edits":[{"op":"create_file","sources":["t1",2]}]})", "p.json")
                .status()
                .message(),
            "p.json: $.edits[0].sources[1]: expected string, got number");
  EXPECT_EQ(ParsePatch(R"({"edits":{}})", "p.json").status().message(),
            "p.json: $.edits: expected array, got object");
  EXPECT_EQ(ParsePatch(R"({"level":"two","edits":[]})", "p.json").status().message(),
            "p.json: $.level: expected integer, got string");
  EXPECT_EQ(ParsePatch(R"([1])", "p.json").status().message(),
            "p.json: $: expected object, got array");
  EXPECT_EQ(ParsePatch(R"({})", "p.json").status().message(),
            "p.json: $.edits: missing (expected an array of edits)");
  EXPECT_EQ(ParsePatch(R"({"schema":"t2s.patch/9","edits":[]})", "p.json").status().message(),
            "p.json: $.schema: expected \"t2s.patch/1\", got \"t2s.patch/9\"");
  EXPECT_EQ(ParsePatch(R"({"edits":[{"id":"a"},{"id":"a"}]})", "p.json").status().message(),
            "p.json: $.edits[1].id: duplicate id \"a\"");
}

TEST(PatchTest, UnknownOpAndMissingFieldsMarkOnlyThatEdit) {
  Result<Patch> p = ParsePatch(R"({"edits":[{"op":"move","file":"SKILL.md"},
    {"op":"insert_after","file":"SKILL.md","content":"x"},
    {"op":"delete_file","file":"scripts/a.py"}]})",
                               "p.json");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->edits[0].problem,
            "$.edits[0].op: unknown op \"move\" (expected one of create_file, delete_file, "
            "add_section, delete_section, append_to_section, replace_text, insert_after, "
            "insert_before)");
  EXPECT_EQ(p->edits[1].problem, "$.edits[1]: missing field \"anchor\" (required by insert_after)");
  EXPECT_EQ(p->edits[2].problem, "");
}

TEST(PatchTest, SerializeThenParseRoundTrips) {
  Patch patch;
  patch.id = "m2-0003";
  patch.level = 2;
  patch.inputs = {"m1-0007"};
  Edit e;
  e.id = "e1";
  e.op = EditOp::kAddSection;
  e.file = "SKILL.md";
  e.section = "## Payments";
  e.after_section = "## Booking";
  e.content = "- Confirm.\n";
  e.sources = {"airline-17"};
  patch.edits.push_back(e);
  patch.changelog = {"Add payments"};
  Result<Patch> back = ParsePatch(SerializePatch(patch), "x");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(SerializePatch(*back), SerializePatch(patch));
  EXPECT_EQ(back->edits[0].after_section, "## Booking");
}

}  // namespace
}  // namespace t2s
