#include "base/zip_archive.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>

namespace t2s {

void ZipArchive::Closer::operator()(zip* z) const { zip_discard(z); }

Result<ZipArchive> ZipArchive::Open(const std::filesystem::path& path, const std::string& display) {
  int error = 0;
  zip* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (z == nullptr) {
    if (error == ZIP_ER_NOZIP || error == ZIP_ER_INCONS) {
      return Status::InvalidArgument(fmt::format("{}: not a zip archive", display));
    }
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return Status::IoError(fmt::format("{}: cannot open: {}", display, why));
  }
  ZipArchive archive;
  archive.zip_.reset(z);
  archive.display_ = display;
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr) archive.names_.emplace_back(name);
  }
  return archive;
}

bool ZipArchive::Has(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

Result<std::string> ZipArchive::Read(const std::string& name, size_t limit) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip_.get(), name.c_str(), 0, &st) != 0) {
    return Status::NotFound(fmt::format("{}:{}: not in the archive", display_, name));
  }
  if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > limit) {
    return Status::FailedPrecondition(
        fmt::format("{}:{}: {} bytes is too large (limit {})", display_, name, st.size, limit));
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen(zip_.get(), name.c_str(), 0),
                                                          zip_fclose);
  if (!file) {
    return Status::IoError(fmt::format("{}:{}: cannot read: {}", display_, name,
                                       zip_strerror(zip_.get())));
  }
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
    if (got < 0) {
      return Status::IoError(fmt::format("{}:{}: cannot read: {}", display_, name,
                                         zip_file_strerror(file.get())));
    }
    if (got == 0) break;
    out.append(buffer, static_cast<size_t>(got));
    if (out.size() > limit) {
      return Status::FailedPrecondition(
          fmt::format("{}:{}: larger than {} bytes", display_, name, limit));
    }
  }
  return out;
}

}  // namespace t2s
