// Provider batch APIs: many chat requests submitted as one job, answered
// within a window at about half the price, with no rate limit to fight.
//   OpenAI (and compatible servers that have it): POST {base}/files (the
//     requests as JSONL, purpose "batch"), POST {base}/batches, GET
//     {base}/batches/{id}, GET {base}/files/{id}/content for the output and
//     error files.
//   Anthropic Message Batches: POST {base}/v1/messages/batches, GET
//     {base}/v1/messages/batches/{id}, GET its results_url (JSONL).
// Each item carries a custom id (we use the request's cache key), which maps
// its result back. Only the wire is here; LlmClient drives batches
// (llm/llm_client.h, BatchOptions).
#ifndef T2S_LLM_BATCH_API_H_
#define T2S_LLM_BATCH_API_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "llm/http_types.h"

namespace t2s {

// One synchronous HTTP exchange (the client's transport, waited on).
using Exchange = std::function<HttpResponse(HttpRequest)>;

struct BatchState {
  std::string id;
  std::string status;  // the provider's word: in_progress, completed, expired, ended, ...
  bool ended = false;  // no item will change any more
  size_t total = 0, done = 0, failed = 0;
  // Where the answers are, once ended (OpenAI: file ids; Anthropic: the results URL).
  std::string output;
  std::string errors;
  std::string problem;  // a batch that failed as a whole: why
};

struct BatchItemResult {
  std::string custom_id;
  bool answered = false;  // `response` holds the provider's 2xx answer of the item
  HttpResponse response;  // as a chat call would have received it
  std::string error;      // why not answered ("expired", the server's message)
};

class BatchApi {
 public:
  virtual ~BatchApi() = default;
  // Submits the items (custom id, the chat request the provider built for
  // it); returns the batch id.
  virtual Result<std::string> Submit(
      const std::vector<std::pair<std::string, HttpRequest>>& items) = 0;
  virtual Result<BatchState> Poll(const std::string& id) = 0;
  // The results of an ended batch. Items the provider does not list are
  // left out (the caller treats them as not answered).
  virtual Result<std::vector<BatchItemResult>> Results(const BatchState& state) = 0;
};

// `provider`: "openai" or "anthropic"; `sample` a chat request built for
// the endpoint (its URL and authentication headers are reused); `window`:
// OpenAI's completion_window ("24h"). Errors name the endpoint without its
// key, e.g. "POST http://127.0.0.1:8000/v1/files: HTTP 404: ... (the endpoint
// has no batch API: run without --batch)".
std::unique_ptr<BatchApi> MakeBatchApi(std::string_view provider, const HttpRequest& sample,
                                       std::string window, Exchange exchange);

}  // namespace t2s

#endif  // T2S_LLM_BATCH_API_H_
