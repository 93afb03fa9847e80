// When a file of a finished folder was written, for reports of folders
// whose documents record no date of their own.
#ifndef T2S_REPORT_REPORT_TIME_H_
#define T2S_REPORT_REPORT_TIME_H_

#include <filesystem>
#include <string>

namespace t2s {

// The file's modification time as "YYYY-MM-DD HH:MM:SS UTC", or "unknown".
std::string WrittenAt(const std::filesystem::path& file);

}  // namespace t2s

#endif  // T2S_REPORT_REPORT_TIME_H_
