// Transport: moves HTTP requests concurrently from one thread. Start()
// queues a request under a tag; Poll() waits for progress and returns the
// exchanges that finished. The real one is a libcurl multi loop; tests use
// a scripted fake (src/testing/fake_transport.h).
#ifndef T2S_LLM_TRANSPORT_H_
#define T2S_LLM_TRANSPORT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "llm/http_types.h"

namespace t2s {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void Start(uint64_t tag, HttpRequest request) = 0;
  // Waits at most `max_wait_ms` for progress; returns finished exchanges.
  virtual std::vector<std::pair<uint64_t, HttpResponse>> Poll(int max_wait_ms) = 0;
  // The same, returning early when one of `extra_fds` is readable too (other
  // work of the caller's loop: tool processes). The default ignores them.
  virtual std::vector<std::pair<uint64_t, HttpResponse>> PollWith(
      int max_wait_ms, const std::vector<int>& extra_fds) {
    (void)extra_fds;
    return Poll(max_wait_ms);
  }
  // Abandons every request in flight (they are not returned by Poll).
  virtual void AbortAll() = 0;
  virtual size_t in_flight() const = 0;
};

// libcurl multi: every request on one loop, connections reused per host.
std::unique_ptr<Transport> MakeCurlTransport();

}  // namespace t2s

#endif  // T2S_LLM_TRANSPORT_H_
