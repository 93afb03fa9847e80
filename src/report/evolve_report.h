// The report of an evolve run folder: report.html and one page per
// trajectory under trajectories/, from what the folder holds on disk.
#ifndef T2S_REPORT_EVOLVE_REPORT_H_
#define T2S_REPORT_EVOLVE_REPORT_H_

#include <filesystem>
#include <string>

#include "base/status.h"
#include "report/evolve_files.h"

namespace t2s {

// report.html's text. `trajectories_note` (may be empty) says why
// trajectory pages show less than the trajectories.
std::string EvolveReportHtml(const EvolveFiles& f, const std::string& trajectories_note);

// Reads the folder (report/evolve_files.h), finds its trajectories from
// the inputs its manifest records, and writes trajectories/*.html and
// report.html. Errors: the folder's files cannot be read or parsed, or a
// page cannot be written.
Status RenderEvolveReport(const std::filesystem::path& dir);

}  // namespace t2s

#endif  // T2S_REPORT_EVOLVE_REPORT_H_
