// ProgressMeter: how far a long command is, for the person watching it.
//
// On a terminal, one live line per stage, redrawn in place:
//   analyze [#########...........] 57/200  1 failed  1m12s  ETA 3m01s  412.3k tokens  $0.41
// Off a terminal (a log file, CI), a plain line each time a stage passes
// another 10 % or 30 s after the last line, and when it ends:
//   analyze: 57/200 (28 %), 1 failed, 1m12s, ETA 3m01s, 412.3k tokens, $0.41
// Tokens and cost are what the run's LLM clients spent so far (read from
// their accounting as each is attached); answers from the cache are counted
// as such ("12 cached"). Without a price for the model the cost reads
// "cost unknown: set [prices]" rather than a false $0. Colour only on a
// terminal and when NO_COLOR is unset (https://no-color.org).
#ifndef T2S_CLI_PROGRESS_METER_H_
#define T2S_CLI_PROGRESS_METER_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>

#include "base/clock.h"
#include "llm/llm_config.h"

namespace t2s {

class LlmClient;

// What the LLM calls of a run spent so far.
struct Spend {
  int64_t tokens = 0;      // prompt + completion, paid in this run
  double cost_usd = 0;     // paid in this run
  int64_t cache_hits = 0;  // calls answered from the cache (paid once, earlier)
  bool priced = true;      // the model has a configured price
};

// "950", "412.3k", "1.2M".
std::string CountText(int64_t n);
// "45s", "3m12s", "1h04m".
std::string DurationText(int64_t ms);

// One progress line. `elapsed_ms`: since the stage began. With `bar`, the
// terminal form (a 20-cell bar); without, the plain one.
std::string ProgressText(const std::string& stage, size_t done, size_t total, size_t failed,
                         const Spend& spend, int64_t elapsed_ms, bool bar, bool color);

class ProgressMeter {
 public:
  // `out`: where lines go (stderr); `tty`: whether it is a terminal.
  ProgressMeter(std::FILE* out, bool tty, bool color, bool priced, Clock* clock);

  // A command's meter on stderr for `llm`'s model: live and in colour on a
  // terminal without NO_COLOR, cost from the model's configured price.
  static ProgressMeter OnStderr(const LlmConfig& llm);

  // The AttachFn of a run: the meter reads each client's spend, and Ctrl-C
  // cancels it (CancelOnInterrupt).
  std::function<void(LlmClient*)> Attacher();

  // Each LLM client the run creates, then nullptr once it is gone (the
  // pipeline's AttachFn): its spend joins the totals.
  void Attach(LlmClient* client);
  // A stage's count moved (the pipeline's ProgressFn).
  void Update(const std::string& stage, size_t done, size_t total, size_t failed);
  // A line for people between counts ("selection: run 2/6: ..."); ends a
  // live line first.
  void Say(const std::string& line);
  // "took 3m12s, 412.3k tokens (12 answers from the cache, paid earlier),
  // $0.41" (or "cost unknown: set [prices."MODEL"] in trace2skill.toml").
  std::string TotalsLine() const;

  Spend spend() const;
  int64_t elapsed_ms() const { return clock_->NowMs() - started_ms_; }

 private:
  std::FILE* out_;
  std::string model_ = "MODEL";
  bool tty_;
  bool color_;
  Clock* clock_;
  int64_t started_ms_;
  Spend done_;                      // clients already gone
  LlmClient* client_ = nullptr;     // the current one
  std::string stage_;
  int64_t stage_started_ms_ = 0;
  int64_t last_line_ms_ = 0;
  size_t last_decile_ = 0;
  bool line_open_ = false;          // a terminal line not yet ended
  bool stage_ended_ = false;        // its last line was printed
};

}  // namespace t2s

#endif  // T2S_CLI_PROGRESS_METER_H_
