#include "testing/decodable.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

std::string Why(const std::string& value, const std::string& schema) {
  Status s = CheckDecodable(Json::parse(value), Json::parse(schema));
  return s.ok() ? "" : s.message();
}

// The product's t2s_patch schema: it leaves additionalProperties open.
constexpr const char* kPatch = R"({"type": "object", "required": ["edits"],
  "properties": {"edits": {"type": "array", "items": {"type": "object",
    "required": ["file", "op"], "properties": {"file": {"type": "string"},
                                              "op": {"type": "string"}}}}}})";

TEST(DecodableTest, UndeclaredPropertiesFailEvenWhereTheSchemaLeavesThemOpen) {
  EXPECT_EQ(Why(R"({"edits": [{"file": "SKILL.md", "op": "append_to_section"}]})", kPatch), "");
  EXPECT_EQ(Why(R"({"edits": [{"file": "SKILL.md", "op": "append_to_section",
                               "section": "## Notes"}]})",
                kPatch),
            "$.edits[0]: undeclared property \"section\"");
  EXPECT_EQ(Why(R"({"edits": [], "changelog": []})", kPatch),
            "$: undeclared property \"changelog\"");
}

TEST(DecodableTest, AnExplicitAdditionalPropertiesSchemaDeclaresExtraKeys) {
  EXPECT_EQ(Why(R"({"a": "x", "b": "y"})",
                R"({"type": "object", "additionalProperties": {"type": "string"}})"),
            "");
  EXPECT_EQ(Why(R"({"a": 1})", R"({"type": "object", "additionalProperties": {"type": "string"}})"),
            "$.a: expected string, got integer");
}

TEST(DecodableTest, TypesEnumsConstAndBounds) {
  EXPECT_EQ(Why(R"({"edits": {}})", kPatch), "$.edits: expected array, got object");
  EXPECT_EQ(Why(R"({})", kPatch), "$: missing required property \"edits\"");
  EXPECT_EQ(Why(R"("maybe")", R"({"enum": ["error", "success"]})"),
            "$: expected one of \"error\", \"success\", got \"maybe\"");
  EXPECT_EQ(Why(R"("w")", R"({"const": "v"})"), "$: expected \"v\", got \"w\"");
  EXPECT_EQ(Why(R"(null)", R"({"type": ["string", "null"]})"), "");
  EXPECT_EQ(Why(R"(3)", R"({"type": ["string", "null"]})"),
            "$: expected string or null, got integer");
  EXPECT_EQ(Why(R"([1, 2, 3])", R"({"type": "array", "maxItems": 2})"),
            "$: expected at most 2 items, got 3");
  EXPECT_EQ(Why(R"([])", R"({"type": "array", "minItems": 1})"),
            "$: expected at least 1 items, got 0");
  EXPECT_EQ(Why(R"("ab")", R"({"type": "string", "minLength": 3})"),
            "$: expected at least 3 characters, got 2");
  EXPECT_EQ(Why(R"("ab1")", R"({"type": "string", "pattern": "^[a-z]+$"})"),
            "$: \"ab1\" does not match the pattern \"^[a-z]+$\"");
  EXPECT_EQ(Why(R"(10)", R"({"type": "integer", "exclusiveMaximum": 10})"),
            "$: expected less than 10, got 10.0");
  EXPECT_EQ(Why(R"(1.5)", R"({"type": "integer"})"), "$: expected integer, got number");
}

TEST(DecodableTest, FollowsAnyOfAndReferences) {
  const std::string tree = R"({"type": "object", "required": ["name", "kids"],
    "properties": {"name": {"type": "string"},
                   "kids": {"type": "array", "items": {"$ref": "#"}},
                   "tag": {"anyOf": [{"$ref": "#/$defs/Tag"}, {"type": "null"}]}},
    "$defs": {"Tag": {"type": "object", "required": ["k"], "properties": {"k": {"type": "string"}}}}})";
  EXPECT_EQ(Why(R"({"name": "a", "kids": [{"name": "b", "kids": [], "tag": {"k": "x"}}],
                    "tag": null})",
                tree),
            "");
  EXPECT_EQ(Why(R"({"name": "a", "kids": [{"name": "b", "kids": [], "extra": 1}]})", tree),
            "$.kids[0]: undeclared property \"extra\"");
  EXPECT_EQ(Why(R"({"name": "a", "kids": [], "tag": {"k": "x", "v": 2}})", tree),
            "$.tag: matches no anyOf branch (first: $.tag: undeclared property \"v\")");
  EXPECT_EQ(Why(R"({"a": 1})", R"({"$ref": "#/$defs/Nope"})"),
            "$: unresolvable $ref \"#/$defs/Nope\"");
}

}  // namespace
}  // namespace t2s::testing
