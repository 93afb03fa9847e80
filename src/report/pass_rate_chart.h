// An inline SVG bar chart of pass rates with their 95 % intervals as
// whiskers (no script, no external resource).
#ifndef T2S_REPORT_PASS_RATE_CHART_H_
#define T2S_REPORT_PASS_RATE_CHART_H_

#include <optional>
#include <string>
#include <vector>

namespace t2s {

struct ChartBar {
  std::string label;
  std::optional<double> rate;  // 0..1; absent: nothing finished (no bar)
  double low = 0, high = 0;    // the interval, 0..1
};

// <svg class="chart" ...>: one horizontal bar per entry, the first grey
// (the reference), the others blue; labels are escaped.
std::string PassRateChart(const std::vector<ChartBar>& bars);

}  // namespace t2s

#endif  // T2S_REPORT_PASS_RATE_CHART_H_
