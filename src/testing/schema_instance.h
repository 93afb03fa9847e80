// GenerateInstance: a deterministic JSON value a constrained decoder could
// emit for a schema, for the fake server's answers when a test scripted no
// content. Like a model under xgrammar/outlines or OpenAI strict mode it
// emits only what the schema declares:
//   - type (a name, or an array such as ["string", "null"]: sometimes null,
//     sometimes a value), enum, const, anyOf (one branch), $ref to "#",
//     "#/$defs/..." or "#/definitions/...";
//   - objects: every required property, some optional ones, never another;
//   - arrays: between minItems and maxItems items, 0-2 when unbounded;
//   - strings: short text like "text-3a9f" (or a value of the declared
//     format: date-time, date, time, duration, email, hostname, ipv4, ipv6,
//     uuid), padded or cut to minLength/maxLength; with a "pattern" the
//     text if it matches, else the first of a few stock strings ("a",
//     "123", "2024-01-01", ...) that does, else an error (the generator
//     is no regex engine, and it never answers a string the pattern
//     refuses);
//   - integers small (0-9), numbers with a fraction, both inside
//     minimum/maximum and their exclusive forms ("multipleOf" is not
//     followed).
// Recursive schemas end: past a nesting depth the generator takes null,
// the fewest items and no optional property.
#ifndef T2S_TESTING_SCHEMA_INSTANCE_H_
#define T2S_TESTING_SCHEMA_INSTANCE_H_

#include <cstdint>
#include <nlohmann/json.hpp>

#include "base/result.h"

namespace t2s::testing {

// The same (schema, seed) always gives the same value. Errors
// (InvalidArgument): an unresolvable $ref, an empty enum or anyOf, an
// unknown type, a pattern no stock string matches, or a recursion that
// cannot end:
//   "$.edits[0]: unresolvable $ref \"#/$defs/Edit\""
Result<nlohmann::json> GenerateInstance(const nlohmann::json& schema, uint64_t seed);

}  // namespace t2s::testing

#endif  // T2S_TESTING_SCHEMA_INSTANCE_H_
