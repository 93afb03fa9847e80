// ResponseCache: answers already paid for, in SQLite, keyed by a hash of
// the whole request (provider, model, messages, every sampling field, seed,
// schema). A seed sweep therefore never returns a cached answer for a new seed.
#ifndef T2S_LLM_RESPONSE_CACHE_H_
#define T2S_LLM_RESPONSE_CACHE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "llm/chat_types.h"
#include "store/sqlite_db.h"

namespace t2s {

// The cache key of `request` sent to `provider` (32 hex digits).
std::string CacheKey(std::string_view provider, const ChatRequest& request);

// A provider batch the run submitted and has not collected yet: the same
// run, killed, resumes by polling it instead of paying again.
struct BatchRecord {
  std::string id;
  std::string stage;
  std::vector<std::string> keys;  // the cache keys of its items (their custom ids)
};

class ResponseCache {
 public:
  static Result<std::unique_ptr<ResponseCache>> Open(const std::filesystem::path& file);

  // The stored answer, else the shared cache's (copied here), else none.
  // Nothing with set_reads(false).
  std::optional<ChatResponse> Get(const std::string& key);
  // Stores the answer here and in the shared cache.
  Status Put(const std::string& key, const ChatResponse& response);

  // Batches of this run (this file only, never the shared cache).
  Status RecordBatch(const BatchRecord& batch);
  Result<std::vector<BatchRecord>> OpenBatches();
  Status CloseBatch(const std::string& id);

  // A second cache consulted after this one and written with it (a run
  // store backed by a cache shared between runs); must outlive this one.
  void set_shared(ResponseCache* shared) { shared_ = shared; }
  // false: Get finds nothing (every call is made again); Put still stores.
  void set_reads(bool reads) { reads_ = reads; }

 private:
  explicit ResponseCache(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  std::optional<ChatResponse> GetHere(const std::string& key);
  Status PutHere(const std::string& key, const ChatResponse& response);

  std::unique_ptr<SqliteDb> db_;
  ResponseCache* shared_ = nullptr;
  bool reads_ = true;
};

}  // namespace t2s

#endif  // T2S_LLM_RESPONSE_CACHE_H_
