// CheckDecodable: could a constrained decoder have produced this value for
// this schema? vLLM and SGLang (xgrammar, outlines, guidance backends),
// llama.cpp grammars and OpenAI strict mode compile the schema into a
// grammar and sample only tokens the grammar allows, so their output always
// matches the schema and never holds a key the schema does not declare.
// This check is the closed-world reading of the schema a fake server needs
// to refuse answers no such server could give:
//   - an object key is declared when it is in "properties" or "required";
//     any other key is an error even where the schema leaves
//     "additionalProperties" out or true (grammar backends close objects by
//     default, OpenAI strict mode demands false). Only an explicit
//     additionalProperties schema ({"type": "string"}) declares extra keys.
//   - type (one name or an array), enum, const, required, properties,
//     items, minItems, maxItems, minLength, maxLength, pattern (searched,
//     ECMAScript), minimum, maximum, exclusiveMinimum, exclusiveMaximum,
//     anyOf, and $ref to "#", "#/$defs/..." or "#/definitions/...".
// Unlike t2s::ValidateJsonSchema (the product's lenient client-side check),
// it follows anyOf and $ref.
#ifndef T2S_TESTING_DECODABLE_H_
#define T2S_TESTING_DECODABLE_H_

#include <nlohmann/json_fwd.hpp>

#include "base/status.h"

namespace t2s::testing {

// OK, or InvalidArgument naming the first offending place by JSON path:
//   $.edits[0]: undeclared property "section"
//   $.kind: expected one of "error", "success", got "maybe"
//   $: missing required property "edits"
// Never throws.
Status CheckDecodable(const nlohmann::json& value, const nlohmann::json& schema);

}  // namespace t2s::testing

#endif  // T2S_TESTING_DECODABLE_H_
