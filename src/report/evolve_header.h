// The top of an evolve report: what ran, when, with which model and
// settings, and what it did and cost (this run and originally paid).
#ifndef T2S_REPORT_EVOLVE_HEADER_H_
#define T2S_REPORT_EVOLVE_HEADER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "report/evolve_files.h"

namespace t2s {

// <header id="header">: command, skill, date, model, duration, settings,
// input skill, status.
std::string EvolveHeaderHtml(const EvolveFiles& f);

// <section id="totals">: trajectories, analyses, edits, then the model
// calls per stage: tokens and cost paid in this run next to what cached
// answers cost when first asked. A cost without a known price says
// "cost unknown: set [prices]", never $0.
std::string EvolveTotalsHtml(const EvolveFiles& f);

// Dollars, or the words for an unknown price. `price_known`: absent when
// the manifest does not say (a cost of 0 for paid tokens is then unknown).
std::string CostText(double usd, int64_t tokens, std::optional<bool> price_known);

// "12.3 s", "4 min 05 s", "1 h 02 min".
std::string DurationText(double seconds);

}  // namespace t2s

#endif  // T2S_REPORT_EVOLVE_HEADER_H_
