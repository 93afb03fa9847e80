// The native `t2s.trajectory/1` record: one JSON object per JSONL line.
#ifndef T2S_TRACE_TRAJECTORY_JSON_H_
#define T2S_TRACE_TRAJECTORY_JSON_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "trace/trajectory.h"

namespace t2s {

// Parses one record. Errors name the field and what was expected:
//   field "steps[3].role": expected one of system, user, assistant, tool, got "robot"
Result<Trajectory> ParseTrajectoryRecord(std::string_view json);

// One line of JSON (no trailing newline), fields in a fixed order, so the
// same trajectory always serializes to the same bytes.
std::string SerializeTrajectory(const Trajectory& trajectory);

// The same without metadata "file" (the path and position it was read
// from): what the trajectory says, wherever it was read from.
std::string SerializeTrajectoryContent(const Trajectory& trajectory);

}  // namespace t2s

#endif  // T2S_TRACE_TRAJECTORY_JSON_H_
