// The answers of FakeLlmServer's constrained mode: what a server with
// constrained decoding (vLLM or SGLang with xgrammar/outlines/guidance,
// llama.cpp grammars, OpenAI Structured Outputs, Anthropic forced tool use)
// can answer, and nothing else.
//
// Documented behaviours modelled:
//   - OpenAI Chat Completions, response_format {"type": "json_schema",
//     "json_schema": {"name", "schema", "strict"}}: with "strict": true a
//     schema outside the supported subset is refused before generation with
//     HTTP 400, {"error": {"message": "Invalid schema for response_format
//     ...", "type": "invalid_request_error", "param": "response_format",
//     "code": null}} (OpenAI Structured Outputs guide, "Supported schemas";
//     see strict_schema.h). Strict or not, the content matches the schema:
//     vLLM's structured outputs ("json": the output will follow the JSON
//     schema) constrain every json_schema request whatever "strict" says.
//   - response_format {"type": "json_object"} (JSON mode): the content is a
//     JSON object, nothing more is promised.
//   - Anthropic Messages with "tools" and "tool_choice" {"type": "tool",
//     "name": N} (or {"type": "any"}): the API forces the call, so the
//     answer is one tool_use content block {"type": "tool_use", "id":
//     "toolu_...", "name": N, "input": {...}} with no text before it and
//     stop_reason "tool_use"; the input matches the tool's input_schema
//     (Anthropic tool use guide; checked as strictly as a grammar would).
//     A tool_choice naming no declared tool, and a client tool whose
//     input_schema is missing or not of type "object", are refused with
//     HTTP 400 and Anthropic's error shape {"type": "error", "error":
//     {"type": "invalid_request_error", "message": ...}} (the messages are
//     in Anthropic's style, not verbatim copies).
//   - A reasoning model's <think>...</think> prefix is split out into
//     "reasoning_content" (vLLM's reasoning parsers); the schema applies to
//     the rest.
//   - An answer cut by max_tokens (finish_reason "length") is a prefix of a
//     decodable answer and is not checked.
// A scripted answer (FakeReply::content) no such server could give is a
// violation: the fake answers HTTP 500 "fake: scripted answer violates the
// request schema: <reason>" so the test cannot pass on it.
// Usage counts are proportional to the text: prompt_tokens = bytes of the
// messages / 4, completion_tokens = bytes of the answer / 4 (at least 1).
#ifndef T2S_TESTING_CONSTRAINED_REPLY_H_
#define T2S_TESTING_CONSTRAINED_REPLY_H_

#include <optional>
#include <string>

#include "testing/fake_llm_server.h"

namespace t2s::testing {

// One HTTP answer of the fake server.
struct FakeAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  // Set when the scripted content could not come from a constrained
  // decoder: the reason, e.g. "$.edits[0]: undeclared property \"section\"".
  std::string violation;
};

// The refusal a strict server gives before generating anything for the
// request to `path` ("/v1/chat/completions", "/v1/messages", ...) with body
// `request_body`, or nullopt when the request is accepted.
std::optional<FakeAnswer> RefuseConstrained(const std::string& path,
                                            const std::string& request_body);

// The answer to an accepted request from `reply`, a scripted or computed
// reply without a raw body (its content, finish_reason). Instances are
// generated with a seed derived from `request_body`, so the same request
// gets the same answer.
FakeAnswer AnswerConstrained(const std::string& path, const std::string& request_body,
                             const FakeReply& reply);

}  // namespace t2s::testing

#endif  // T2S_TESTING_CONSTRAINED_REPLY_H_
