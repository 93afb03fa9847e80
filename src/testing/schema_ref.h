// Resolving the local "$ref"s that constrained decoders and OpenAI strict
// mode support: "#" (the root, for recursive schemas), "#/$defs/NAME" and
// "#/definitions/NAME".
#ifndef T2S_TESTING_SCHEMA_REF_H_
#define T2S_TESTING_SCHEMA_REF_H_

#include <nlohmann/json_fwd.hpp>

namespace t2s::testing {

// The schema `ref` (a "$ref" value) names inside `root`, or nullptr when it
// is not a string of one of those forms or names nothing. The pointer is
// into `root`, valid while `root` is unchanged.
const nlohmann::json* ResolveSchemaRef(const nlohmann::json& root, const nlohmann::json& ref);

}  // namespace t2s::testing

#endif  // T2S_TESTING_SCHEMA_REF_H_
