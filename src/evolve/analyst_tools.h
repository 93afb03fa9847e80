// The agentic analyst's own tools, besides bash: `check` runs the suite's
// checker on the analyst's candidate (its private copy of the agent's
// files), `submit` hands in the analysis (the t2s_analysis contract of the
// single-call analyst) and ends the episode.
//
// Verification is code, not trust: an analysis is verified only when a
// `check` of that episode returned PASS before its `submit`. A submit whose
// lessons, edits or changelog quote a golden value (evolve/golden_leak.h) is
// refused, recorded, and the analyst may submit again.
#ifndef T2S_EVOLVE_ANALYST_TOOLS_H_
#define T2S_EVOLVE_ANALYST_TOOLS_H_

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/local_tools.h"
#include "evolve/analysis.h"
#include "evolve/analyst_task.h"
#include "evolve/golden_leak.h"

namespace t2s {

// One episode's task, as the tools need it.
struct AnalystEpisode {
  AnalystTask task;
  GoldenValues golden;
};

// What an episode did with its tools.
struct AnalystRecord {
  int checks = 0;
  int passes = 0;
  std::string last_check;  // "FAIL: ..." of the last check
  std::vector<std::string> refusals;  // submits refused for quoting golden values
  std::optional<Analysis> analysis;   // the accepted submit
  bool verified = false;              // a check passed before the accepted submit
};

class AnalystTools final : public LocalTools {
 public:
  // Registers episode `id` (its workspace is the candidate); before Run.
  void Add(const std::string& id, AnalystEpisode episode);

  std::vector<ToolSpec> Specs() const override;
  LocalToolResult Run(const EpisodeSpec& episode, const ToolCall& call) override;

  // What episode `id` did (after the loop ran it).
  AnalystRecord Record(const std::string& id) const;

 private:
  LocalToolResult Check(const EpisodeSpec& spec, AnalystEpisode& e, const std::string& args,
                        AnalystRecord* r);
  LocalToolResult Submit(const AnalystEpisode& e, const std::string& args, AnalystRecord* r);

  mutable std::mutex mu_;  // guards the maps, not their entries' use by one episode
  std::map<std::string, AnalystEpisode> episodes_;
  std::map<std::string, AnalystRecord> records_;
};

// The first golden value `a` quotes, as "lesson 1 (do) quotes \"22\"", or "".
std::string GoldenQuote(const Analysis& a, const GoldenValues& golden);

}  // namespace t2s

#endif  // T2S_EVOLVE_ANALYST_TOOLS_H_
