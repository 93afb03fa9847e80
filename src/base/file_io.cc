#include "base/file_io.h"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

namespace t2s {
namespace fs = std::filesystem;

static std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:08x}", static_cast<uint32_t>(rng()));
}

Result<std::string> ReadFile(const fs::path& path, size_t extra_capacity) {
  // One open and one fstat: readers and detection read many small files,
  // and separate exists / is_directory / file_size calls were three more
  // system calls each.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR)
      return Status::NotFound(fmt::format("{}: no such file", path.string()));
    return Status::IoError(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  struct stat st;
  uintmax_t size = 0;
  if (fstat(fileno(in.get()), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return Status::IoError(fmt::format("{}: is a folder, expected a file", path.string()));
    }
    // One buffer of the file's size: a growing one would hold the file two or
    // three times over at its peak (hundreds of MB for a large trace).
    if (S_ISREG(st.st_mode) && st.st_size > 0) size = static_cast<uintmax_t>(st.st_size);
  }
  std::string out;
  out.reserve(static_cast<size_t>(size) + extra_capacity);
  out.resize(static_cast<size_t>(size));
  out.resize(std::fread(out.data(), 1, out.size(), in.get()));
  // The rest of a file that grew, or of one whose size is unknown (/proc, a pipe).
  char chunk[1 << 16];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, in.get())) > 0;) out.append(chunk, n);
  if (std::ferror(in.get())) {
    return Status::IoError(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  return out;
}

Status WriteFileAtomic(const fs::path& path, std::string_view content) {
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      return Status::IoError(
          fmt::format("{}: cannot create folder: {}", path.parent_path().string(), ec.message()));
    }
  }
  fs::path tmp = path;
  tmp += ".tmp-" + RandomSuffix();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status::IoError(
          fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      return Status::IoError(
          fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return Status::IoError(fmt::format("{}: cannot write: {}", path.string(), ec.message()));
  }
  return Status::Ok();
}

Result<fs::path> MakeSiblingTempDir(const fs::path& target) {
  fs::path clean = target.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  fs::path parent = clean.parent_path();
  std::error_code ec;
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) {
      return Status::IoError(
          fmt::format("{}: cannot create folder: {}", parent.string(), ec.message()));
    }
  }
  for (int attempt = 0; attempt < 16; ++attempt) {
    fs::path candidate = clean;
    candidate += ".tmp-" + RandomSuffix();
    if (fs::create_directory(candidate, ec)) return candidate;
    if (ec) {
      return Status::IoError(
          fmt::format("{}: cannot create folder: {}", candidate.string(), ec.message()));
    }
  }
  return Status::IoError(fmt::format("{}: cannot create a temporary folder", clean.string()));
}

bool IsNonEmptyDir(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return false;
  return fs::directory_iterator(path, ec) != fs::directory_iterator();
}

Status ReplaceDirAtomic(const fs::path& staged, const fs::path& target, bool force) {
  std::error_code ec;
  auto discard_staged = [&] {
    std::error_code ignored;
    fs::remove_all(staged, ignored);
  };
  bool exists = fs::exists(fs::symlink_status(target, ec));
  if (exists && !fs::is_directory(fs::symlink_status(target, ec))) {
    discard_staged();
    return Status::AlreadyExists(fmt::format("{}: exists and is not a folder", target.string()));
  }
  fs::path aside;
  if (exists && IsNonEmptyDir(target)) {
    if (!force) {
      discard_staged();
      return Status::AlreadyExists(
          fmt::format("{}: folder is not empty (use --force to replace it)", target.string()));
    }
    aside = target;
    aside += ".old-" + RandomSuffix();
    fs::rename(target, aside, ec);
    if (ec) {
      discard_staged();
      return Status::IoError(
          fmt::format("{}: cannot move aside: {}", target.string(), ec.message()));
    }
  } else if (exists) {
    fs::remove(target, ec);  // an empty folder
  }
  fs::rename(staged, target, ec);
  if (ec) {
    std::error_code ignored;
    if (!aside.empty()) fs::rename(aside, target, ignored);
    discard_staged();
    return Status::IoError(fmt::format("{}: cannot write: {}", target.string(), ec.message()));
  }
  if (!aside.empty()) fs::remove_all(aside, ec);
  return Status::Ok();
}

bool PathIsWithin(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  std::error_code ea, eb;
  std::filesystem::path a = std::filesystem::weakly_canonical(std::filesystem::absolute(inner), ea);
  std::filesystem::path b = std::filesystem::weakly_canonical(std::filesystem::absolute(outer), eb);
  if (ea || eb) return true;  // cannot tell: say yes, the caller refuses
  auto [ai, bi] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  (void)ai;
  // "a/b/" ends in an empty part: a trailing separator does not make it another folder.
  return bi == b.end() || (std::next(bi) == b.end() && bi->empty());
}

}  // namespace t2s
