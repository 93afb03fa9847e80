#include "testing/fake_llm_server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "testing/constrained_reply.h"
#include "testing/tool_conversation.h"

namespace t2s::testing {
namespace {

std::string DefaultBody(const std::string& path, const FakeReply& reply) {
  std::string content = reply.content.empty() ? "{\"ok\": true}" : reply.content;
  if (path.find("/messages") != std::string::npos) {
    nlohmann::json j = {
        {"type", "message"},
        {"role", "assistant"},
        {"content", {{{"type", "text"}, {"text", content}}}},
        {"stop_reason", reply.finish_reason == "length" ? "max_tokens" : "end_turn"},
        {"usage", {{"input_tokens", 12}, {"output_tokens", 6}}}};
    return j.dump();
  }
  nlohmann::json j = {{"choices",
                       {{{"index", 0},
                         {"message", {{"role", "assistant"}, {"content", content}}},
                         {"finish_reason", reply.finish_reason}}}},
                      {"usage", {{"prompt_tokens", 12}, {"completion_tokens", 6}}}};
  return j.dump();
}

// vLLM's answer to a model it does not serve (recent versions wrap it in
// "error" as OpenAI does; older ones sent {"object": "error", "message":
// ..., "type": "NotFoundError", "param": null, "code": 404} flat), and
// Anthropic's 404 on /v1/messages.
std::string UnknownModelBody(const std::string& path, const std::string& model) {
  using Ordered = nlohmann::ordered_json;
  if (path.find("/messages") != std::string::npos) {
    Ordered error = {{"type", "not_found_error"}, {"message", "model: " + model}};
    return Ordered{{"type", "error"}, {"error", error}}.dump();
  }
  Ordered error = {{"message", "The model `" + model + "` does not exist."},
                   {"type", "NotFoundError"},
                   {"param", nullptr},
                   {"code", 404}};
  return Ordered{{"error", error}}.dump();
}

std::string ModelList(const std::vector<std::string>& models) {
  using Ordered = nlohmann::ordered_json;
  Ordered data = Ordered::array();
  for (const std::string& id : models) {
    data.push_back({{"id", id}, {"object", "model"}, {"created", 0}, {"owned_by", "fake"}});
  }
  return Ordered{{"object", "list"}, {"data", data}}.dump();
}

}  // namespace

FakeLlmServer::FakeLlmServer(int threads) : server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  // Without it Nagle's algorithm holds the body back behind the headers
  // until the client's delayed ACK (~40 ms a request).
  server_->set_tcp_nodelay(true);
  // Keep connections open as real inference servers do (httplib closes
  // after 5 requests by default).
  server_->set_keep_alive_max_count(1000000);
  server_->set_keep_alive_timeout(60);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    ++count_;
    SeenRequest seen{req.path, req.body, {}};
    for (const auto& [k, v] : req.headers) seen.headers.emplace_back(k, v);
    std::vector<std::string> models;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back(seen);
      models = models_;
    }
    if (!models.empty()) {
      nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
      std::string model = j.is_object() && j.contains("model") && j["model"].is_string()
                              ? j["model"].get<std::string>()
                              : "";
      if (std::find(models.begin(), models.end(), model) == models.end()) {
        res.status = 404;
        res.set_content(UnknownModelBody(req.path, model), "application/json");
        return;
      }
    }
    if (std::optional<FakeAnswer> refusal = RefuseConversation(req.path, req.body)) {
      res.status = refusal->status;
      res.set_content(refusal->body, refusal->content_type);
      return;
    }
    bool constrained = constrained_.load();
    if (constrained) {
      if (std::optional<FakeAnswer> refusal = RefuseConstrained(req.path, req.body)) {
        res.status = refusal->status;
        res.set_content(refusal->body, refusal->content_type);
        return;
      }
    }
    FakeReply reply = Next(seen);
    if (reply.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(reply.delay_ms));
    for (const auto& [k, v] : reply.headers) res.set_header(k, v);
    res.status = reply.status;
    std::string body = reply.body;
    std::string content_type = "application/json";
    if (reply.body.empty() && reply.status == 200 && !reply.tool_calls.empty()) {
      FakeAnswer answer = AnswerToolCalls(req.path, req.body, reply);
      if (!answer.violation.empty()) {
        std::lock_guard<std::mutex> lock(mu_);
        violations_.push_back(answer.violation);
      }
      res.status = answer.status;
      body = std::move(answer.body);
      if (answer.status != 200) reply.drop = false;
    } else if (reply.body.empty() && reply.status == 200) {
      if (constrained) {
        FakeAnswer answer = AnswerConstrained(req.path, req.body, reply);
        if (!answer.violation.empty()) {
          std::lock_guard<std::mutex> lock(mu_);
          violations_.push_back(answer.violation);
        }
        res.status = answer.status;
        body = std::move(answer.body);
        content_type = answer.content_type;
        if (answer.status != 200) reply.drop = false;  // the failure must reach the test
      } else {
        body = DefaultBody(req.path, reply);
      }
    }
    if (reply.drop) {
      res.set_content_provider(body.size() + 100, content_type,
                               [body](size_t, size_t, httplib::DataSink& sink) {
                                 sink.write(body.data(), body.size() / 2);
                                 return false;  // abort: the client sees a cut connection
                               });
      return;
    }
    res.set_content(body, content_type);
  };
  auto list_models = [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    res.set_content(ModelList(models_), "application/json");
  };
  batch_ = std::make_unique<FakeBatchApi>([handler](const std::string& path, const std::string& body) {
    httplib::Request req;
    req.path = path;
    req.body = body;
    httplib::Response res;
    handler(req, res);
    HttpResponse r;
    r.status = res.status;
    r.body = res.body;
    return r;
  });
  auto batch_handler = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequest r;
    r.method = req.method;
    r.url = "http://127.0.0.1:" + std::to_string(port_) + req.path;
    r.body = req.body;
    if (req.is_multipart_form_data() && req.has_file("file")) {
      // httplib has taken the form apart: the part FakeBatchApi reads, again.
      r.body = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" +
               req.get_file_value("file").content + "\r\n--b--\r\n";
    }
    for (const auto& [k, v] : req.headers) r.headers.emplace_back(k, v);
    std::optional<HttpResponse> answer = batch_->Handle(r);
    res.status = answer ? static_cast<int>(answer->status) : 404;
    res.set_content(answer ? answer->body : "{}", "application/json");
  };
  for (const char* prefix : {"/v1", ""}) {
    server_->Post(std::string(prefix) + "/files", batch_handler);
    server_->Post(std::string(prefix) + "/batches", batch_handler);
    server_->Get(std::string(prefix) + R"(/files/.+)", batch_handler);
    server_->Get(std::string(prefix) + R"(/batches/.+)", batch_handler);
  }
  server_->Post("/v1/messages/batches", batch_handler);
  server_->Get(R"(/v1/messages/batches/.+)", batch_handler);
  server_->Get("/v1/models", list_models);
  server_->Get("/models", list_models);
  server_->Post("/v1/chat/completions", handler);
  server_->Post("/chat/completions", handler);
  server_->Post("/v1/messages", handler);
  port_ = server_->bind_to_any_port("127.0.0.1");
  // bind_to_any_port already listens: connections queue until the loop runs.
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // A stop() before the loop runs would be lost and the destructor would
  // wait forever: return once it runs.
  while (port_ > 0 && !server_->is_running()) std::this_thread::yield();
}

FakeLlmServer::~FakeLlmServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeLlmServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

void FakeLlmServer::Script(std::vector<FakeReply> replies) {
  std::lock_guard<std::mutex> lock(mu_);
  for (FakeReply& r : replies) script_.push_back(std::move(r));
}

void FakeLlmServer::SetDefault(FakeReply reply) {
  std::lock_guard<std::mutex> lock(mu_);
  default_ = std::move(reply);
}

std::vector<SeenRequest> FakeLlmServer::seen() {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_;
}

void FakeLlmServer::set_models(std::vector<std::string> models) {
  std::lock_guard<std::mutex> lock(mu_);
  models_ = std::move(models);
}

std::vector<std::string> FakeLlmServer::violations() {
  std::lock_guard<std::mutex> lock(mu_);
  return violations_;
}

void FakeLlmServer::SetResponder(std::function<FakeReply(const SeenRequest&)> responder) {
  std::lock_guard<std::mutex> lock(mu_);
  responder_ = std::move(responder);
}

FakeReply FakeLlmServer::Next(const SeenRequest& request) {
  std::function<FakeReply(const SeenRequest&)> responder;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!script_.empty()) {
      FakeReply r = std::move(script_.front());
      script_.pop_front();
      return r;
    }
    if (!responder_) return default_;
    responder = responder_;
  }
  return responder(request);
}

}  // namespace t2s::testing
