#include "testing/schema_instance.h"

#include <gtest/gtest.h>

#include <set>

#include "evolve/answer_schema.h"
#include "llm/json_extract.h"
#include "testing/decodable.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

Json ProductSchema(const std::string& name) { return Json::parse(AnswerSchema(name)); }

const Json& Resolve(const Json& root, const Json& s) {
  if (s.is_object() && s.contains("$ref")) {
    std::string ref = s["$ref"];
    if (ref == "#") return root;
    return root["$defs"][ref.substr(ref.rfind('/') + 1)];
  }
  return s;
}

// Independent of CheckDecodable: every key of every object in `v` is a
// property of the schema (or of one of its anyOf branches) it answers.
void ExpectOnlyDeclaredKeys(const Json& v, const Json& schema, const Json& root,
                            const std::string& path) {
  const Json& s = Resolve(root, schema);
  std::vector<Json> branches;
  if (s.contains("anyOf")) {
    for (const Json& b : s["anyOf"]) branches.push_back(Resolve(root, b));
  } else {
    branches.push_back(s);
  }
  if (v.is_object()) {
    std::set<std::string> declared;
    for (const Json& b : branches) {
      const Json props = b.value("properties", Json::object());
      for (const auto& [key, sub] : props.items()) declared.insert(key);
    }
    for (const auto& [key, value] : v.items()) {
      ASSERT_TRUE(declared.count(key)) << path << ": undeclared " << key;
      for (const Json& b : branches) {
        if (b.value("properties", Json::object()).contains(key))
          ExpectOnlyDeclaredKeys(value, b["properties"][key], root, path + "." + key);
      }
    }
  }
  if (v.is_array()) {
    for (const Json& b : branches) {
      if (!b.contains("items")) continue;
      for (size_t i = 0; i < v.size(); ++i)
        ExpectOnlyDeclaredKeys(v[i], b["items"], root, path + "[" + std::to_string(i) + "]");
    }
  }
}

std::vector<Json> Schemas() {
  return {
      ProductSchema("t2s_analysis"),
      ProductSchema("t2s_merge"),
      ProductSchema("t2s_patch"),
      Json::parse(R"({"type": "object", "additionalProperties": false,
        "required": ["note", "code", "slug", "kind", "size", "when", "tags", "id"],
        "properties": {
          "note": {"type": ["string", "null"], "minLength": 12, "maxLength": 14},
          "code": {"type": "string", "pattern": "^[0-9]+$"},
          "slug": {"type": "string", "pattern": "^text-[0-9a-f]{4}$"},
          "kind": {"enum": ["add", "drop", null]},
          "size": {"type": "integer", "minimum": 3, "maximum": 5},
          "ratio": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
          "when": {"type": "string", "format": "date-time"},
          "id": {"type": "string", "format": "uuid"},
          "tags": {"type": "array", "minItems": 2, "maxItems": 3, "items": {"const": "t"}}}})"),
      Json::parse(R"({"type": "object", "required": ["root"],
        "properties": {"root": {"$ref": "#/$defs/Node"}},
        "$defs": {"Node": {"type": "object", "required": ["name", "kids", "value"],
          "properties": {"name": {"type": "string"},
                         "kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                         "value": {"anyOf": [{"type": "integer"},
                                             {"$ref": "#/$defs/Pair"}, {"type": "null"}]}}},
          "Pair": {"type": "object", "required": ["a"],
                   "properties": {"a": {"type": "boolean"}, "b": {"type": "string"}}}}})"),
  };
}

TEST(SchemaInstanceTest, EveryInstanceValidatesAndDeclaresEveryKey) {
  for (const Json& schema : Schemas()) {
    for (uint64_t seed = 0; seed < 200; ++seed) {
      Result<Json> v = GenerateInstance(schema, seed);
      ASSERT_TRUE(v.ok()) << v.status().message();
      Status valid = ValidateJsonSchema(v->dump(), schema.dump());
      ASSERT_TRUE(valid.ok()) << valid.message() << "\n" << v->dump();
      Status decodable = CheckDecodable(*v, schema);
      ASSERT_TRUE(decodable.ok()) << decodable.message() << "\n" << v->dump();
      ExpectOnlyDeclaredKeys(*v, schema, schema, "$");
      if (HasFailure()) return;
    }
  }
}

TEST(SchemaInstanceTest, TheSameSeedGivesTheSameInstance) {
  Json schema = ProductSchema("t2s_analysis");
  std::set<std::string> distinct;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    EXPECT_EQ(GenerateInstance(schema, seed)->dump(), GenerateInstance(schema, seed)->dump());
    distinct.insert(GenerateInstance(schema, seed)->dump());
  }
  EXPECT_GT(distinct.size(), 10u);
}

TEST(SchemaInstanceTest, NullableValuesAreSometimesNullSometimesValues) {
  Json schema = Json::parse(R"({"type": ["string", "null"]})");
  int nulls = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Json v = *GenerateInstance(schema, seed);
    if (v.is_null()) {
      ++nulls;
    } else {
      EXPECT_EQ(v.get<std::string>().substr(0, 5), "text-");
      EXPECT_EQ(v.get<std::string>().size(), 9u);
    }
  }
  EXPECT_GT(nulls, 30);
  EXPECT_LT(nulls, 120);
}

TEST(SchemaInstanceTest, ArraysAreShortUnlessTheSchemaSaysOtherwise) {
  std::set<size_t> sizes;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    sizes.insert(GenerateInstance(Json::parse(R"({"type": "array"})"), seed)->size());
    EXPECT_EQ(
        GenerateInstance(Json::parse(R"({"type": "array", "minItems": 5, "maxItems": 5})"), seed)
            ->size(),
        5u);
  }
  EXPECT_EQ(sizes, (std::set<size_t>{0, 1, 2}));
}

TEST(SchemaInstanceTest, ErrorsNameThePlace) {
  EXPECT_EQ(GenerateInstance(Json::parse(R"({"type": "object", "required": ["e"],
                               "properties": {"e": {"type": "array", "minItems": 1,
                                                    "items": {"$ref": "#/$defs/Edit"}}}})"),
                             1)
                .status()
                .message(),
            "$.e[0]: unresolvable $ref \"#/$defs/Edit\"");
  EXPECT_EQ(GenerateInstance(Json::parse(R"({"type": "string", "pattern": "^x{7}$"})"), 1)
                .status()
                .message(),
            "$: no string the fake can make matches the pattern \"^x{7}$\"");
  EXPECT_EQ(GenerateInstance(Json::parse(R"({"enum": []})"), 1).status().message(),
            "$: enum is empty");
  EXPECT_EQ(GenerateInstance(Json::parse(R"({"type": "date"})"), 1).status().message(),
            "$: unknown type \"date\"");
  EXPECT_EQ(GenerateInstance(Json::parse(R"({"type": "object", "required": ["a"],
                               "properties": {"a": {"$ref": "#"}}})"),
                             1)
                .status()
                .message(),
            "$.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a: the schema "
            "nests without end");
}

}  // namespace
}  // namespace t2s::testing
