// The statistics eval reports: a pass rate's interval, a paired test of two
// skills on the same tasks, and the spread over seeds.
//
//   Interval i = WilsonInterval(42, 60);          // 95 %: [0.575, 0.801]
//   double p = McNemarExactP(/*b=*/9, /*c=*/1);   // 0.0215
#ifndef T2S_BENCH_STATS_H_
#define T2S_BENCH_STATS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace t2s {

struct Interval {
  double low = 0;
  double high = 1;
};

// The Wilson score interval of `successes` out of `trials` at confidence
// z (1.959964: 95 %). With no trial it is [0, 1]. Unlike the normal
// approximation it stays inside [0, 1] and is sensible at 0 and at n.
Interval WilsonInterval(size_t successes, size_t trials, double z = 1.959963984540054);

// The two-sided exact McNemar test on paired outcomes: `b` pairs where only
// the first passed, `c` where only the second did (pairs where both agree
// carry no information). p = min(1, 2 * P[X <= min(b, c)]) for X ~
// Binomial(b + c, 1/2); 1 when there is no discordant pair.
double McNemarExactP(size_t b, size_t c);

// The mean and the sample standard deviation (n - 1; 0 for fewer than two
// values).
double Mean(const std::vector<double>& values);
double SampleStdDev(const std::vector<double>& values);

// How eval words a comparison of a skill against the reference: "better" or
// "worse" only when p < alpha, otherwise "no significant difference
// (p = 0.42)". `b` counts pairs only the skill passed, `c` only the
// reference.
std::string CompareWords(size_t b, size_t c, double p, double alpha = 0.05);

// p for people: "p = 0.0215", "p = 0.42", "p = 1", "p < 0.0001".
std::string PText(double p);

}  // namespace t2s

#endif  // T2S_BENCH_STATS_H_
