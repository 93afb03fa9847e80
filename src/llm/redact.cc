#include "llm/redact.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "llm/provider.h"

namespace t2s {
namespace {

constexpr std::array<std::string_view, 10> kSecretParams = {
    "key", "api-key", "api_key", "token", "access_token", "secret", "password", "sig",
    "signature", "code"};

bool IsSecretParam(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kSecretParams.begin(), kSecretParams.end(), lower) != kSecretParams.end();
}

// Calls `f(begin, end)` for the user information and each secret query value of `url`.
template <typename F>
void ForEachSecret(std::string_view url, F f) {
  size_t scheme = url.find("://");
  size_t host = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t path = url.find_first_of("/?#", host);
  std::string_view authority = url.substr(host, path == std::string_view::npos ? url.npos : path - host);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) f(host, host + at);
  size_t query = url.find('?');
  if (query == std::string_view::npos) return;
  size_t end = url.find('#', query);
  if (end == std::string_view::npos) end = url.size();
  for (size_t p = query + 1; p < end;) {
    size_t amp = url.find('&', p);
    if (amp == std::string_view::npos || amp > end) amp = end;
    size_t eq = url.find('=', p);
    if (eq != std::string_view::npos && eq < amp && IsSecretParam(url.substr(p, eq - p))) {
      f(eq + 1, amp);
    }
    p = amp + 1;
  }
}

void ReplaceAll(std::string* text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (size_t at = text->find(what); at != std::string::npos; at = text->find(what, at + with.size())) {
    text->replace(at, what.size(), with);
  }
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> spans;
  ForEachSecret(url, [&](size_t b, size_t e) { spans.emplace_back(b, e); });
  std::string out(url);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    if (it->second > it->first) out.replace(it->first, it->second - it->first, "[redacted]");
  }
  return out;
}

std::vector<std::string> EndpointSecrets(const Endpoint& e) {
  std::vector<std::string> out;
  if (e.api_key.size() >= 4) out.push_back(e.api_key);
  ForEachSecret(e.base_url, [&](size_t b, size_t end) {
    std::string_view s = std::string_view(e.base_url).substr(b, end - b);
    // "user:password": the password is the secret; a lone token is too.
    size_t colon = s.find(':');
    std::string_view secret = colon == std::string_view::npos ? s : s.substr(colon + 1);
    if (secret.size() >= 4) out.emplace_back(secret);
  });
  return out;
}

std::string RedactSecrets(std::string text, const std::vector<Endpoint>& endpoints) {
  for (const Endpoint& e : endpoints) {
    ReplaceAll(&text, e.base_url, RedactUrl(e.base_url));
    for (const std::string& secret : EndpointSecrets(e)) ReplaceAll(&text, secret, "[redacted]");
  }
  return text;
}

}  // namespace t2s
