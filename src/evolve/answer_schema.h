// The JSON schemas of the model's answers (DESIGN.md §3.2, §3.3), built in
// code from the same field tables the parsers read, so a constrained
// decoder (vLLM, SGLang, llama.cpp, OpenAI strict mode) can emit every
// field the code reads and nothing else.
//
// Every schema is valid for OpenAI strict mode: each object lists all its
// properties in "required" and has "additionalProperties": false; fields
// an op does not use are nullable ("type": ["string", "null"]) and the
// parsers read null as absent. Array lengths are not constrained in the
// schema (minItems/maxItems are not honoured by every server); the code
// checks them.
#ifndef T2S_EVOLVE_ANSWER_SCHEMA_H_
#define T2S_EVOLVE_ANSWER_SCHEMA_H_

#include <string>
#include <string_view>
#include <vector>

namespace t2s {

inline constexpr std::string_view kAnalysisAnswer = "t2s_analysis";  // analysts
inline constexpr std::string_view kMergeAnswer = "t2s_merge";        // merges
inline constexpr std::string_view kPatchAnswer = "t2s_patch";        // draft, repair, restructure

// The JSON text of the schema called `name` (one of the three above);
// empty for any other name.
const std::string& AnswerSchema(std::string_view name);

// The names of all answer schemas.
std::vector<std::string> AnswerSchemaNames();

}  // namespace t2s

#endif  // T2S_EVOLVE_ANSWER_SCHEMA_H_
