// FakeTransport: a scripted Transport for unit tests. Every request gets the
// next scripted reply (or the default), and completes at the next Poll.
#ifndef T2S_TESTING_FAKE_TRANSPORT_H_
#define T2S_TESTING_FAKE_TRANSPORT_H_

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "llm/transport.h"

namespace t2s::testing {

// A 200 answer in OpenAI format.
HttpResponse OpenAIAnswer(const std::string& content, const std::string& finish_reason = "stop",
                          int prompt_tokens = 10, int completion_tokens = 5);
// An error answer with `status`, `body` and optional headers.
HttpResponse HttpError(long status, const std::string& body,
                       std::vector<std::pair<std::string, std::string>> headers = {});
// A connection failure (no HTTP answer).
HttpResponse ConnectionDropped();
// No connection at all, as curl reports a closed port:
// "Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection refused".
HttpResponse ConnectionRefused();
// A 200 answer to GET {base}/models listing `ids` (OpenAI format).
HttpResponse ModelList(const std::vector<std::string>& ids);

class FakeTransport final : public Transport {
 public:
  using Responder = std::function<HttpResponse(const HttpRequest&)>;

  void Push(HttpResponse response);
  void Push(Responder responder);
  void SetDefault(Responder responder) { default_ = std::move(responder); }

  void Start(uint64_t tag, HttpRequest request) override;
  std::vector<std::pair<uint64_t, HttpResponse>> Poll(int max_wait_ms) override;
  void AbortAll() override { pending_.clear(); }
  size_t in_flight() const override { return pending_.size(); }

  std::vector<HttpRequest> requests;             // every request started, in order
  size_t posts() const;                          // how many of them were POSTs (model calls)
  size_t max_in_flight = 0;                      // the most requests in flight at once
  bool hold = false;                             // when set, Poll completes nothing
  std::function<void(int max_wait_ms)> on_poll;  // called by every Poll (e.g. to move a clock)

 private:
  std::deque<Responder> script_;
  Responder default_ = [](const HttpRequest&) { return OpenAIAnswer("{\"ok\": true}"); };
  std::vector<std::pair<uint64_t, HttpResponse>> pending_;
};

}  // namespace t2s::testing

#endif  // T2S_TESTING_FAKE_TRANSPORT_H_
