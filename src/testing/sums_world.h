// A fake world in which a skill's content causally decides whether the
// fake agent succeeds, for tests of eval, loop and the gates.
//
// The suite: task tN asks for the sum of the numbers in data.txt; the
// checker compares answer.txt with the golden total byte for byte. The
// agent (SumsAgent) writes answer.txt without a newline only when its
// system prompt carries kHelpfulLine and not kHarmfulLine; otherwise it
// writes total.txt, and fails.
//
// The single-call analysts (SumsResponder) propose by the evolve run's
// seed: 41 the helpful line (for failed trajectories only), 42 the harmful
// line, any other seed a neutral one. The agentic analysts (requests that
// declare the submit tool) work in their copy by seed: 41 fixes answer.txt,
// checks and submits the helpful line (verified); 42 submits the harmful
// line without a check (unverified); 43 tries to read the host's suite
// (outside its copy), reads /reference, fixes, checks, submits a lesson
// quoting the golden total (refused), then the helpful line. Merge and
// draft calls are answered as EvolveResponder answers them. Every answer
// is valid for its request's schema (the server may run constrained).
#ifndef T2S_TESTING_SUMS_WORLD_H_
#define T2S_TESTING_SUMS_WORLD_H_

#include <string>

#include "testing/fake_llm_server.h"
#include "testing/temp_dir.h"

namespace t2s::testing {

inline constexpr const char* kHelpfulLine = "Write the total, without a newline, to answer.txt.";
inline constexpr const char* kHarmfulLine = "Never write answer.txt; keep totals in total.txt.";
inline constexpr const char* kNeutralLine = "Double-check the sum before you answer.";

// Writes DIR/suite (a t2s.suite/1 of `tasks` tasks, t1..tN, type "sum")
// and two skills: DIR/plain/sums (an "## Output" section without the
// helpful line) and DIR/helpful/sums (with it).
void WriteSumsWorld(const TempDir& dir, int tasks);

// The agent: a request that declares tools.
FakeReply SumsAgent(const SeenRequest& request);

// Every request of the world: agent turns, analysts, merges, drafts.
FakeReply SumsResponder(const SeenRequest& request);

}  // namespace t2s::testing

#endif  // T2S_TESTING_SUMS_WORLD_H_
