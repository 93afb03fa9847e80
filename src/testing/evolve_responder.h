// A fake model for evolve tests: answers analyst, merge and repair calls
// with valid, deterministic JSON derived from the request.
#ifndef T2S_TESTING_EVOLVE_RESPONDER_H_
#define T2S_TESTING_EVOLVE_RESPONDER_H_

#include <nlohmann/json.hpp>

#include "testing/fake_llm_server.h"

namespace t2s::testing {

// Analyst: one edit appending a lesson (one text for failures, one for
// successes) to the first "## " section of the skill, plus one edit unique
// to the trajectory. Merge: the trajectory-unique "- Observation ..." edits
// are dropped with a reason; the others become one edit per target, from
// every input with that target, whose content holds every distinct line of
// theirs (a merge that carries each input, as the merge checks require).
// Repair and anything else: {"edits": []}.
FakeReply EvolveResponder(const SeenRequest& request);

// An edit as a strict answer schema wants it: every field of `e`, the
// others null; `extra` ("from", "id") as well when given.
nlohmann::json FullEdit(nlohmann::json e, const char* extra = nullptr);

}  // namespace t2s::testing

#endif  // T2S_TESTING_EVOLVE_RESPONDER_H_
