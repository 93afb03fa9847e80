#include "fuzz/scratch_file.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace t2s::fuzz {
namespace fs = std::filesystem;
namespace {

// Owns the folder; its destructor runs at exit() (libFuzzer ends that way
// after -max_total_time and -runs), so the folder goes with the process.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "t2s-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("t2s fuzz: mkdtemp");
      std::abort();
    }
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

const fs::path& ScratchDir() {
  static const ScratchFolder folder;
  return folder.path();
}

fs::path WriteScratchFile(std::string_view name, const uint8_t* data, size_t size) {
  fs::path path = ScratchDir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    std::fprintf(stderr, "t2s fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

}  // namespace t2s::fuzz
