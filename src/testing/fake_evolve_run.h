// An evolve run against the evolve responder behind a scripted transport
// (no network, no sleeping), on the bundled airline example: the fixture of
// the pipeline's and the sharded runs' tests.
#ifndef T2S_TESTING_FAKE_EVOLVE_RUN_H_
#define T2S_TESTING_FAKE_EVOLVE_RUN_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.h"
#include "evolve/pipeline.h"
#include "llm/llm_config.h"
#include "testing/fake_transport.h"
#include "trace/trajectory.h"

namespace t2s::testing {

// The trajectories of examples/traces/airline-runs.jsonl.
std::vector<Trajectory> DemoTrajectories();

struct FakeEvolveRun {
  FakeTransport transport;
  ManualClock clock;
  LlmConfig llm;
  EvolveOptions options;  // fan-in 2
  EvolveInputs inputs;    // the airline-support skill, no trajectories yet

  FakeEvolveRun();
  // Runs evolve into `out`; a finished run (not a shard's) must satisfy
  // the run invariants.
  Result<EvolveSummary> Go(const std::filesystem::path& out);
};

// The run folder's files that depend on the trajectories, not on where
// they came from: the skill, diff, fates, provenance, changelog, patches/.
std::string RunOutputs(const std::filesystem::path& out);

}  // namespace t2s::testing

#endif  // T2S_TESTING_FAKE_EVOLVE_RUN_H_
