#include "bench/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace t2s {

Interval WilsonInterval(size_t successes, size_t trials, double z) {
  if (trials == 0) return {};
  double n = static_cast<double>(trials);
  double p = static_cast<double>(successes) / n;
  double z2 = z * z;
  double denominator = 1 + z2 / n;
  double center = (p + z2 / (2 * n)) / denominator;
  double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double McNemarExactP(size_t b, size_t c) {
  size_t n = b + c;
  if (n == 0) return 1;
  size_t k = std::min(b, c);
  double tail = 0;  // P[X <= k]
  if (n <= 1000) {
    // C(n, i) / 2^n term by term: exact for small n (p = 0.375 prints as 0.38).
    double term = std::ldexp(1.0, -static_cast<int>(n));
    for (size_t i = 0; i <= k; ++i) {
      tail += term;
      term = term * static_cast<double>(n - i) / static_cast<double>(i + 1);
    }
  } else {
    // In log space, where 2^-n would underflow.
    double log_half_n = static_cast<double>(n) * std::log(0.5);
    for (size_t i = 0; i <= k; ++i) {
      double log_choose = std::lgamma(static_cast<double>(n) + 1) -
                          std::lgamma(static_cast<double>(i) + 1) -
                          std::lgamma(static_cast<double>(n - i) + 1);
      tail += std::exp(log_choose + log_half_n);
    }
  }
  return std::min(1.0, 2 * tail);
}

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double SampleStdDev(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  double mean = Mean(values);
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

std::string PText(double p) {
  if (p >= 1) return "p = 1";
  if (p < 0.0001) return "p < 0.0001";
  if (p < 0.01) return fmt::format("p = {:.4f}", p);
  return fmt::format("p = {:.2f}", p);
}

std::string CompareWords(size_t b, size_t c, double p, double alpha) {
  if (p < alpha && b != c) {
    return fmt::format("{} ({})", b > c ? "better" : "worse", PText(p));
  }
  return fmt::format("no significant difference ({})", PText(p));
}

}  // namespace t2s
