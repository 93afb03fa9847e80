// Getting the JSON object out of a model's answer, and checking it against
// the schema the request named.
#ifndef T2S_LLM_JSON_EXTRACT_H_
#define T2S_LLM_JSON_EXTRACT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace t2s {

// The JSON object a model's answer holds, re-serialized compactly. After
// removing <think> blocks and trimming, tries in order:
//   1. the whole answer as one JSON object (a schema-enforcing server's answer);
//   2. each ``` fenced block (fence lines start a real line, so fences inside
//      JSON strings, written after an escaped \n, do not end a block);
//   3. each '{' of the answer (at most 64), brace-matched as JSON (braces in
//      strings do not count): the first that parses wins.
// Errors:
//   "no JSON object in the answer"
//   "the JSON object is not valid: unexpected '}'; expected string literal at line 1, column 9"
//     (of the first candidate)
//   "the answer is nested deeper than 256 levels" (checked by a scan before
//     parsing: deep nesting must not exhaust the stack)
Result<std::string> ExtractJsonObject(std::string_view content);

// Checks `json` against `schema_json` (a subset of JSON Schema: type,
// properties, required, additionalProperties, items, enum, minItems,
// maxItems, minLength). The error names the JSON path:
//   "$.edits[2].op: expected one of \"create_file\", ..., got \"rename\""
Status ValidateJsonSchema(std::string_view json, std::string_view schema_json);

// The JSON Schema type name of a JSON value: "null", "boolean", "string",
// "array", "object", "integer" or "number" (a float). For whoever checks
// values against schemas (the fake server's decoder checks too).
std::string JsonSchemaTypeOf(const nlohmann::json& value);
// Whether `value` is of schema type `type` (an integer is also a "number").
bool JsonHasSchemaType(const nlohmann::json& value, const std::string& type);

}  // namespace t2s

#endif  // T2S_LLM_JSON_EXTRACT_H_
