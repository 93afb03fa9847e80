// Keeping credentials out of everything trace2skill writes or prints: API
// keys, and credentials a user put into an endpoint URL
// ("https://user:pw@host/v1", "...?api-key=...").
#ifndef T2S_LLM_REDACT_H_
#define T2S_LLM_REDACT_H_

#include <string>
#include <string_view>
#include <vector>

namespace t2s {

struct Endpoint;

// `url` with its user information and the values of credential-like query
// parameters (key, api-key, api_key, token, access_token, secret, password,
// sig, signature, code) replaced by "[redacted]":
//   https://[redacted]@host/v1?api-key=[redacted]&x=1
std::string RedactUrl(std::string_view url);

// The secrets an endpoint carries (its key, the password and credential
// query values of its URL), to scrub from any text; short ones (< 4 bytes)
// are left out, as they would match everywhere.
std::vector<std::string> EndpointSecrets(const Endpoint& endpoint);

// `text` with every secret of `endpoints` replaced by "[redacted]" and
// every endpoint URL by its redacted form.
std::string RedactSecrets(std::string text, const std::vector<Endpoint>& endpoints);

}  // namespace t2s

#endif  // T2S_LLM_REDACT_H_
