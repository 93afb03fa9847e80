#include "cli/progress_meter.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/llm_flags.h"
#include "llm/llm_client.h"

namespace t2s {
namespace {

constexpr int kBarCells = 20;
constexpr int64_t kQuietLineMs = 30'000;

Spend SpendOf(const LlmClient& client) {
  StageStats total = client.accounting().Total();
  Spend s;
  s.tokens = total.tokens.prompt_tokens + total.tokens.completion_tokens;
  s.cost_usd = total.cost_usd;
  s.cache_hits = total.cache_hits;
  return s;
}

std::string SpendText(const Spend& s, const char* sep) {
  std::string out = fmt::format("{} tokens", CountText(s.tokens));
  if (s.cache_hits > 0) out += fmt::format("{}{} cached", sep, s.cache_hits);
  out += sep;
  out += s.priced ? fmt::format("${:.2f}", s.cost_usd) : "cost unknown: set [prices]";
  return out;
}

}  // namespace

std::string CountText(int64_t n) {
  if (n < 1000) return std::to_string(n);
  if (n < 1'000'000) return fmt::format("{:.1f}k", static_cast<double>(n) / 1e3);
  return fmt::format("{:.1f}M", static_cast<double>(n) / 1e6);
}

std::string DurationText(int64_t ms) {
  int64_t s = ms / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string ProgressText(const std::string& stage, size_t done, size_t total, size_t failed,
                         const Spend& spend, int64_t elapsed_ms, bool bar, bool color) {
  std::string eta;
  if (done > 0 && done < total && elapsed_ms > 0) {
    double left = static_cast<double>(elapsed_ms) * static_cast<double>(total - done) /
                  static_cast<double>(done);
    eta = "ETA " + DurationText(static_cast<int64_t>(left));
  }
  if (!bar) {
    std::string line = fmt::format("{}: {}/{} ({} %), {} failed, {}", stage, done, total,
                                   total == 0 ? 100 : done * 100 / total, failed,
                                   DurationText(elapsed_ms));
    if (!eta.empty()) line += ", " + eta;
    return line + ", " + SpendText(spend, ", ");
  }
  int filled = total == 0 ? kBarCells : static_cast<int>(done * kBarCells / total);
  std::string cells = std::string(static_cast<size_t>(filled), '#') +
                      std::string(static_cast<size_t>(kBarCells - filled), '.');
  std::string failed_text = fmt::format("{} failed", failed);
  if (color) {
    cells = "\x1b[32m" + cells.substr(0, static_cast<size_t>(filled)) + "\x1b[0m" +
            cells.substr(static_cast<size_t>(filled));
    if (failed > 0) failed_text = "\x1b[31m" + failed_text + "\x1b[0m";
  }
  std::string line = fmt::format("{} [{}] {}/{}  {}  {}", stage, cells, done, total, failed_text,
                                 DurationText(elapsed_ms));
  if (!eta.empty()) line += "  " + eta;
  return line + "  " + SpendText(spend, "  ");
}

ProgressMeter::ProgressMeter(std::FILE* out, bool tty, bool color, bool priced, Clock* clock)
    : out_(out), tty_(tty), color_(color), clock_(clock), started_ms_(clock->NowMs()) {
  done_.priced = priced;
}

ProgressMeter ProgressMeter::OnStderr(const LlmConfig& llm) {
  const bool tty = isatty(2) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  const bool color = tty && (no_color == nullptr || no_color[0] == '\0');
  ProgressMeter meter(stderr, tty, color, llm.options.prices.count(llm.model) > 0, RealClock());
  meter.model_ = llm.model;
  return meter;
}

std::function<void(LlmClient*)> ProgressMeter::Attacher() {
  return [this](LlmClient* client) {
    CancelOnInterrupt(client);
    Attach(client);
  };
}

void ProgressMeter::Attach(LlmClient* client) {
  if (client != nullptr) client->set_log([this](const std::string& line) { Say(line); });
  if (client_ != nullptr) {
    Spend gone = SpendOf(*client_);
    done_.tokens += gone.tokens;
    done_.cost_usd += gone.cost_usd;
    done_.cache_hits += gone.cache_hits;
  }
  client_ = client;
}

void ProgressMeter::Say(const std::string& line) {
  if (line_open_) fmt::print(out_, "\n");
  line_open_ = false;
  fmt::print(out_, "{}\n", line);
  std::fflush(out_);
}

std::string ProgressMeter::TotalsLine() const {
  Spend s = spend();
  return fmt::format(
      "took {}, {} tokens{}, {}", DurationText(elapsed_ms()), CountText(s.tokens),
      s.cache_hits > 0 ? fmt::format(" ({} answers from the cache, paid earlier)", s.cache_hits)
                       : "",
      s.priced ? fmt::format("${:.2f}", s.cost_usd)
               : fmt::format("cost unknown: set [prices.\"{}\"] in trace2skill.toml", model_));
}

Spend ProgressMeter::spend() const {
  Spend s = done_;
  if (client_ != nullptr) {
    Spend now = SpendOf(*client_);
    s.tokens += now.tokens;
    s.cost_usd += now.cost_usd;
    s.cache_hits += now.cache_hits;
  }
  return s;
}

void ProgressMeter::Update(const std::string& stage, size_t done, size_t total, size_t failed) {
  const int64_t now = clock_->NowMs();
  if (stage != stage_) {
    if (line_open_) fmt::print(out_, "\n");
    line_open_ = false;
    stage_ = stage;
    stage_started_ms_ = now;
    last_line_ms_ = now;
    last_decile_ = 0;
    stage_ended_ = false;
  }
  const bool ended = done >= total;
  if (stage_ended_) return;  // said once
  stage_ended_ = ended;
  const int64_t elapsed = now - stage_started_ms_;
  if (tty_) {
    fmt::print(out_, "\r\x1b[K{}", ProgressText(stage, done, total, failed, spend(), elapsed,
                                                /*bar=*/true, color_));
    line_open_ = !ended;
    if (ended) fmt::print(out_, "\n");
    std::fflush(out_);
    return;
  }
  const size_t decile = total == 0 ? 10 : done * 10 / total;
  if (!ended && decile <= last_decile_ && now - last_line_ms_ < kQuietLineMs) return;
  last_decile_ = decile;
  last_line_ms_ = now;
  fmt::print(out_, "{}\n", ProgressText(stage, done, total, failed, spend(), elapsed,
                                       /*bar=*/false, false));
  std::fflush(out_);
}

}  // namespace t2s
