// Reading members of a zip archive (libzip). Only zip_archive.cc includes
// <zip.h>; the handle is closed by the archive's destructor.
#ifndef T2S_BASE_ZIP_ARCHIVE_H_
#define T2S_BASE_ZIP_ARCHIVE_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

struct zip;

namespace t2s {

class ZipArchive {
 public:
  // Opens `path` read-only. Errors: "<display>: not a zip archive",
  // "<display>: cannot open: ...".
  static Result<ZipArchive> Open(const std::filesystem::path& path, const std::string& display);

  // Member names in the archive's order.
  const std::vector<std::string>& names() const { return names_; }
  bool Has(const std::string& name) const;
  // The whole member, uncompressed. Errors: "<display>:<name>: not in the
  // archive", "<display>:<name>: cannot read: ...", or one larger than `limit`.
  Result<std::string> Read(const std::string& name, size_t limit = size_t{1} << 30) const;

 private:
  struct Closer {
    void operator()(zip* z) const;
  };
  std::unique_ptr<zip, Closer> zip_;
  std::string display_;
  std::vector<std::string> names_;
};

}  // namespace t2s

#endif  // T2S_BASE_ZIP_ARCHIVE_H_
