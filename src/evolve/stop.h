// Why an evolve run's LLM client stopped early.
#ifndef T2S_EVOLVE_STOP_H_
#define T2S_EVOLVE_STOP_H_

#include <filesystem>
#include <string>

#include "base/status.h"
#include "llm/llm_client.h"

namespace t2s {

// FailedPrecondition saying why the client of the run in `out` stopped (an
// endpoint that refuses every call, Ctrl-C: the answers so far are kept),
// or Ok when it did not.
Status CheckStopped(const LlmClient& client, const std::filesystem::path& out);

}  // namespace t2s

#endif  // T2S_EVOLVE_STOP_H_
