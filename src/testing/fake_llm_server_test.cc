// The fake server's constrained mode over real HTTP on 127.0.0.1.
#include "testing/fake_llm_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "llm/json_extract.h"
#include "testing/decodable.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

// The product's t2s_patch schema, as the analyst asks for it.
const Json kPatch = Json::parse(R"({"type": "object", "required": ["edits"],
  "properties": {"edits": {"type": "array", "items": {"type": "object",
    "required": ["file", "op"], "properties": {"file": {"type": "string"},
                                              "op": {"type": "string"}}}},
                 "changelog": {"type": "array", "items": {"type": "string"}}}})");

struct Answer {
  int status = 0;
  std::string body;
  Json json;  // the body parsed, or discarded
};

class Wire {
 public:
  explicit Wire(const FakeLlmServer& server) : client_(Origin(server.base_url())) {}

  Answer Post(const std::string& path, const Json& body) {
    return Done(client_.Post(path, body.dump(), "application/json"));
  }
  Answer Get(const std::string& path) { return Done(client_.Get(path)); }

 private:
  static std::string Origin(const std::string& base_url) {
    return base_url.substr(0, base_url.size() - 3);  // without "/v1"
  }
  static Answer Done(const httplib::Result& r) {
    if (!r) return {};
    return {r->status, r->body, Json::parse(r->body, nullptr, false)};
  }
  httplib::Client client_;
};

Json Chat(const Json& schema, bool strict = false, const std::string& name = "t2s_patch") {
  Json format = {{"type", "json_schema"}, {"json_schema", {{"name", name}, {"schema", schema}}}};
  if (strict) format["json_schema"]["strict"] = true;
  return {{"model", "m1"},
          {"messages", {{{"role", "user"}, {"content", std::string(400, 'w')}}}},
          {"max_tokens", 100},
          {"response_format", format}};
}

std::string ContentOf(const Answer& a) {
  return a.json["choices"][0]["message"]["content"].get<std::string>();
}

FakeReply Content(const std::string& content) {
  FakeReply r;
  r.content = content;
  return r;
}

TEST(FakeLlmServerTest, StrictModeRefusesASchemaMissingRequiredKeys) {
  FakeLlmServer server;
  server.set_constrained(true);
  server.Script({Content(R"({"edits": []})")});
  Json schema = kPatch;
  schema["additionalProperties"] = false;
  Answer a = Wire(server).Post("/v1/chat/completions", Chat(schema, /*strict=*/true));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(
      a.body,
      R"({"error":{"message":"Invalid schema for response_format 't2s_patch': In context=(), )"
      R"('required' is required to be supplied and to be an array including every key in )"
      R"(properties. Missing 'changelog'.","type":"invalid_request_error",)"
      R"("param":"response_format","code":null}})");
  // Refused before generation: the scripted answer is still there.
  Answer next = Wire(server).Post("/v1/chat/completions", Chat(kPatch));
  EXPECT_EQ(ContentOf(next), R"({"edits": []})");
}

TEST(FakeLlmServerTest, WithoutScriptedContentAnswersAGeneratedInstance) {
  FakeLlmServer server;
  server.set_constrained(true);
  Wire wire(server);
  Answer a = wire.Post("/v1/chat/completions", Chat(kPatch));
  ASSERT_EQ(a.status, 200) << a.body;
  std::string content = ContentOf(a);
  EXPECT_TRUE(ValidateJsonSchema(content, kPatch.dump()).ok()) << content;
  Status decodable = CheckDecodable(Json::parse(content), kPatch);
  EXPECT_TRUE(decodable.ok()) << decodable.message();
  EXPECT_EQ(a.json["choices"][0]["finish_reason"], "stop");
  // Usage follows the text: 400 bytes of prompt are about 100 tokens.
  EXPECT_EQ(a.json["usage"]["prompt_tokens"], 100);
  EXPECT_EQ(a.json["usage"]["completion_tokens"], static_cast<int>(content.size() / 4));
  // The same request gets the same answer.
  EXPECT_EQ(ContentOf(wire.Post("/v1/chat/completions", Chat(kPatch))), content);
  EXPECT_TRUE(server.violations().empty());
}

TEST(FakeLlmServerTest, AScriptedUndeclaredFieldIsA500AndAViolation) {
  FakeLlmServer server;
  server.set_constrained(true);
  server.Script({Content(R"({"edits": [{"file": "SKILL.md", "op": "append_to_section",
                                        "section": "## Notes", "content": "- x"}]})")});
  Answer a = Wire(server).Post("/v1/chat/completions", Chat(kPatch));
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.body,
            "fake: scripted answer violates the request schema: $.edits[0]: undeclared property "
            "\"content\"");
  EXPECT_EQ(server.violations(),
            std::vector<std::string>{"$.edits[0]: undeclared property \"content\""});
}

TEST(FakeLlmServerTest, ADecodableScriptedAnswerPassesWithItsReasoningSplitOff) {
  FakeLlmServer server;
  server.set_constrained(true);
  server.SetResponder([](const SeenRequest&) {
    return Content("<think>easy</think>\n{\"edits\": [{\"file\": \"SKILL.md\", \"op\": \"x\"}]}");
  });
  Answer a = Wire(server).Post("/v1/chat/completions", Chat(kPatch));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(ContentOf(a), R"({"edits": [{"file": "SKILL.md", "op": "x"}]})");
  EXPECT_EQ(a.json["choices"][0]["message"]["reasoning_content"], "easy");
}

TEST(FakeLlmServerTest, ProseOrFencesAroundJsonCannotComeFromADecoder) {
  FakeLlmServer server;
  server.set_constrained(true);
  server.Script({Content("Here you go:\n```json\n{\"edits\": []}\n```")});
  EXPECT_EQ(Wire(server).Post("/v1/chat/completions", Chat(kPatch)).status, 500);
  EXPECT_EQ(
      server.violations(),
      std::vector<std::string>{
          R"(the answer is not one JSON value: "Here you go:\n```json\n{\"edits\": []}\n```")"});
}

TEST(FakeLlmServerTest, JsonModeAnswersAnObject) {
  FakeLlmServer server;
  server.set_constrained(true);
  server.Script({FakeReply{}, Content("[1, 2]")});
  Json body = Chat(kPatch);
  body["response_format"] = {{"type", "json_object"}};
  Wire wire(server);
  EXPECT_EQ(ContentOf(wire.Post("/v1/chat/completions", body)), "{}");
  EXPECT_EQ(wire.Post("/v1/chat/completions", body).status, 500);
  EXPECT_EQ(server.violations(),
            std::vector<std::string>{R"(the answer is not a JSON object: "[1, 2]")"});
}

TEST(FakeLlmServerTest, PromptOnlyAndFaultsPassThrough) {
  FakeLlmServer server;
  server.set_constrained(true);
  FakeReply limited;
  limited.status = 429;
  limited.body = R"({"error":"rate limited"})";
  FakeReply truncated = Content("{\"edits\": [{\"fi");
  truncated.finish_reason = "length";
  server.Script({Content("plain words"), limited, truncated});
  Json prompt_only = Chat(kPatch);
  prompt_only.erase("response_format");
  Wire wire(server);
  EXPECT_EQ(ContentOf(wire.Post("/v1/chat/completions", prompt_only)), "plain words");
  Answer a = wire.Post("/v1/chat/completions", Chat(kPatch));
  EXPECT_EQ(a.status, 429);
  EXPECT_EQ(a.body, R"({"error":"rate limited"})");
  // Cut by max_tokens: a prefix of a decodable answer.
  Answer cut = wire.Post("/v1/chat/completions", Chat(kPatch));
  EXPECT_EQ(ContentOf(cut), "{\"edits\": [{\"fi");
  EXPECT_EQ(cut.json["choices"][0]["finish_reason"], "length");
  EXPECT_TRUE(server.violations().empty());
  // What no decoder could have started: prose is not the start of JSON text.
  FakeReply prose = Content("Sure! Here is {\"edits\"");
  prose.finish_reason = "length";
  server.Script({prose});
  EXPECT_EQ(wire.Post("/v1/chat/completions", Chat(kPatch)).status, 500);
  EXPECT_EQ(server.violations(),
            std::vector<std::string>{"a cut-off answer must be the start of JSON text"});
}

TEST(FakeLlmServerTest, DroppedConnectionsAndHeadersStillWorkWhenConstrained) {
  FakeLlmServer server;
  server.set_constrained(true);
  FakeReply dropped;
  dropped.drop = true;
  FakeReply limited;
  limited.status = 429;
  limited.headers = {{"Retry-After", "2"}};
  limited.body = "slow down";
  server.Script({dropped, limited});
  httplib::Client client(server.base_url().substr(0, server.base_url().size() - 3));
  httplib::Result cut =
      client.Post("/v1/chat/completions", Chat(kPatch).dump(), "application/json");
  EXPECT_FALSE(cut);  // no complete answer arrived
  httplib::Result r = client.Post("/v1/chat/completions", Chat(kPatch).dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "2");
  EXPECT_EQ(server.request_count(), 2);
}

Json Messages(const Json& tool_choice) {
  Json schema = Json::parse(R"({"type": "object", "required": ["kind", "edits"],
    "properties": {"kind": {"type": "string", "enum": ["error", "success"]},
                   "edits": {"type": "array", "minItems": 1,
                             "items": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string"}}}}}})");
  return {
      {"model", "claude-x"},
      {"max_tokens", 100},
      {"system", std::string(40, 's')},
      {"messages", {{{"role", "user"}, {"content", std::string(80, 'u')}}}},
      {"tools", {{{"name", "record_analysis"}, {"description", "d"}, {"input_schema", schema}}}},
      {"tool_choice", tool_choice}};
}

TEST(FakeLlmServerTest, AnthropicForcedToolCallAnswersAToolUseBlock) {
  FakeLlmServer server;
  server.set_constrained(true);
  Answer a =
      Wire(server).Post("/v1/messages", Messages({{"type", "tool"}, {"name", "record_analysis"}}));
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(a.json["content"].size(), 1u);
  const Json& block = a.json["content"][0];
  EXPECT_EQ(block["type"], "tool_use");
  EXPECT_EQ(block["name"], "record_analysis");
  EXPECT_EQ(block["id"].get<std::string>().substr(0, 6), "toolu_");
  const Json schema = Messages(nullptr)["tools"][0]["input_schema"];
  Status decodable = CheckDecodable(block["input"], schema);
  EXPECT_TRUE(decodable.ok()) << decodable.message();
  EXPECT_GE(block["input"]["edits"].size(), 1u);
  EXPECT_EQ(a.json["stop_reason"], "tool_use");
  EXPECT_EQ(a.json["usage"]["input_tokens"], 30);  // (40 + 80) / 4
}

TEST(FakeLlmServerTest, AnthropicToolInputIsCheckedAndUnknownToolsRefused) {
  FakeLlmServer server;
  server.set_constrained(true);
  server.Script({Content(R"({"kind": "error", "edits": [{"file": "a"}], "why": "x"})"),
                 Content(R"({"kind": "success", "edits": [{"file": "a"}]})")});
  Wire wire(server);
  Json forced = Messages({{"type", "tool"}, {"name", "record_analysis"}});
  Answer bad = wire.Post("/v1/messages", forced);
  EXPECT_EQ(bad.status, 500);
  EXPECT_EQ(bad.body,
            "fake: scripted answer violates the request schema: $: undeclared property \"why\"");
  Answer good = wire.Post("/v1/messages", forced);
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json["content"][0]["input"],
            Json::parse(R"({"kind": "success", "edits": [{"file": "a"}]})"));
  Answer unknown = wire.Post("/v1/messages", Messages({{"type", "tool"}, {"name", "nope"}}));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, R"({"type":"error","error":{"type":"invalid_request_error",)"
                          R"("message":"tool_choice.name: Tool 'nope' not found in tools"}})");
}

TEST(FakeLlmServerTest, AnthropicAnyToolChoiceAndToolsWithoutObjectSchemas) {
  FakeLlmServer server;
  server.set_constrained(true);
  Wire wire(server);
  Answer any = wire.Post("/v1/messages", Messages({{"type", "any"}}));
  ASSERT_EQ(any.status, 200) << any.body;
  EXPECT_EQ(any.json["content"][0]["name"], "record_analysis");
  Json body = Messages({{"type", "tool"}, {"name", "record_analysis"}});
  body["tools"][0]["input_schema"] = {{"type", "array"}};
  Answer array = wire.Post("/v1/messages", body);
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(array.body, R"({"type":"error","error":{"type":"invalid_request_error",)"
                        R"("message":"tools.0.input_schema.type: Input should be 'object'"}})");
  body["tools"][0].erase("input_schema");
  EXPECT_EQ(Json::parse(wire.Post("/v1/messages", body).body)["error"]["message"],
            "tools.0.input_schema: Field required");
  // Without a forced choice the model answers text, as before.
  body = Messages(nullptr);
  body.erase("tool_choice");
  Answer text = wire.Post("/v1/messages", body);
  EXPECT_EQ(text.json["content"][0]["text"], R"({"ok": true})");
  EXPECT_EQ(text.json["stop_reason"], "end_turn");
}

TEST(FakeLlmServerTest, UnknownModelsAre404AndTheServedOnesListed) {
  FakeLlmServer server;
  server.set_models({"m1", "m2"});
  Wire wire(server);
  Json body = Chat(kPatch);
  body["model"] = "gpt-x";
  Answer a = wire.Post("/v1/chat/completions", body);
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body,
            R"({"error":{"message":"The model `gpt-x` does not exist.","type":"NotFoundError",)"
            R"("param":null,"code":404}})");
  EXPECT_EQ(wire.Post("/v1/chat/completions", Chat(kPatch)).status, 200);
  const std::string list =
      R"({"object":"list","data":[{"id":"m1","object":"model","created":0,"owned_by":"fake"},)"
      R"({"id":"m2","object":"model","created":0,"owned_by":"fake"}]})";
  EXPECT_EQ(wire.Get("/v1/models").body, list);
  EXPECT_EQ(wire.Get("/models").body, list);
  Json message = Messages(nullptr);
  message.erase("tool_choice");
  Answer anthropic = wire.Post("/v1/messages", message);
  EXPECT_EQ(anthropic.status, 404);
  EXPECT_EQ(anthropic.body,
            R"({"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}})");
}

TEST(FakeLlmServerTest, AnyModelIsServedByDefault) {
  FakeLlmServer server;
  Json body = Chat(kPatch);
  body["model"] = "whatever";
  Answer a = Wire(server).Post("/v1/chat/completions", body);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(ContentOf(a), R"({"ok": true})");  // not constrained: the old default answer
  EXPECT_EQ(a.json["usage"]["prompt_tokens"], 12);
}

}  // namespace
}  // namespace t2s::testing
