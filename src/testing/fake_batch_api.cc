#include "testing/fake_batch_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string::npos) return "/";
  std::string path = url.substr(start);
  return path.substr(0, path.find('?'));
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

HttpResponse JsonAnswer(long status, const Json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump();
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

HttpResponse NotFound(const std::string& what) {
  return JsonAnswer(404, {{"error", {{"message", what + " not found"}, {"type", "not_found_error"}}}});
}

// The file part of a multipart/form-data body.
std::optional<std::string> FilePart(const std::string& body) {
  size_t part = body.find("name=\"file\"");
  if (part == std::string::npos) return std::nullopt;
  size_t start = body.find("\r\n\r\n", part);
  size_t end = body.rfind("\r\n--");
  if (start == std::string::npos || end == std::string::npos || end < start + 4) return std::nullopt;
  return body.substr(start + 4, end - start - 4);
}

}  // namespace

void FakeBatchApi::Forget() {
  std::lock_guard<std::mutex> lock(mu_);
  files_.clear();
  batches_.clear();
}

size_t FakeBatchApi::batches_created() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_.size();
}
size_t FakeBatchApi::items_answered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return items_answered_;
}
size_t FakeBatchApi::polls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return polls_;
}

void FakeBatchApi::End(Batch& b) {
  b.ended = true;
  const bool first = b.seq == 1;
  if (first && options.fail_whole_first && !b.anthropic) {
    b.status = "failed";
    return;
  }
  for (size_t k = 0; k < b.items.size(); ++k) {
    const Item& item = b.items[k];
    Json line;
    bool ok = false;
    if (first && options.expire_after > 0 && k >= options.expire_after) {
      ++b.expired;
      line = b.anthropic
                 ? Json{{"custom_id", item.custom_id}, {"result", {{"type", "expired"}}}}
                 : Json{{"custom_id", item.custom_id},
                        {"response", nullptr},
                        {"error",
                         {{"code", "batch_expired"},
                          {"message", "This request could not be executed before the completion "
                                      "window expired."}}}};
    } else if (first && k < options.fail_first) {
      ++b.failed;
      line = b.anthropic
                 ? Json{{"custom_id", item.custom_id},
                        {"result",
                         {{"type", "errored"},
                          {"error",
                           {{"type", "error"},
                            {"error", {{"type", "api_error"}, {"message", "Internal server error"}}}}}}}}
                 : Json{{"custom_id", item.custom_id},
                        {"response",
                         {{"status_code", 500},
                          {"body",
                           {{"error", {{"message", "The server had an error processing your request"}}}}}}},
                        {"error", nullptr}};
    } else {
      HttpResponse a = answer_(item.path, item.body);
      ++items_answered_;
      Json body = Json::parse(a.body, nullptr, false);
      ok = a.status == 200;
      if (ok) ++b.succeeded;
      else ++b.failed;
      if (b.anthropic && ok) {
        line = {{"custom_id", item.custom_id}, {"result", {{"type", "succeeded"}, {"message", body}}}};
      } else if (b.anthropic) {
        Json error = {{"type", "error"},
                      {"error", {{"type", "invalid_request_error"}, {"message", a.body}}}};
        line = {{"custom_id", item.custom_id}, {"result", {{"type", "errored"}, {"error", error}}}};
      } else {
        line = {{"id", fmt::format("batch_req_{}", k)},
                {"custom_id", item.custom_id},
                {"response", {{"status_code", a.status}, {"request_id", "req"}, {"body", body}}},
                {"error", nullptr}};
      }
    }
    std::string text = line.dump() + "\n";
    if (b.anthropic || ok) b.output += text;
    else b.errors += text;
  }
  b.status = b.anthropic ? "ended" : b.expired > 0 ? "expired" : "completed";
}

std::optional<HttpResponse> FakeBatchApi::Handle(const HttpRequest& request) {
  const std::string path = PathOf(request.url);
  const bool batch_path = path.find("/batches") != std::string::npos || EndsWith(path, "/files") ||
                          path.find("/files/") != std::string::npos;
  if (!batch_path) return std::nullopt;
  if (options.no_batch_api) return NotFound("route " + path);
  std::lock_guard<std::mutex> lock(mu_);
  if (request.method == "POST" && EndsWith(path, "/files")) {
    std::optional<std::string> file = FilePart(request.body);
    if (!file) return JsonAnswer(400, {{"error", {{"message", "no file part"}}}});
    std::string id = fmt::format("file-in-{}", files_.size() + 1);
    files_[id] = *file;
    return JsonAnswer(200, {{"id", id}, {"object", "file"}, {"purpose", "batch"}});
  }
  if (request.method == "POST" && (EndsWith(path, "/batches"))) {
    Batch b;
    Json body = Json::parse(request.body, nullptr, false);
    if (!body.is_object()) return JsonAnswer(400, {{"error", {{"message", "body is not JSON"}}}});
    b.anthropic = EndsWith(path, "/messages/batches");
    b.seq = batches_.size() + 1;
    b.id = fmt::format("{}_{}", b.anthropic ? "msgbatch" : "batch", b.seq);
    if (b.anthropic) {
      for (const Json& r : body.value("requests", Json::array())) {
        b.items.push_back({r.value("custom_id", ""), "/v1/messages", r.value("params", Json()).dump()});
      }
    } else {
      // As OpenAI: only a 24h window, and only the chat endpoint here.
      if (body.value("completion_window", "") != "24h") {
        return JsonAnswer(400, {{"error", {{"message", "Invalid completion_window: only '24h' is supported"}}}});
      }
      auto file = files_.find(body.value("input_file_id", ""));
      if (file == files_.end()) return NotFound("file " + body.value("input_file_id", ""));
      size_t at = 0;
      const std::string& jsonl = file->second;
      while (at < jsonl.size()) {
        size_t end = jsonl.find('\n', at);
        if (end == std::string::npos) end = jsonl.size();
        Json line = Json::parse(jsonl.substr(at, end - at), nullptr, false);
        if (line.is_object()) {
          if (line.value("url", "") != body.value("endpoint", "") || line.value("method", "") != "POST") {
            return JsonAnswer(400, {{"error", {{"message", "a request's method or url does not match the batch's endpoint"}}}});
          }
          b.items.push_back({line.value("custom_id", ""), line.value("url", ""),
                             line.value("body", Json()).dump()});
        }
        at = end + 1;
      }
    }
    std::set<std::string> ids;
    for (const Item& item : b.items) {
      bool pattern = !item.custom_id.empty() && item.custom_id.size() <= 64 &&
                     item.custom_id.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
                         std::string::npos;
      if (!ids.insert(item.custom_id).second || (b.anthropic && !pattern)) {
        return JsonAnswer(400, {{"error", {{"message", "custom_id \"" + item.custom_id +
                                                           "\" is repeated or malformed"}}}});
      }
    }
    b.status = b.anthropic ? "in_progress" : "validating";
    const std::string id = b.id;
    const bool anthropic = b.anthropic;
    const size_t total = b.items.size();
    batches_[id] = std::move(b);
    return JsonAnswer(200, {{"id", id},
                            {anthropic ? "processing_status" : "status",
                             anthropic ? "in_progress" : "validating"},
                            {"request_counts", {{"total", total}}}});
  }
  if (request.method == "GET" && path.find("/files/") != std::string::npos && EndsWith(path, "/content")) {
    std::string id = path.substr(path.find("/files/") + 7);
    id.resize(id.size() - 8);
    for (auto& [bid, b] : batches_) {
      if (id == bid + "-out") return HttpResponse{200, {}, b.output, "", false, false, 0};
      if (id == bid + "-err") return HttpResponse{200, {}, b.errors, "", false, false, 0};
    }
    return NotFound("file " + id);
  }
  if (request.method == "GET" && path.find("/batches/") != std::string::npos) {
    std::string rest = path.substr(path.find("/batches/") + 9);
    bool results = EndsWith(rest, "/results");
    std::string id = results ? rest.substr(0, rest.size() - 8) : rest;
    auto it = batches_.find(id);
    if (it == batches_.end()) return NotFound("batch " + id);
    Batch& b = it->second;
    if (results) {
      if (!b.ended) return JsonAnswer(400, {{"error", {{"message", "batch not ended"}}}});
      return HttpResponse{200, {}, b.output, "", false, false, 0};
    }
    ++polls_;
    if (!b.ended && ++b.polls >= options.polls_before_end) End(b);
    if (b.anthropic) {
      std::string url = request.url.substr(0, request.url.find('?'));
      return JsonAnswer(
          200, {{"id", b.id},
                {"type", "message_batch"},
                {"processing_status", b.ended ? "ended" : "in_progress"},
                {"request_counts",
                 {{"processing", b.ended ? 0 : b.items.size()},
                  {"succeeded", b.succeeded},
                  {"errored", b.failed},
                  {"canceled", 0},
                  {"expired", b.expired}}},
                {"results_url", b.ended ? Json(url + "/results") : Json()}});
    }
    Json answer = {{"id", b.id},
                   {"object", "batch"},
                   {"status", b.ended ? b.status : "in_progress"},
                   {"output_file_id", b.ended && !b.output.empty() ? Json(b.id + "-out") : Json()},
                   {"error_file_id", b.ended && !b.errors.empty() ? Json(b.id + "-err") : Json()},
                   {"request_counts",
                    {{"total", b.items.size()},
                     {"completed", b.succeeded},
                     {"failed", b.failed + b.expired}}}};
    if (b.status == "failed") {
      answer["errors"] = {{"object", "list"},
                          {"data", {{{"code", "invalid_request"}, {"message", "the input file is not valid"}}}}};
    }
    return JsonAnswer(200, answer);
  }
  return NotFound("route " + path);
}

}  // namespace t2s::testing
