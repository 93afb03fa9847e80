#include "base/line_reader.h"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace t2s {

static constexpr size_t kChunk = size_t{4} << 20;
static constexpr size_t kSmallChunk = size_t{64} << 10;  // size unknown (a pipe)

// The buffer is sized in Open, to the file when it is smaller than a chunk:
// a fixed 4 MiB buffer, zero-filled for every file read, cost more than the
// reading itself for the many small files readers and detection open.
LineReader::LineReader(size_t padding, size_t max_line) : padding_(padding), max_line_(max_line) {}

LineReader::~LineReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Status LineReader::Open(const std::filesystem::path& path, const std::string& display) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr)
    return Status::IoError(fmt::format("{}: cannot read: {}", display, std::strerror(errno)));
  struct stat st;
  size_t chunk = kSmallChunk;
  if (fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0) {
    // One byte more than the file, so the first read sees its end.
    chunk = std::min(kChunk, static_cast<size_t>(st.st_size) + 1);
  }
  buffer_.assign(chunk + padding_, '\0');
  return Status::Ok();
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (buffer_.empty()) buffer_.assign(kSmallChunk + padding_, '\0');
  // Keep the unfinished line, moved to the front; grow when it fills the buffer.
  if (pos_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  size_t room = buffer_.size() - padding_;
  if (end_ == room) {
    buffer_.resize(room * 2 + padding_);
    room = buffer_.size() - padding_;
  }
  size_t n = std::fread(buffer_.data() + end_, 1, room - end_, file_);
  if (n < room - end_) {
    eof_ = true;
    failed_ = std::ferror(file_) != 0;
  }
  end_ += n;
  return n > 0;
}

bool LineReader::Next(std::string_view* line, bool* too_long) {
  *too_long = false;
  while (true) {
    const char* start = buffer_.data() + pos_;
    const void* nl = std::memchr(start + scanned_, '\n', end_ - pos_ - scanned_);
    if (nl != nullptr) {
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
      pos_ += len + 1;
      scanned_ = 0;
      ++line_number_;
      if (*too_long) {
        *line = std::string_view();
        return true;
      }
      if (len > 0 && start[len - 1] == '\r') --len;
      *line = std::string_view(start, len);
      return true;
    }
    scanned_ = end_ - pos_;
    if (scanned_ > max_line_) {
      // Over the limit: drop what we have and skip to the end of the line.
      *too_long = true;
      pos_ = end_;
      scanned_ = 0;
    }
    if (!Fill()) {
      if (pos_ == end_) {
        if (!*too_long) return false;
        ++line_number_;
        *line = std::string_view();
        return true;
      }
      // The last line has no '\n'.
      size_t len = end_ - pos_;
      *line = std::string_view(buffer_.data() + pos_, len);
      if (len > 0 && (*line)[len - 1] == '\r') *line = line->substr(0, len - 1);
      pos_ = end_;
      scanned_ = 0;
      ++line_number_;
      return true;
    }
  }
}

}  // namespace t2s
