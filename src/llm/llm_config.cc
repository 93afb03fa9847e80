#include "llm/llm_config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <filesystem>
#include <limits>

namespace t2s {
namespace {

std::string Place(const std::string& file, const toml::node& node) {
  const toml::source_region& where = node.source();
  return fmt::format("{}:{}:{}", file, where.begin.line, where.begin.column);
}

// Reads `[llm]`, `[budget]` and `[prices]` of the file into `out`, leaving
// what the flags set alone.
// What an untrusted file (./trace2skill.toml, found, not named) set that
// decides where a key goes.
struct Untrusted {
  bool endpoints = false;  // base_url / base_urls
};

Status ReadToml(const std::string& file, bool trusted, const LlmFlags& flags, LlmConfig* out,
                std::string* key_env, Untrusted* untrusted) {
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", file, e.source().begin.line,
                                               e.source().begin.column, e.description()));
  }
  auto bad = [&](const toml::node& node, const std::string& key, const char* expected) {
    return Status::InvalidArgument(
        fmt::format("{}: {}: expected {}", Place(file, node), key, expected));
  };
  if (const toml::table* llm = root["llm"].as_table()) {
    for (const auto& [k, node] : *llm) {
      std::string key = "llm." + std::string(k.str());
      if (k == "provider" || k == "model" || k == "base_url" || k == "api_key_env" ||
          k == "cache") {
        std::optional<std::string> v = node.value<std::string>();
        if (!v) return bad(node, key, "a string");
        if (k == "provider" && flags.provider.empty()) out->provider = *v;
        if (k == "model" && flags.model.empty()) out->model = *v;
        if (k == "base_url" && flags.base_urls.empty()) {
          out->endpoints = {Endpoint{*v, ""}};
          untrusted->endpoints = !trusted;
        }
        if (k == "api_key_env") {
          if (!trusted) {
            return Status::FailedPrecondition(fmt::format(
                "{}: llm.api_key_env: which variable holds a key is taken only from --config "
                "FILE, the user's config ({}) or with --trust-config, not from a file found in the "
                "current folder",
                Place(file, node), "$XDG_CONFIG_HOME/trace2skill/config.toml"));
          }
          *key_env = *v;
        }
        if (k == "cache" && flags.cache.empty()) {
          if (!trusted) {
            // Prompts hold whole trajectories: a found file may not choose where they go.
            return Status::FailedPrecondition(fmt::format(
                "{}: llm.cache: where answers are written is taken only from --config FILE, the "
                "user's config or with --trust-config, not from a file found in the current folder",
                Place(file, node)));
          }
          out->cache_path = *v;
        }
      } else if (k == "base_urls") {
        const toml::array* list = node.as_array();
        if (list == nullptr) return bad(node, key, "a list of strings");
        if (!flags.base_urls.empty()) continue;
        out->endpoints.clear();
        untrusted->endpoints = !trusted;
        for (const toml::node& url : *list) {
          std::optional<std::string> v = url.value<std::string>();
          if (!v) return bad(url, key, "a list of strings");
          out->endpoints.push_back(Endpoint{*v, ""});
        }
      } else if (k == "concurrency" || k == "per_endpoint_concurrency" || k == "max_attempts") {
        std::optional<int64_t> v = node.value<int64_t>();
        // Options are int: a larger value would wrap to a negative limit.
        if (!v || *v <= 0 || *v > std::numeric_limits<int>::max())
          return bad(node, key, "a positive integer (at most 2147483647)");
        if (k == "concurrency" && flags.concurrency == 0)
          out->options.concurrency = static_cast<int>(*v);
        if (k == "per_endpoint_concurrency")
          out->options.per_endpoint_concurrency = static_cast<int>(*v);
        if (k == "max_attempts" && flags.max_attempts == 0)
          out->options.retry.max_attempts = static_cast<int>(*v);
      } else if (k == "timeout_s") {
        std::optional<double> v = node.value<double>();
        // inf, nan or over 1e9 s would overflow the milliseconds (UB).
        if (!v || !(*v > 0 && *v <= 1e9))
          return bad(node, key, "a positive number (at most 1e9 seconds)");
        if (flags.timeout_s == 0) out->options.request_timeout_ms = static_cast<int64_t>(*v * 1000);
      } else if (k == "api_key") {
        return Status::InvalidArgument(
            fmt::format("{}: llm.api_key: keys do not belong in files; name the variable that "
                        "holds it with api_key_env",
                        Place(file, node)));
      } else {
        return Status::InvalidArgument(fmt::format("{}: unknown key {}", Place(file, node), key));
      }
    }
  }
  if (const toml::table* budget = root["budget"].as_table()) {
    for (const auto& [k, node] : *budget) {
      std::string key = "budget." + std::string(k.str());
      std::optional<double> v = node.value<double>();
      // nan passes no budget check; max_tokens over 1e18 would overflow int64 (UB).
      if (!v || !(*v >= 0 && *v <= 1e18))
        return bad(node, key, "a non-negative number (at most 1e18)");
      if (k == "max_tokens" && flags.max_tokens_budget == 0)
        out->options.max_total_tokens = static_cast<int64_t>(*v);
      else if (k == "max_cost_usd" && flags.max_cost_usd == 0)
        out->options.max_cost_usd = *v;
      else if (k != "max_tokens" && k != "max_cost_usd")
        return Status::InvalidArgument(fmt::format("{}: unknown key {}", Place(file, node), key));
    }
  }
  if (const toml::table* prices = root["prices"].as_table()) {
    for (const auto& [model, node] : *prices) {
      const toml::table* entry = node.as_table();
      if (entry == nullptr) return bad(node, "prices." + std::string(model.str()), "a table");
      Price p;
      for (const auto& [k, value] : *entry) {
        std::optional<double> v = value.value<double>();
        std::string key = fmt::format("prices.{}.{}", model.str(), k.str());
        if (!v || !(*v >= 0 && std::isfinite(*v))) return bad(value, key, "a non-negative number");
        if (k == "input")
          p.input_per_mtok = *v;
        else if (k == "output")
          p.output_per_mtok = *v;
        else if (k == "cached_input")
          p.cached_input_per_mtok = *v;
        else
          return Status::InvalidArgument(
              fmt::format("{}: unknown key {}", Place(file, value), key));
      }
      out->options.prices[std::string(model.str())] = p;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LlmConfig> ResolveLlmConfig(const LlmFlags& flags, const GetEnv& getenv) {
  LlmConfig c;
  auto env = [&](const char* name) -> std::string {
    const char* v = getenv(name);
    return v == nullptr ? "" : v;
  };
  // Flags first; the file and the environment fill what is left.
  c.provider = flags.provider;
  c.model = flags.model;
  for (const std::string& url : flags.base_urls) c.endpoints.push_back(Endpoint{url, ""});
  if (flags.concurrency > 0) c.options.concurrency = flags.concurrency;
  if (flags.max_attempts > 0) c.options.retry.max_attempts = flags.max_attempts;
  if (flags.timeout_s > 0)
    c.options.request_timeout_ms = static_cast<int64_t>(flags.timeout_s * 1000);
  c.options.max_total_tokens = flags.max_tokens_budget;
  c.options.max_cost_usd = flags.max_cost_usd;
  if (!flags.cache.empty()) c.cache_path = flags.cache;
  c.no_cache = flags.no_cache;

  std::string key_env;
  Untrusted untrusted;
  // The user's own config first; a named (--config) or found (./trace2skill.toml) one over it.
  std::string home = env("HOME");
  std::string xdg = env("XDG_CONFIG_HOME");
  std::filesystem::path user = !xdg.empty()    ? std::filesystem::path(xdg)
                               : !home.empty() ? std::filesystem::path(home) / ".config"
                                               : std::filesystem::path();
  std::error_code ec;
  if (!user.empty() && std::filesystem::exists(user / "trace2skill/config.toml", ec)) {
    std::string file = (user / "trace2skill/config.toml").string();
    T2S_RETURN_IF_ERROR(ReadToml(file, /*trusted=*/true, flags, &c, &key_env, &untrusted));
    c.config_files.push_back(file);
  }
  std::string file = flags.config;
  bool found = false;
  if (file.empty() && std::filesystem::exists("trace2skill.toml", ec)) {
    file = "trace2skill.toml";
    found = true;
  }
  if (!file.empty()) {
    if (!std::filesystem::exists(file, ec))
      return Status::NotFound(fmt::format("{}: no such config file", file));
    bool trusted = !found || flags.trust_config;
    T2S_RETURN_IF_ERROR(ReadToml(file, trusted, flags, &c, &key_env, &untrusted));
    c.config_files.push_back(file);
    c.config_file = file;
  }
  if (c.provider.empty()) c.provider = env("T2S_PROVIDER").empty() ? "openai" : env("T2S_PROVIDER");
  if (c.provider != "openai" && c.provider != "anthropic") {
    return Status::InvalidArgument(
        fmt::format("unknown provider \"{}\" (expected openai or anthropic)", c.provider));
  }
  if (c.model.empty()) c.model = env("T2S_MODEL");
  if (c.model.empty()) {
    return Status::InvalidArgument(
        "no model: pass --model, set llm.model in trace2skill.toml, or set T2S_MODEL");
  }
  bool anthropic = c.provider == "anthropic";
  if (c.endpoints.empty()) {
    std::string url = env(anthropic ? "ANTHROPIC_BASE_URL" : "OPENAI_BASE_URL");
    if (url.empty()) url = anthropic ? "https://api.anthropic.com" : "https://api.openai.com/v1";
    c.endpoints.push_back(Endpoint{url, ""});
  }
  std::string key =
      env(key_env.empty() ? (anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY") : key_env.c_str());
  if (untrusted.endpoints && !key.empty()) {
    // A file found in the current folder chose the host: the key stays home.
    c.notes.push_back(fmt::format(
        "trace2skill.toml in the current folder sets the endpoint; the API key is not sent there "
        "(pass --trust-config to send it)"));
    key.clear();
  }
  for (Endpoint& e : c.endpoints) e.api_key = key;
  return c;
}

}  // namespace t2s
