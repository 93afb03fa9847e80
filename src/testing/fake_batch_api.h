// FakeBatchApi: OpenAI's Batch API (files + batches) and Anthropic's
// Message Batches in memory, for tests: behind a FakeTransport responder
// or the FakeLlmServer. Each item is answered by `answer` as the chat
// endpoint would have answered it. It refuses what the real ones refuse: a
// completion_window other than 24h, a request line whose url is not the
// batch's endpoint, repeated custom ids, Anthropic custom ids outside
// [a-zA-Z0-9_-]{1,64}. Faults are injected by options: batches that stay in
// progress for some polls, items that fail, batches that expire with items
// unanswered, batches that fail as a whole.
#ifndef T2S_TESTING_FAKE_BATCH_API_H_
#define T2S_TESTING_FAKE_BATCH_API_H_

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "llm/http_types.h"

namespace t2s::testing {

struct FakeBatchOptions {
  int polls_before_end = 1;    // polls that see a batch in progress before it ends
  size_t fail_first = 0;       // items of the first batch answered with an error
  size_t expire_after = 0;     // > 0: the first batch answers this many items, the rest expire
  bool fail_whole_first = false;  // the first batch fails validation (OpenAI "failed")
  bool no_batch_api = false;   // every batch URL gets 404, as vLLM answers
};

class FakeBatchApi {
 public:
  // The chat endpoint's answer to an item: (status, body). `path` is the
  // chat path ("/v1/chat/completions" or "/v1/messages").
  using Answer = std::function<HttpResponse(const std::string& path, const std::string& body)>;
  explicit FakeBatchApi(Answer answer) : answer_(std::move(answer)) {}

  // Answers `request` when it is a batch API call; nullopt otherwise. URLs
  // are matched by their path; result URLs are made from the request's.
  std::optional<HttpResponse> Handle(const HttpRequest& request);

  FakeBatchOptions options;
  // Forgets every file and batch (a provider whose records are gone): polls
  // of earlier batches get 404.
  void Forget();
  size_t batches_created() const;
  size_t items_answered() const;
  size_t polls() const;

 private:
  struct Item {
    std::string custom_id;
    std::string path;  // the chat path
    std::string body;
  };
  struct Batch {
    std::string id;
    size_t seq = 0;  // 1 for the first batch created
    bool anthropic = false;
    std::vector<Item> items;
    int polls = 0;
    bool ended = false;
    std::string status;  // OpenAI's words, or "ended"
    std::string output, errors;  // JSONL
    size_t succeeded = 0, failed = 0, expired = 0;
  };
  void End(Batch& b);

  Answer answer_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> files_;  // id -> content
  std::map<std::string, Batch> batches_;
  size_t items_answered_ = 0, polls_ = 0;
};

}  // namespace t2s::testing

#endif  // T2S_TESTING_FAKE_BATCH_API_H_
