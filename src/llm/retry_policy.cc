#include "llm/retry_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <initializer_list>

#include "llm/wire_json.h"

namespace t2s {
namespace {

bool Mentions(const std::string& body, const char* what) {
  return body.find(what) != std::string::npos;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool MentionsAny(const std::string& lower_body, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const char* w) { return Mentions(lower_body, w); });
}

// Our schema is wrong: the server understood the mode and refused the schema.
bool SchemaRefused(const std::string& lower_body) {
  return MentionsAny(lower_body, {"invalid schema", "schema is invalid", "invalid json schema",
                                  "invalid_json_schema"});
}

// The server does not offer the structured-output mode the request used.
bool ModeUnsupported(const std::string& lower_body) {
  return MentionsAny(lower_body,
                     {"response_format", "json_schema", "json_object", "tools", "tool_choice"}) &&
         MentionsAny(lower_body, {"not supported", "unsupported", "unknown", "unrecognized",
                                  "not recognized", "not permitted", "not allowed", "extra inputs",
                                  "extra_forbidden", "must be one of", "does not support",
                                  "doesn't support", "not implemented", "may not be"});
}

// What an error body says, shortened to one line for messages: the message
// of a JSON error ({"error": {"message": ...}}, {"error": "..."},
// {"message": ...}, {"detail": "..."}) or the body's first line.
std::string Excerpt(const std::string& body) {
  std::string text = body;
  if (Result<nlohmann::json> j = ParseWireObject(body); j.ok()) {
    const nlohmann::json& obj = *j;
    auto error = obj.find("error");
    const nlohmann::json& inner = error != obj.end() && error->is_object() ? *error : obj;
    std::string said = error != obj.end() ? StringAt(obj, "error") : "";
    if (said.empty()) said = StringAt(inner, "message");
    if (said.empty()) said = StringAt(obj, "detail");
    if (!said.empty()) text = std::move(said);
  }
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

}  // namespace

Classified ClassifyExchange(const HttpResponse& r) {
  if (r.status == 0) {
    if (r.timed_out) return {Verdict::kRetry, FailureCause::kTimeout, "request timed out"};
    return {Verdict::kRetry, FailureCause::kConnection, "connection failed: " + r.transport_error};
  }
  if (r.status >= 200 && r.status < 300) return {};
  std::string what = fmt::format("HTTP {}: {}", r.status, Excerpt(r.body));
  if (r.status == 429 && Mentions(r.body, "insufficient_quota"))
    return {Verdict::kFail, FailureCause::kQuota, what, true};
  if (r.status == 429) return {Verdict::kRetry, FailureCause::kRateLimited, what};
  if (r.status == 408 || r.status == 409) return {Verdict::kRetry, FailureCause::kServer, what};
  if (r.status >= 500) return {Verdict::kRetry, FailureCause::kServer, what};
  if (r.status == 401 || r.status == 403) return {Verdict::kFail, FailureCause::kAuth, what, true};
  if (r.status == 404) return {Verdict::kFail, FailureCause::kClient, what, true};
  if (r.status == 400 || r.status == 422) {
    std::string body = Lower(r.body);
    if (SchemaRefused(body)) return {Verdict::kFail, FailureCause::kClient, what, true};
    if (ModeUnsupported(body)) return {Verdict::kFallback, FailureCause::kClient, what};
  }
  return {Verdict::kFail, FailureCause::kClient, what};
}

bool LooksLikeMissingModel(const HttpResponse& r) {
  if (r.status != 404) return false;
  std::string body = Lower(r.body);
  return MentionsAny(body, {"model", "does not exist", "not found"});
}

int64_t RetryDelayMs(const HttpResponse& r, int attempt, const RetryOptions& o,
                     std::mt19937_64& rng) {
  std::string_view ms = r.Header("retry-after-ms");
  std::string_view s = r.Header("retry-after");
  // Parsed as doubles and capped before any conversion: a server may send
  // "1e30" or 99999999999999999999, which no integer holds.
  auto capped = [&](double v) -> int64_t {
    if (!(v > 0)) return 0;  // NaN, zero, negative
    return v >= static_cast<double>(o.retry_after_cap_ms) ? o.retry_after_cap_ms
                                                          : static_cast<int64_t>(v);
  };
  if (!ms.empty()) {
    if (int64_t v = capped(std::atof(std::string(ms).c_str())); v > 0) return v;
  }
  if (!s.empty() && std::isdigit(static_cast<unsigned char>(s.front()))) {
    if (int64_t v = capped(std::atof(std::string(s).c_str()) * 1000); v > 0) return v;
  }
  int64_t delay = o.backoff_base_ms;
  for (int i = 1; i < attempt && delay < o.backoff_cap_ms; ++i) delay *= 2;
  delay = std::min(delay, o.backoff_cap_ms);
  std::uniform_int_distribution<int64_t> jitter(delay / 2, delay);
  return jitter(rng);
}

}  // namespace t2s
