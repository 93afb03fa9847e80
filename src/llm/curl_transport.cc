// The libcurl multi transport; the only file that includes curl.h.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>

#include "llm/transport.h"

namespace t2s {
namespace {

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Exchange {
  uint64_t tag = 0;
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  HttpRequest request;
  HttpResponse response;
  std::chrono::steady_clock::time_point started;
  char error[CURL_ERROR_SIZE] = {};  // curl's detailed message ("Failed to connect to ...")
  bool too_large = false;
};

// No answer of a chat model is this large; a body that is gets cut off
// rather than filling memory.
constexpr size_t kMaxBodyBytes = size_t{64} << 20;

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  Exchange* ex = static_cast<Exchange*>(user);
  if (ex->response.body.size() + size * n > kMaxBodyBytes) {
    ex->too_large = true;
    return 0;  // curl aborts the transfer
  }
  ex->response.body.append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    static_cast<Exchange*>(user)->response.headers.emplace_back(std::move(name),
                                                                std::string(value));
  }
  return size * n;
}

class CurlGlobal {
 public:
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

class CurlTransport final : public Transport {
 public:
  CurlTransport() : multi_(curl_multi_init()) {
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
    // Keep enough idle connections for a full wave of concurrent calls, so
    // the next wave reuses them instead of connecting again.
    curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, 1024L);
  }
  ~CurlTransport() override { AbortAll(); }

  void Start(uint64_t tag, HttpRequest request) override {
    auto ex = std::make_unique<Exchange>();
    ex->tag = tag;
    ex->request = std::move(request);
    ex->easy.reset(curl_easy_init());
    CURL* e = ex->easy.get();
    curl_slist* list = nullptr;
    for (const auto& [name, value] : ex->request.headers) {
      list = curl_slist_append(list, (name + ": " + value).c_str());
    }
    ex->headers.reset(list);
    curl_easy_setopt(e, CURLOPT_URL, ex->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    if (ex->request.method == "GET") {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(e, CURLOPT_POST, 1L);
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, ex->request.body.data());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(ex->request.body.size()));
    }
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, ex->error);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(ex->request.timeout_ms));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, ex.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, ex.get());
    curl_easy_setopt(e, CURLOPT_PRIVATE, ex.get());
    ex->started = std::chrono::steady_clock::now();
    curl_multi_add_handle(multi_.get(), e);
    exchanges_[e] = std::move(ex);
  }

  std::vector<std::pair<uint64_t, HttpResponse>> Poll(int max_wait_ms) override {
    return PollWith(max_wait_ms, {});
  }

  std::vector<std::pair<uint64_t, HttpResponse>> PollWith(
      int max_wait_ms, const std::vector<int>& extra_fds) override {
    std::vector<std::pair<uint64_t, HttpResponse>> done;
    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    Collect(&done);
    if (done.empty() && (!exchanges_.empty() || !extra_fds.empty())) {
      std::vector<curl_waitfd> waits(extra_fds.size());
      for (size_t i = 0; i < extra_fds.size(); ++i) {
        waits[i].fd = extra_fds[i];
        waits[i].events = CURL_WAIT_POLLIN;
        waits[i].revents = 0;
      }
      curl_multi_poll(multi_.get(), waits.empty() ? nullptr : waits.data(),
                      static_cast<unsigned>(waits.size()), max_wait_ms, nullptr);
      curl_multi_perform(multi_.get(), &running);
      Collect(&done);
    }
    return done;
  }

  void AbortAll() override {
    for (auto& [easy, ex] : exchanges_) curl_multi_remove_handle(multi_.get(), easy);
    exchanges_.clear();
  }

  size_t in_flight() const override { return exchanges_.size(); }

 private:
  void Collect(std::vector<std::pair<uint64_t, HttpResponse>>* done) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      auto it = exchanges_.find(e);
      if (it == exchanges_.end()) continue;
      Exchange& ex = *it->second;
      ex.response.elapsed_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ex.started)
              .count();
      if (msg->data.result == CURLE_OK) {
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &ex.response.status);
      } else {
        CURLcode code = msg->data.result;
        ex.response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
        ex.response.connect_failed = code == CURLE_COULDNT_CONNECT ||
                                     code == CURLE_COULDNT_RESOLVE_HOST ||
                                     code == CURLE_COULDNT_RESOLVE_PROXY;
        ex.response.transport_error = ex.too_large          ? "the answer is larger than 64 MiB"
                                      : ex.error[0] != '\0' ? ex.error
                                                            : curl_easy_strerror(code);
        ex.response.status = 0;
      }
      curl_multi_remove_handle(multi_.get(), e);
      done->emplace_back(ex.tag, std::move(ex.response));
      exchanges_.erase(it);
    }
  }

  CurlGlobal global_;
  std::unique_ptr<CURLM, MultiDeleter> multi_;
  std::map<CURL*, std::unique_ptr<Exchange>> exchanges_;
};

}  // namespace

std::unique_ptr<Transport> MakeCurlTransport() { return std::make_unique<CurlTransport>(); }

}  // namespace t2s
