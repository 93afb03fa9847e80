#include "base/text_spool.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace t2s {

Result<std::unique_ptr<TextSpool>> TextSpool::Create(const std::filesystem::path& dir) {
  std::string pattern = (dir / ".spool-XXXXXX").string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return Status::IoError(
        fmt::format("{}: cannot create a temporary file: {}", dir.string(), std::strerror(errno)));
  }
  unlink(pattern.c_str());  // the open descriptor keeps it until the spool is gone
  return std::unique_ptr<TextSpool>(new TextSpool(fd, dir.string()));
}

TextSpool::~TextSpool() { close(fd_); }

Result<size_t> TextSpool::Add(std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = pwrite(fd_, text.data() + done, text.size() - done,
                       static_cast<off_t>(end_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Status::IoError(fmt::format("{}: cannot write a temporary file: {}", where_,
                                         n < 0 ? std::strerror(errno) : "no space written"));
    }
    done += static_cast<size_t>(n);
  }
  spans_.push_back({end_, text.size()});
  end_ += text.size();
  return spans_.size() - 1;
}

Result<std::string> TextSpool::Get(size_t index) const {
  if (index >= spans_.size()) {
    return Status::Internal(fmt::format("spool: no text {} (holds {})", index, spans_.size()));
  }
  const Span& s = spans_[index];
  std::string text(s.size, '\0');
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = pread(fd_, text.data() + done, text.size() - done,
                      static_cast<off_t>(s.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Status::IoError(fmt::format("{}: cannot read a temporary file: {}", where_,
                                         n < 0 ? std::strerror(errno) : "unexpected end"));
    }
    done += static_cast<size_t>(n);
  }
  return text;
}

}  // namespace t2s
