// A model's answer, fuzzed, through what the client and evolve do with it:
// the JSON object is extracted (think blocks, fences, prose), checked
// against each real answer schema, and an answer a schema accepts is parsed
// by that schema's parser. A server's output is hostile input: it must give
// an error, never a crash; and a schema-valid answer must parse, since the
// parsers read only what the schemas declare.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "evolve/analysis.h"
#include "evolve/answer_schema.h"
#include "llm/json_extract.h"

namespace {

// Parses a schema-valid `json` with the parser of `schema`. Only an Internal
// error (a field the parser reads but the schema lacks) is a bug; other
// errors are checks the schema cannot express (lengths, duplicates).
void ParseAs(const std::string& schema, const std::string& json) {
  t2s::Status status = t2s::Status::Ok();
  if (schema == t2s::kAnalysisAnswer) {
    status = t2s::ParseAnalysis(json).status();
  } else if (schema == t2s::kMergeAnswer) {
    status = t2s::ParseMergeAnswer(json).status();
  } else if (schema == t2s::kPatchAnswer) {
    status = t2s::ParsePatchAnswer(json).status();
  }
  if (status.code() == t2s::StatusCode::kInternal) {
    std::fprintf(stderr, "%s: a schema-valid answer broke the parser: %s\n%s\n", schema.c_str(),
                 status.message().c_str(), json.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view answer(reinterpret_cast<const char*>(data), size);
  t2s::Result<std::string> json = t2s::ExtractJsonObject(answer);
  if (!json.ok()) return 0;
  for (const std::string& schema : t2s::AnswerSchemaNames()) {
    if (t2s::ValidateJsonSchema(*json, t2s::AnswerSchema(schema)).ok()) ParseAs(schema, *json);
  }
  return 0;
}
