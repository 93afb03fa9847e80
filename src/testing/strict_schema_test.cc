#include "testing/strict_schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

// The message for `schema_text`, or "" when strict mode accepts it.
std::string Refusal(const std::string& schema_text, const std::string& name = "r") {
  Status s = CheckStrictSchema(Json::parse(schema_text), name);
  return s.ok() ? "" : s.message();
}

TEST(StrictSchemaTest, AcceptsTheSupportedSubset) {
  EXPECT_EQ(Refusal(R"({
    "type": "object", "additionalProperties": false, "title": "t", "description": "d",
    "required": ["edits", "note", "when", "size", "tree"],
    "properties": {
      "edits": {"type": "array", "minItems": 1, "maxItems": 4, "items": {"$ref": "#/$defs/Edit"}},
      "note": {"type": ["string", "null"], "pattern": "^[a-z]+$"},
      "when": {"type": "string", "format": "date-time"},
      "size": {"anyOf": [{"type": "integer", "minimum": 0, "exclusiveMaximum": 9,
                          "multipleOf": 3}, {"type": "null"}]},
      "tree": {"$ref": "#"}
    },
    "$defs": {"Edit": {"type": "object", "additionalProperties": false,
                       "required": ["op", "k"],
                       "properties": {"op": {"enum": ["add", "delete", 1.5, null]},
                                      "k": {"const": "v"}}}}
  })"),
            "");
}

TEST(StrictSchemaTest, TheRootMustBeAnObjectNotAnyOf) {
  EXPECT_EQ(Refusal(R"({"anyOf": [{"type": "object", "additionalProperties": false}]})"),
            "Invalid schema for response_format 'r': schema must be a JSON Schema of "
            "'type: \"object\"', got 'type: \"None\"'.");
  EXPECT_EQ(Refusal(R"({"type": "array", "items": {"type": "string"}})"),
            "Invalid schema for response_format 'r': schema must be a JSON Schema of "
            "'type: \"object\"', got 'type: \"array\"'.");
  EXPECT_EQ(Refusal(R"(["object"])"),
            "Invalid schema for response_format 'r': schema must be a JSON Schema of "
            "'type: \"object\"', got 'type: \"None\"'.");
}

TEST(StrictSchemaTest, EveryObjectSetsAdditionalPropertiesFalse) {
  EXPECT_EQ(Refusal(R"({"type": "object", "properties": {}})"),
            "Invalid schema for response_format 'r': In context=(), 'additionalProperties' is "
            "required to be supplied and to be false.");
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "required": ["meta"],
                        "properties": {"meta": {"type": "object", "additionalProperties": true}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'meta'), "
            "'additionalProperties' is required to be supplied and to be false.");
}

TEST(StrictSchemaTest, EveryPropertyIsRequired) {
  // The product's t2s_patch schema with a "section" field it forgot to require.
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "required": ["edits"],
      "properties": {"edits": {"type": "array", "items": {
        "type": "object", "additionalProperties": false, "required": ["file", "op"],
        "properties": {"file": {"type": "string"}, "op": {"type": "string"},
                       "section": {"type": "string"}}}}}})",
                    "t2s_patch"),
            "Invalid schema for response_format 't2s_patch': In context=('properties', 'edits', "
            "'items'), 'required' is required to be supplied and to be an array including every "
            "key in properties. Missing 'section'.");
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false,
                        "properties": {"a": {"type": "string"}}})"),
            "Invalid schema for response_format 'r': In context=(), 'required' is required to be "
            "supplied and to be an array including every key in properties. Missing 'a'.");
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "required": ["a", "b"],
                        "properties": {"a": {"type": "string"}}})"),
            "Invalid schema for response_format 'r': In context=(), 'required' is required to be "
            "supplied and to be an array including every key in properties. Extra required key "
            "'b' supplied.");
}

TEST(StrictSchemaTest, UnsupportedKeywordsAreNotPermitted) {
  const std::string head = R"({"type": "object", "additionalProperties": false, "required": ["a"],
                               "properties": {"a": )";
  EXPECT_EQ(Refusal(head + R"({"type": "string", "minLength": 1}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), "
            "'minLength' is not permitted.");
  EXPECT_EQ(Refusal(head + R"({"type": "string", "default": "x"}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), "
            "'default' is not permitted.");
  EXPECT_EQ(Refusal(head + R"({"oneOf": [{"type": "string"}, {"type": "integer"}]}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), "
            "'oneOf' is not permitted.");
  EXPECT_EQ(Refusal(head + R"({"type": "array", "items": {"type": "string"},
                                "uniqueItems": true}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), "
            "'uniqueItems' is not permitted.");
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "allOf": []})"),
            "Invalid schema for response_format 'r': In context=(), 'allOf' is not permitted.");
  // Definitions live at the root only.
  EXPECT_EQ(Refusal(head + R"({"type": "string", "$defs": {}}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), "
            "'$defs' is not permitted.");
}

TEST(StrictSchemaTest, TypesAndFormats) {
  const std::string head = R"({"type": "object", "additionalProperties": false, "required": ["a"],
                               "properties": {"a": )";
  EXPECT_EQ(Refusal(head + R"({"description": "anything"}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), schema "
            "must have a 'type' key.");
  EXPECT_EQ(Refusal(head + R"({"type": ["string", "date"]}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), type "
            "\"date\" is not supported.");
  EXPECT_EQ(Refusal(head + R"({"type": "string", "format": "uri"}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), format "
            "\"uri\" is not supported.");
  EXPECT_EQ(Refusal(head + R"({"type": "string", "pattern": "(["}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), pattern "
            "\"([\" is not a valid regular expression.");
  EXPECT_EQ(
      Refusal(head + R"({"anyOf": [{"type": "string"}, {"type": "integer", "maxLength": 2}]}}})"),
      "Invalid schema for response_format 'r': In context=('properties', 'a', 'anyOf', 1), "
      "'maxLength' is not permitted.");
}

TEST(StrictSchemaTest, EnumValuesAreStringsNumbersOrNull) {
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "required": ["a"],
                        "properties": {"a": {"enum": ["x", {"y": 1}]}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), enum value "
            "{\"y\":1} is not a string, number or null.");
}

TEST(StrictSchemaTest, ReferencesMustResolve) {
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "required": ["a"],
                        "properties": {"a": {"$ref": "#/$defs/Missing"}},
                        "$defs": {"B": {"type": "object", "properties": {}}}})"),
            "Invalid schema for response_format 'r': In context=('$defs', 'B'), "
            "'additionalProperties' is required to be supplied and to be false.");
  EXPECT_EQ(Refusal(R"({"type": "object", "additionalProperties": false, "required": ["a"],
                        "properties": {"a": {"$ref": "#/$defs/Missing"}}})"),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), reference "
            "'#/$defs/Missing' can't be resolved.");
}

// An object nested `levels` deep, root included.
Json Nested(int levels) {
  Json s = {{"type", "object"},
            {"additionalProperties", false},
            {"properties", Json::object()},
            {"required", Json::array()}};
  for (int i = 1; i < levels; ++i) {
    s = {{"type", "object"},
         {"additionalProperties", false},
         {"properties", {{"n", s}}},
         {"required", {"n"}}};
  }
  return s;
}

TEST(StrictSchemaTest, AtMostTenLevelsOfNesting) {
  EXPECT_TRUE(CheckStrictSchema(Nested(10), "r").ok());
  EXPECT_EQ(CheckStrictSchema(Nested(11), "r").message(),
            "Invalid schema for response_format 'r': In context=('properties', 'n', 'properties', "
            "'n', 'properties', 'n', 'properties', 'n', 'properties', 'n', 'properties', 'n', "
            "'properties', 'n', 'properties', 'n', 'properties', 'n', 'properties', 'n'), objects "
            "are nested 11 levels deep; at most 10 are permitted.");
}

TEST(StrictSchemaTest, AtMost5000PropertiesAnd1000EnumValues) {
  Json s = {{"type", "object"},
            {"additionalProperties", false},
            {"properties", Json::object()},
            {"required", Json::array()}};
  for (int i = 0; i < 5001; ++i) {
    std::string key = "p" + std::to_string(i);
    s["properties"][key] = {{"type", "integer"}};
    s["required"].push_back(key);
  }
  EXPECT_EQ(CheckStrictSchema(s, "r").message(),
            "Invalid schema for response_format 'r': the schema has 5001 object properties; at "
            "most 5000 are permitted.");
  Json e = {{"type", "object"},
            {"additionalProperties", false},
            {"properties", {{"a", {{"enum", Json::array()}}}}},
            {"required", {"a"}}};
  for (int i = 0; i < 1001; ++i) e["properties"]["a"]["enum"].push_back(i);
  EXPECT_EQ(CheckStrictSchema(e, "r").message(),
            "Invalid schema for response_format 'r': the schema has 1001 enum values; at most "
            "1000 are permitted.");
}

TEST(StrictSchemaTest, LargeStringEnumsAreLimitedInLength) {
  Json e = {{"type", "object"},
            {"additionalProperties", false},
            {"properties", {{"a", {{"enum", Json::array()}}}}},
            {"required", {"a"}}};
  for (int i = 0; i < 251; ++i) {
    e["properties"]["a"]["enum"].push_back(std::string(60, 'x') + std::to_string(i));
  }
  EXPECT_EQ(CheckStrictSchema(e, "r").message(),
            "Invalid schema for response_format 'r': In context=('properties', 'a'), an enum of "
            "251 values totals 15703 characters; one of more than 250 values may total at most "
            "15000.");
}

}  // namespace
}  // namespace t2s::testing
