#include "report/report_time.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

namespace t2s {

std::string WrittenAt(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::file_time_type t = std::filesystem::last_write_time(file, ec);
  if (ec) return "unknown";
  auto system = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::file_clock::to_sys(t));
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", system);
}

}  // namespace t2s
