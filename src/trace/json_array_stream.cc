#include "trace/json_array_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace t2s {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// The file's bytes in a window that slides forward: [pos, end) not yet
// consumed, then at least SIMDJSON_PADDING readable bytes.
class Window {
 public:
  // `size_hint`: the file's size when known; a small file gets a small buffer.
  Window(std::FILE* file, size_t size_hint)
      : file_(file),
        buffer_(std::min(kChunk, std::max<size_t>(size_hint, 64)) + 1 +
                simdjson::SIMDJSON_PADDING) {}

  // Reads more bytes after end(), first moving what is left to the front and
  // growing the buffer when it is full. False at the end of the file (or on
  // a read error, see failed()).
  bool Fill() {
    if (eof_) return false;
    if (pos_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    if (end_ + std::min(kChunk / 2, capacity() / 2) > capacity())
      buffer_.resize(2 * capacity() + simdjson::SIMDJSON_PADDING);
    size_t n = std::fread(buffer_.data() + end_, 1, capacity() - end_, file_);
    end_ += n;
    if (n == 0) {
      eof_ = true;
      failed_ = std::ferror(file_) != 0;
    }
    return n > 0;
  }

  const char* data() const { return buffer_.data(); }
  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  void Consume(size_t to) { pos_ = to; }
  bool failed() const { return failed_; }

 private:
  static constexpr size_t kChunk = size_t{4} << 20;
  size_t capacity() const { return buffer_.size() - simdjson::SIMDJSON_PADDING; }

  std::FILE* file_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool failed_ = false;
};

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Skips whitespace; false at the end of the file.
bool SkipSpace(Window* w) {
  while (true) {
    size_t i = w->pos();
    while (i < w->end() && IsSpace(w->data()[i])) ++i;
    w->Consume(i);
    if (i < w->end()) return true;
    if (!w->Fill()) return false;
  }
}

constexpr size_t kChunkHint = size_t{4} << 20;
constexpr size_t kNoEnd = static_cast<size_t>(-1);

// The offset of the ',' or ']' that ends the element at pos() (outside any
// string or nested value), reading more as needed; kNoEnd when the file
// ends first or a bracket closes what it did not open (the file is invalid).
size_t ElementEnd(Window* w) {
  size_t offset = 0;  // from pos(), which Fill moves
  int depth = 0;
  while (true) {
    const char* d = w->data() + w->pos();
    size_t n = w->end() - w->pos();
    size_t i = offset;
    while (i < n) {
      char c = d[i];
      if (c == '"') {
        // The closing quote: the first not escaped by an odd run of backslashes.
        size_t close = n;
        for (size_t k = i + 1; k < n;) {
          const void* q = std::memchr(d + k, '"', n - k);
          if (q == nullptr) break;
          size_t j = static_cast<size_t>(static_cast<const char*>(q) - d);
          size_t slashes = 0;
          while (d[j - slashes - 1] == '\\' && j - slashes - 1 > i) ++slashes;
          if (slashes % 2 == 0) {
            close = j;
            break;
          }
          k = j + 1;
        }
        if (close == n) break;  // read more, then scan this string again
        i = close + 1;
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return c == ']' ? w->pos() + i : kNoEnd;
        --depth;
      } else if (c == ',' && depth == 0) {
        return w->pos() + i;
      }
      ++i;
    }
    offset = i;
    if (!w->Fill()) return kNoEnd;
  }
}

// The error for an invalid file, worded as JsonDocument::Load words it.
Status InvalidFile(const std::filesystem::path& path, const std::string& display) {
  JsonDocument doc;
  Status st = doc.Load(path, display);
  if (!st.ok()) return st;
  return Status::InvalidArgument(
      fmt::format("{}: invalid JSON: not accepted by the JSON parser", display));
}

}  // namespace

Result<bool> ForEachArrayElement(const std::filesystem::path& path, const std::string& display,
                                 const std::function<void(size_t, JsonValue)>& fn) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return Status::IoError(fmt::format("{}: cannot read: {}", display, std::strerror(errno)));
  }
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  Window w(file.get(), ec ? kChunkHint : static_cast<size_t>(size));
  if (!w.Fill()) return false;
  // A UTF-8 byte order mark (editors on Windows write one) is not JSON.
  if (w.end() >= 3 && std::memcmp(w.data(), "\xEF\xBB\xBF", 3) == 0) w.Consume(3);
  if (!SkipSpace(&w) || w.data()[w.pos()] != '[') return false;
  w.Consume(w.pos() + 1);
  simdjson::dom::parser parser;
  size_t index = 0;
  if (!SkipSpace(&w)) return InvalidFile(path, display);
  bool closed = w.data()[w.pos()] == ']';
  if (closed) w.Consume(w.pos() + 1);
  while (!closed) {
    size_t end = ElementEnd(&w);
    if (end == kNoEnd) return w.failed() ? Status::IoError(fmt::format("{}: read error", display))
                                    : InvalidFile(path, display);
    JsonValue element;
    // The window keeps SIMDJSON_PADDING readable bytes after end().
    if (parser.parse(w.data() + w.pos(), end - w.pos(), false).get(element)) {
      return InvalidFile(path, display);
    }
    fn(index++, element);
    closed = w.data()[end] == ']';
    w.Consume(end + 1);
  }
  // Only whitespace may follow the array.
  if (SkipSpace(&w)) return InvalidFile(path, display);
  if (w.failed()) return Status::IoError(fmt::format("{}: read error", display));
  return true;
}

}  // namespace t2s
