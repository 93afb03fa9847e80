#include "llm/batch_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/hash.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

bool Ok(const HttpResponse& r) { return r.status >= 200 && r.status < 300; }

// "http://host:8000/v1/chat/completions?q" -> "/v1/chat/completions".
std::string PathOf(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (start == std::string_view::npos) return "/";
  std::string_view path = url.substr(start);
  return std::string(path.substr(0, path.find('?')));
}

// The URL of `sample` without its query and without `suffix` ("/chat/completions").
std::string BaseOf(const std::string& url, std::string_view suffix) {
  std::string base = url.substr(0, url.find('?'));
  if (base.size() >= suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
    base.resize(base.size() - suffix.size());
  return base;
}

// Common to both APIs: the authentication headers of the sample, exchanges
// with one-line errors.
class BatchWire {
 public:
  BatchWire(const HttpRequest& sample, Exchange exchange) : exchange_(std::move(exchange)) {
    for (const auto& [name, value] : sample.headers) {
      if (name != "Content-Type") headers_.emplace_back(name, value);
    }
  }

  // The JSON answer of one exchange; errors say which request failed and why.
  Result<Json> Call(std::string method, std::string url, std::string body = "",
                    std::string content_type = "application/json", bool first = false) {
    HttpRequest r;
    r.method = std::move(method);
    r.url = std::move(url);
    r.headers = headers_;
    if (r.method == "POST") r.headers.emplace_back("Content-Type", std::move(content_type));
    r.body = std::move(body);
    r.timeout_ms = 600'000;
    const std::string what = fmt::format("{} {}", r.method, r.url);
    HttpResponse a = exchange_(std::move(r));
    last_status_ = a.status;
    if (a.status == 0) {
      return Status::IoError(fmt::format("{}: {}", what, a.transport_error.empty()
                                                                 ? "no answer"
                                                                 : a.transport_error));
    }
    if (!Ok(a)) {
      Json j = Json::parse(a.body, nullptr, false);
      std::string message = a.body.substr(0, 200);
      if (j.is_object() && j.contains("error")) {
        const Json& e = j["error"];
        if (e.is_object() && e.value("message", "") != "") message = e.value("message", "");
        if (e.is_object() && e.contains("error") && e["error"].is_object())
          message = e["error"].value("message", message);
      }
      std::string hint = first && (a.status == 404 || a.status == 405)
                             ? " (the endpoint has no batch API: run without --batch)"
                             : "";
      return Status::FailedPrecondition(
          fmt::format("{}: HTTP {}: {}{}", what, a.status, message, hint));
    }
    return Raw(a.body, what);
  }

  long last_status() const { return last_status_; }

  // A GET whose answer is JSONL (a results file).
  Result<std::string> Text(const std::string& url) {
    HttpRequest r;
    r.method = "GET";
    r.url = url;
    r.headers = headers_;
    r.timeout_ms = 600'000;
    HttpResponse a = exchange_(std::move(r));
    if (!Ok(a)) {
      return Status::FailedPrecondition(fmt::format(
          "GET {}: {}", url, a.status == 0 ? a.transport_error : fmt::format("HTTP {}", a.status)));
    }
    return std::move(a.body);
  }

 private:
  static Result<Json> Raw(const std::string& body, const std::string& what) {
    Json j = Json::parse(body, nullptr, false);
    if (!j.is_object()) return Status::InvalidArgument(what + ": the answer is not a JSON object");
    return j;
  }

  Exchange exchange_;
  std::vector<std::pair<std::string, std::string>> headers_;
  long last_status_ = 0;
};

// A batch the provider answers 404 for (expired from its records, another
// endpoint or key): over, with nothing to collect; its items go again.
BatchState Unknown(const std::string& id) {
  BatchState s;
  s.id = id;
  s.status = "unknown";
  s.ended = true;
  s.problem = fmt::format("the endpoint no longer knows batch {} (HTTP 404)", id);
  return s;
}

// Calls `fn` with each JSON object line of `jsonl`.
void ForEachLine(const std::string& jsonl, const std::function<void(const Json&)>& fn) {
  size_t at = 0;
  while (at < jsonl.size()) {
    size_t end = jsonl.find('\n', at);
    if (end == std::string::npos) end = jsonl.size();
    Json j = Json::parse(jsonl.substr(at, end - at), nullptr, false);
    if (j.is_object()) fn(j);
    at = end + 1;
  }
}

class OpenAIBatchApi final : public BatchApi {
 public:
  OpenAIBatchApi(const HttpRequest& sample, std::string window, Exchange exchange)
      : wire_(sample, std::move(exchange)),
        base_(BaseOf(sample.url, "/chat/completions")),
        path_(PathOf(sample.url)),
        window_(std::move(window)) {}

  Result<std::string> Submit(const std::vector<std::pair<std::string, HttpRequest>>& items) override {
    std::string jsonl;
    for (const auto& [id, http] : items) {
      Json line = {{"custom_id", id},
                   {"method", "POST"},
                   {"url", path_},
                   {"body", Json::parse(http.body, nullptr, false)}};
      jsonl += line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    }
    const std::string boundary = "t2s-batch-" + HexHash(jsonl);
    std::string body = fmt::format(
        "--{0}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
        "--{0}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\n"
        "Content-Type: application/jsonl\r\n\r\n",
        boundary);
    body += jsonl;
    body += fmt::format("\r\n--{}--\r\n", boundary);
    T2S_ASSIGN_OR_RETURN(Json file, wire_.Call("POST", base_ + "/files", std::move(body),
                                               "multipart/form-data; boundary=" + boundary, true));
    Json create = {{"input_file_id", file.value("id", "")},
                   {"endpoint", path_},
                   {"completion_window", window_}};
    T2S_ASSIGN_OR_RETURN(Json batch, wire_.Call("POST", base_ + "/batches", create.dump(), "application/json", true));
    std::string id = batch.value("id", "");
    if (id.empty()) return Status::InvalidArgument("POST " + base_ + "/batches: the answer has no id");
    return id;
  }

  Result<BatchState> Poll(const std::string& id) override {
    Result<Json> polled = wire_.Call("GET", base_ + "/batches/" + id);
    if (!polled.ok() && wire_.last_status() == 404) return Unknown(id);
    T2S_ASSIGN_OR_RETURN(Json b, std::move(polled));
    BatchState s;
    s.id = id;
    s.status = b.value("status", "");
    s.ended = s.status == "completed" || s.status == "expired" || s.status == "failed" ||
              s.status == "cancelled";
    if (b.contains("request_counts") && b["request_counts"].is_object()) {
      const Json& c = b["request_counts"];
      s.total = c.value("total", size_t{0});
      s.done = c.value("completed", size_t{0});
      s.failed = c.value("failed", size_t{0});
    }
    auto text = [&](const char* key) {
      return b.contains(key) && b[key].is_string() ? b[key].get<std::string>() : std::string();
    };
    s.output = text("output_file_id");
    s.errors = text("error_file_id");
    if (s.status == "failed") {
      s.problem = "the batch failed";
      if (b.contains("errors") && b["errors"].is_object() && b["errors"].contains("data") &&
          b["errors"]["data"].is_array() && !b["errors"]["data"].empty()) {
        s.problem += ": " + b["errors"]["data"][0].value("message", "");
      }
    }
    return s;
  }

  Result<std::vector<BatchItemResult>> Results(const BatchState& state) override {
    std::vector<BatchItemResult> out;
    for (const std::string& file : {state.output, state.errors}) {
      if (file.empty()) continue;
      T2S_ASSIGN_OR_RETURN(std::string jsonl, wire_.Text(base_ + "/files/" + file + "/content"));
      ForEachLine(jsonl, [&](const Json& line) {
        BatchItemResult r;
        r.custom_id = line.value("custom_id", "");
        const Json& response = line.contains("response") ? line["response"] : Json();
        if (response.is_object()) {
          r.response.status = response.value("status_code", 0L);
          if (response.contains("body")) r.response.body = response["body"].dump();
        }
        r.answered = Ok(r.response) && line.value("error", Json()).is_null();
        if (!r.answered) {
          const Json& error = line.contains("error") ? line["error"] : Json();
          if (error.is_object()) {
            r.error = error.value("message", error.value("code", "failed"));
          } else {
            Json body = Json::parse(r.response.body, nullptr, false);
            r.error = fmt::format("HTTP {}", r.response.status);
            if (body.is_object() && body.contains("error") && body["error"].is_object())
              r.error += ": " + body["error"].value("message", "");
          }
        }
        out.push_back(std::move(r));
      });
    }
    return out;
  }

 private:
  BatchWire wire_;
  std::string base_, path_, window_;
};

class AnthropicBatchApi final : public BatchApi {
 public:
  AnthropicBatchApi(const HttpRequest& sample, Exchange exchange)
      : wire_(sample, std::move(exchange)), batches_(BaseOf(sample.url, "") + "/batches") {}

  Result<std::string> Submit(const std::vector<std::pair<std::string, HttpRequest>>& items) override {
    Json requests = Json::array();
    for (const auto& [id, http] : items) {
      requests.push_back({{"custom_id", id}, {"params", Json::parse(http.body, nullptr, false)}});
    }
    Json body = {{"requests", std::move(requests)}};
    T2S_ASSIGN_OR_RETURN(Json batch,
                         wire_.Call("POST", batches_, body.dump(-1, ' ', false, Json::error_handler_t::replace),
                                    "application/json", true));
    std::string id = batch.value("id", "");
    if (id.empty()) return Status::InvalidArgument("POST " + batches_ + ": the answer has no id");
    return id;
  }

  Result<BatchState> Poll(const std::string& id) override {
    Result<Json> polled = wire_.Call("GET", batches_ + "/" + id);
    if (!polled.ok() && wire_.last_status() == 404) return Unknown(id);
    T2S_ASSIGN_OR_RETURN(Json b, std::move(polled));
    BatchState s;
    s.id = id;
    s.status = b.value("processing_status", "");
    s.ended = s.status == "ended";
    if (b.contains("request_counts") && b["request_counts"].is_object()) {
      const Json& c = b["request_counts"];
      s.done = c.value("succeeded", size_t{0});
      s.failed = c.value("errored", size_t{0}) + c.value("expired", size_t{0}) +
                 c.value("canceled", size_t{0});
      s.total = s.done + s.failed + c.value("processing", size_t{0});
    }
    if (b.contains("results_url") && b["results_url"].is_string())
      s.output = b["results_url"].get<std::string>();
    return s;
  }

  Result<std::vector<BatchItemResult>> Results(const BatchState& state) override {
    std::vector<BatchItemResult> out;
    if (state.output.empty()) return out;
    T2S_ASSIGN_OR_RETURN(std::string jsonl, wire_.Text(state.output));
    ForEachLine(jsonl, [&](const Json& line) {
      BatchItemResult r;
      r.custom_id = line.value("custom_id", "");
      const Json& result = line.contains("result") ? line["result"] : Json();
      std::string type = result.is_object() ? result.value("type", "") : "";
      if (type == "succeeded" && result.contains("message")) {
        r.answered = true;
        r.response.status = 200;
        r.response.body = result["message"].dump();
      } else if (type == "errored" && result.contains("error") && result["error"].is_object()) {
        const Json& e = result["error"];
        r.error = e.contains("error") && e["error"].is_object() ? e["error"].value("message", "errored")
                                                                : e.value("message", "errored");
      } else {
        r.error = type.empty() ? "no result" : type;  // expired, canceled
      }
      out.push_back(std::move(r));
    });
    return out;
  }

 private:
  BatchWire wire_;
  std::string batches_;
};

}  // namespace

std::unique_ptr<BatchApi> MakeBatchApi(std::string_view provider, const HttpRequest& sample,
                                       std::string window, Exchange exchange) {
  if (provider == "anthropic") return std::make_unique<AnthropicBatchApi>(sample, std::move(exchange));
  return std::make_unique<OpenAIBatchApi>(sample, std::move(window), std::move(exchange));
}

}  // namespace t2s
