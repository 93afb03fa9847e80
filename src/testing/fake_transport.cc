#include "testing/fake_transport.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace t2s::testing {

HttpResponse OpenAIAnswer(const std::string& content, const std::string& finish_reason,
                          int prompt_tokens, int completion_tokens) {
  nlohmann::json body = {
      {"choices",
       {{{"index", 0},
         {"message", {{"role", "assistant"}, {"content", content}}},
         {"finish_reason", finish_reason}}}},
      {"usage", {{"prompt_tokens", prompt_tokens}, {"completion_tokens", completion_tokens}}}};
  HttpResponse r;
  r.status = 200;
  r.body = body.dump();
  r.elapsed_ms = 5;
  return r;
}

HttpResponse HttpError(long status, const std::string& body,
                       std::vector<std::pair<std::string, std::string>> headers) {
  HttpResponse r;
  r.status = status;
  r.body = body;
  r.headers = std::move(headers);
  return r;
}

HttpResponse ConnectionDropped() {
  HttpResponse r;
  r.transport_error = "Transferred a partial file";
  return r;
}

HttpResponse ConnectionRefused() {
  HttpResponse r;
  r.transport_error = "Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection refused";
  r.connect_failed = true;
  return r;
}

HttpResponse ModelList(const std::vector<std::string>& ids) {
  nlohmann::json data = nlohmann::json::array();
  for (const std::string& id : ids) data.push_back({{"id", id}, {"object", "model"}});
  HttpResponse r;
  r.status = 200;
  r.body = nlohmann::json{{"object", "list"}, {"data", data}}.dump();
  return r;
}

size_t FakeTransport::posts() const {
  return static_cast<size_t>(std::count_if(
      requests.begin(), requests.end(), [](const HttpRequest& r) { return r.method == "POST"; }));
}

void FakeTransport::Push(HttpResponse response) {
  script_.push_back([response](const HttpRequest&) { return response; });
}

void FakeTransport::Push(Responder responder) { script_.push_back(std::move(responder)); }

void FakeTransport::Start(uint64_t tag, HttpRequest request) {
  HttpResponse response;
  if (!script_.empty()) {
    response = script_.front()(request);
    script_.pop_front();
  } else {
    response = default_(request);
  }
  requests.push_back(std::move(request));
  pending_.emplace_back(tag, std::move(response));
  max_in_flight = std::max(max_in_flight, pending_.size());
}

std::vector<std::pair<uint64_t, HttpResponse>> FakeTransport::Poll(int max_wait_ms) {
  if (on_poll) on_poll(max_wait_ms);
  if (hold) return {};
  std::vector<std::pair<uint64_t, HttpResponse>> done;
  done.swap(pending_);
  return done;
}

}  // namespace t2s::testing
