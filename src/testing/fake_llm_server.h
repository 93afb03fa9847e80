// FakeLlmServer: an OpenAI-compatible and Anthropic-compatible HTTP server
// on 127.0.0.1 (random port) for tests and benchmarks, with scripted
// replies and injected faults. Never reaches beyond loopback.
//
// Constrained mode (set_constrained(true)) answers like the strictest real
// server with constrained decoding: refuses strict schemas OpenAI refuses,
// answers only what the request's schema declares (a generated instance
// when no content is scripted), forces Anthropic tool calls, and turns a
// scripted answer no such server could give into HTTP 500 plus an entry in
// violations(). See constrained_reply.h for the behaviours modelled.
// set_models() makes it serve only the named models, as vLLM does.
// Thread-safe: every method may be called while requests are served.
#ifndef T2S_TESTING_FAKE_LLM_SERVER_H_
#define T2S_TESTING_FAKE_LLM_SERVER_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/tool_call.h"
#include "testing/fake_batch_api.h"

namespace httplib {
class Server;
}

namespace t2s::testing {

struct FakeReply {
  int status = 200;
  std::string body;  // empty with status 200: a default answer in the path's format
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;   // wait before answering (slow or hanging server)
  bool drop = false;  // close the connection in the middle of the body
  // For a default answer: the model's text ({"ok": true} if empty; in
  // constrained mode an instance of the request's schema, or {} for JSON
  // mode). In constrained mode with a schema it must match the schema.
  std::string content;
  std::string finish_reason = "stop";
  // Tools the model calls (with `content` as text before them, may be
  // empty): an answer with finish_reason "tool_calls" / stop_reason
  // "tool_use". A call to a tool the request does not declare is refused
  // (see tool_conversation.h).
  std::vector<ToolCall> tool_calls;
};

struct SeenRequest {
  std::string path;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class FakeLlmServer {
 public:
  // Starts serving with `threads` worker threads.
  explicit FakeLlmServer(int threads = 8);
  ~FakeLlmServer();

  std::string base_url() const;  // "http://127.0.0.1:PORT/v1"
  // Replies for the next requests, in order; then the default reply.
  void Script(std::vector<FakeReply> replies);
  void SetDefault(FakeReply reply);
  // Computes the reply when no scripted one is left (instead of the default).
  void SetResponder(std::function<FakeReply(const SeenRequest&)> responder);
  int request_count() const { return count_.load(); }
  // The batch APIs (OpenAI files + batches, Anthropic Message Batches; see
  // fake_batch_api.h): each item is answered as the chat endpoints answer
  // it, counted and seen like a chat request. Set its options before use.
  FakeBatchApi& batch() { return *batch_; }
  std::vector<SeenRequest> seen();

  // Off by default: answers are the scripted ones, unchecked.
  void set_constrained(bool on) { constrained_.store(on); }
  // The served model names, listed by GET /v1/models; a request naming
  // another gets 404. Empty (the default) serves any name.
  void set_models(std::vector<std::string> models);
  // In constrained mode, why each scripted answer the server refused could
  // not have come from a constrained decoder, in arrival order:
  //   "$.edits[0]: undeclared property \"section\""
  std::vector<std::string> violations();

 private:
  FakeReply Next(const SeenRequest& request);

  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<FakeBatchApi> batch_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::deque<FakeReply> script_;
  FakeReply default_;
  std::function<FakeReply(const SeenRequest&)> responder_;
  std::vector<SeenRequest> seen_;
  std::atomic<int> count_{0};
  std::atomic<bool> constrained_{false};
  std::vector<std::string> models_;
  std::vector<std::string> violations_;
};

}  // namespace t2s::testing

#endif  // T2S_TESTING_FAKE_LLM_SERVER_H_
