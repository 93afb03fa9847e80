#include "bench/result_folder.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace t2s {

namespace fs = std::filesystem;

Status CheckResultFolder(const fs::path& out, std::initializer_list<const char*> markers,
                         const char* what, bool force) {
  std::error_code ec;
  if (force || !fs::exists(out, ec)) return Status::Ok();
  if (!fs::is_directory(out, ec)) {
    return Status::FailedPrecondition(fmt::format("{} is a file, not a folder", out.string()));
  }
  for (const char* m : markers) {
    if (fs::exists(out / m, ec)) return Status::Ok();
  }
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(out, ec)) {
    names.push_back(e.path().filename().string());
  }
  if (names.empty()) return Status::Ok();
  std::sort(names.begin(), names.end());
  std::string shown = names[0];
  for (size_t i = 1; i < names.size() && i < 3; ++i) shown += ", " + names[i];
  if (names.size() > 3) shown += ", ...";
  return Status::FailedPrecondition(
      fmt::format("{} holds other files ({}) and no earlier {}; use another --out, or --force to "
                  "write into it",
                  out.string(), shown, what));
}

}  // namespace t2s
