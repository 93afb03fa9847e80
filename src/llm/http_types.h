// One HTTP exchange as the transport sees it.
#ifndef T2S_LLM_HTTP_TYPES_H_
#define T2S_LLM_HTTP_TYPES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace t2s {

struct HttpRequest {
  std::string method = "POST";  // "POST" or "GET"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // POSTed as is (JSON); ignored for GET
  int64_t timeout_ms = 300000;
};

struct HttpResponse {
  long status = 0;                                           // 0 when no HTTP answer arrived
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string transport_error;  // set when the exchange failed below HTTP
  bool timed_out = false;
  bool connect_failed = false;  // no connection at all: refused, DNS, no route
  double elapsed_ms = 0;

  // The value of header `name` (lower-case), or "".
  std::string_view Header(std::string_view name) const;
};

}  // namespace t2s

#endif  // T2S_LLM_HTTP_TYPES_H_
