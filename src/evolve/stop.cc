#include "evolve/stop.h"

#include <fmt/format.h>

namespace t2s {

Status CheckStopped(const LlmClient& client, const std::filesystem::path& out) {
  if (client.fatal_error()) return Status::FailedPrecondition(client.fatal_error()->message);
  if (client.cancelled()) {
    return Status::FailedPrecondition(fmt::format(
        "interrupted: every answer received so far is kept in {}; run the same command again to "
        "resume",
        (out / "run.sqlite").string()));
  }
  return Status::Ok();
}

}  // namespace t2s
