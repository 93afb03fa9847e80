#include "report/pass_rate_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"

namespace t2s {

std::string PassRateChart(const std::vector<ChartBar>& bars) {
  constexpr int kLeft = 160, kWidth = 400, kRow = 28;
  int height = static_cast<int>(bars.size()) * kRow + 24;
  std::string svg = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"pass rates with 95 % intervals\">\n",
      kLeft + kWidth + 70, height);
  for (int tick = 0; tick <= 100; tick += 25) {
    int x = kLeft + kWidth * tick / 100;
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{1}\" stroke=\"#ddd\"/><text x=\"{0}\" "
        "y=\"{2}\" font-size=\"11\" text-anchor=\"middle\">{3} %</text>\n",
        x, height - 16, height - 4, tick);
  }
  auto x_of = [&](double v) { return kLeft + kWidth * std::clamp(v, 0.0, 1.0); };
  for (size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& b = bars[i];
    int y = static_cast<int>(i) * kRow + 4;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>\n",
                       kLeft - 8, y + 13, HtmlEscape(b.label));
    if (!b.rate) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">nothing finished</text>\n",
                         kLeft + 4, y + 13);
      continue;
    }
    svg += fmt::format(
        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"16\" fill=\"{}\"><title>{}: "
        "{:.1f} % [{:.1f}, {:.1f}]</title></rect>\n",
        kLeft, y, x_of(*b.rate) - kLeft, i == 0 ? "#999" : "#4a7ab8", HtmlEscape(b.label),
        100 * *b.rate, 100 * b.low, 100 * b.high);
    svg += fmt::format(
        "<g class=\"whisker\" stroke=\"#000\"><line x1=\"{0:.1f}\" y1=\"{2}\" x2=\"{1:.1f}\" "
        "y2=\"{2}\"/><line x1=\"{0:.1f}\" y1=\"{3}\" x2=\"{0:.1f}\" y2=\"{4}\"/><line x1=\"{1:.1f}\" "
        "y1=\"{3}\" x2=\"{1:.1f}\" y2=\"{4}\"/></g>\n",
        x_of(b.low), x_of(b.high), y + 8, y + 3, y + 13);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{:.1f} %</text>\n",
                       kLeft + kWidth + 6, y + 13, 100 * *b.rate);
  }
  return svg + "</svg>\n";
}

}  // namespace t2s
