// ZipHandle: owns a libzip archive opened for reading. Only the xlsx adapter
// includes <zip.h>; everything else sees parsed workbooks.
#ifndef T2S_CHECK_ZIP_HANDLE_H_
#define T2S_CHECK_ZIP_HANDLE_H_

#include <zip.h>

#include <memory>

namespace t2s {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: nothing to write back
};
using ZipHandle = std::unique_ptr<zip_t, ZipCloser>;

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ZipFileHandle = std::unique_ptr<zip_file_t, ZipFileCloser>;

}  // namespace t2s

#endif  // T2S_CHECK_ZIP_HANDLE_H_
