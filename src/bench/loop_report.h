// loop.json (t2s.loop/1) of a loop folder, and its report.html (rendered from
// it by report/loop_page.h).
//
// loop.json:
//   {"schema": "t2s.loop/1", "suite", "train", "test", "seeds", "s0",
//    "candidates": [{"seed", "label", "skill" (folder or null), "applied_edits",
//                    "why_none", "evolve_run": "evolve/seed-<s>"}],
//    "gate": {"kept", "kept_seed_skill", "reason", "gate_alpha"},
//    "held_out": [{"skill", "reference", "pairs", "only_this_passed",
//                  "only_reference_passed", "p_value", "text"}],
//    "skill": "skill/<name>" or null, "selection": "selection/eval.json",
//    "test": "test/eval.json", "complete", "stop_reason"}
#ifndef T2S_BENCH_LOOP_REPORT_H_
#define T2S_BENCH_LOOP_REPORT_H_

#include "bench/loop.h"

namespace t2s {

Status WriteLoopOutputs(const LoopOptions& options, const LoopResult& result);

// The lines people read at the end: the gate, then each held-out
// comparison.
std::string LoopText(const LoopResult& result);

}  // namespace t2s

#endif  // T2S_BENCH_LOOP_REPORT_H_
