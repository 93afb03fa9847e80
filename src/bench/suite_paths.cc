#include "bench/suite_paths.h"

#include <fmt/format.h>

namespace t2s {

Result<std::string> SafeRelativePath(std::string_view path, std::string_view folder) {
  if (path.empty()) return Status::InvalidArgument("empty path");
  std::filesystem::path p(path);
  if (p.is_absolute() || path.front() == '/') {
    return Status::InvalidArgument(
        fmt::format("\"{}\": a path must be relative to the {} folder", path, folder));
  }
  for (const auto& part : p) {
    if (part == "..") {
      return Status::InvalidArgument(
          fmt::format("\"{}\": a path must stay inside the {} folder", path, folder));
    }
  }
  std::string normal = p.lexically_normal().generic_string();
  while (!normal.empty() && normal.back() == '/') normal.pop_back();
  if (normal.empty() || normal == ".") {
    return Status::InvalidArgument(
        fmt::format("\"{}\": names the {} folder itself, not a file in it", path, folder));
  }
  return normal;
}

bool IsValidTaskId(std::string_view id) {
  if (id.empty() || id.size() > 128 || id.front() == '.' || id.front() == '-') return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace t2s
