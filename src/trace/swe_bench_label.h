// Labels of SWE-bench style runs (SWE-agent, mini-swe-agent). The agent does
// not know whether it solved the instance; the SWE-bench harness does, and
// people keep its verdict in one of two places:
//   - a "resolved" field in the record itself (top level or under "info"),
//     as public trajectory datasets carry it;
//   - report.json beside the trajectory, as the harness writes it:
//     {"<instance_id>": {"resolved": true, ...}}, or a run summary with
//     "resolved_ids" / "unresolved_ids" lists.
#ifndef T2S_TRACE_SWE_BENCH_LABEL_H_
#define T2S_TRACE_SWE_BENCH_LABEL_H_

#include <filesystem>
#include <string>

#include "trace/json_input.h"
#include "trace/trajectory.h"

namespace t2s {

// Sets `t->outcome` (label, source) and metadata "label_source" ("resolved
// field" or "report.json") from the first place that holds a verdict for
// `instance_id`; leaves `t` alone when none does. A report.json that cannot
// be read or parsed gives no verdict (the trajectory stays unknown).
void ApplySweBenchLabel(const std::filesystem::path& trajectory, JsonValue record,
                        const std::string& instance_id, Trajectory* t);

}  // namespace t2s

#endif  // T2S_TRACE_SWE_BENCH_LABEL_H_
