// The report of a loop folder (loop.json, t2s.loop/1): the gate, the
// candidates with links to their evolve reports, the selection and
// held-out evals with intervals, p-values and charts, the kept skill's diff.
#ifndef T2S_REPORT_LOOP_PAGE_H_
#define T2S_REPORT_LOOP_PAGE_H_

#include <filesystem>

#include "base/status.h"

namespace t2s {

// Reads loop.json, selection/eval.json, test/eval.json and the kept
// candidate's diff.patch (those that exist) and writes report.html.
Status RenderLoopReport(const std::filesystem::path& dir);

}  // namespace t2s

#endif  // T2S_REPORT_LOOP_PAGE_H_
