// CheckStrictSchema: the JSON Schema subset that OpenAI's Structured Outputs
// accept with `"strict": true`, so that the fake server refuses (HTTP 400)
// what the strictest real server refuses.
//
// Modelled on OpenAI's Structured Outputs guide, "Supported schemas"
// (platform.openai.com/docs/guides/structured-outputs), as of 2025-2026:
//   - the root must be an object, not anyOf: the error reads
//     "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"None\"'."
//   - every object sets "additionalProperties": false and lists every key of
//     "properties" in "required" (optional fields are unions with null,
//     e.g. "type": ["string", "null"]);
//   - supported keywords: type (one name or an array of names), properties,
//     required, additionalProperties, items, enum, const, anyOf, $ref, and
//     $defs / definitions at the root, description, title; for strings
//     pattern and format (date-time, time, date, duration, email, hostname,
//     ipv4, ipv6, uuid); for numbers multipleOf, minimum, maximum,
//     exclusiveMinimum, exclusiveMaximum; for arrays minItems, maxItems.
//     Anything else (allOf, oneOf, not, if/then/else, minLength, maxLength,
//     default, patternProperties, uniqueItems, ...) is "not permitted".
//     Older versions of the guide also refused minItems/maxItems, pattern and
//     format; the current one supports them, and so does this check.
//   - limits: at most 5000 object properties in all, at most 10 levels of
//     nested objects, at most 1000 enum values in all, at most 120000
//     characters of property names, definition names, enum and const
//     strings, and a string enum of more than 250 values at most 15000
//     characters long.
//   - enum values: strings, numbers or null (this check is stricter than the
//     guide about booleans, which the project never needs).
// Messages follow OpenAI's wording where it is documented or widely quoted
// ("In context=('properties', 'edits', 'items'), 'required' is required to
// be supplied and to be an array including every key in properties. Missing
// 'section'."); the limit messages are in the same style but our own words.
#ifndef T2S_TESTING_STRICT_SCHEMA_H_
#define T2S_TESTING_STRICT_SCHEMA_H_

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "base/status.h"

namespace t2s::testing {

// OK when OpenAI strict mode would accept `schema` as the schema of the
// response format named `name`; otherwise InvalidArgument with the whole
// message, "Invalid schema for response_format '<name>': ...". Never throws.
Status CheckStrictSchema(const nlohmann::json& schema, std::string_view name);

}  // namespace t2s::testing

#endif  // T2S_TESTING_STRICT_SCHEMA_H_
