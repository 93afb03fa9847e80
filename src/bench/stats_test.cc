#include "bench/stats.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(StatsTest, WilsonIntervalMatchesTheFormula) {
  Interval i = WilsonInterval(42, 60);
  EXPECT_NEAR(i.low, 0.574913, 1e-6);
  EXPECT_NEAR(i.high, 0.801018, 1e-6);
  i = WilsonInterval(1, 2);
  EXPECT_NEAR(i.low, 0.094531, 1e-6);
  EXPECT_NEAR(i.high, 0.905469, 1e-6);
}

TEST(StatsTest, WilsonIntervalStaysInsideZeroAndOne) {
  Interval none = WilsonInterval(0, 10);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.277533, 1e-6);
  Interval all = WilsonInterval(10, 10);
  EXPECT_NEAR(all.low, 0.722467, 1e-6);
  EXPECT_LE(all.high, 1.0);
  EXPECT_NEAR(all.high, 1.0, 1e-12);
  Interval empty = WilsonInterval(0, 0);
  EXPECT_EQ(empty.low, 0.0);
  EXPECT_EQ(empty.high, 1.0);
}

TEST(StatsTest, McNemarExactPMatchesTheBinomialTail) {
  EXPECT_NEAR(McNemarExactP(9, 1), 0.021484375, 1e-12);
  EXPECT_NEAR(McNemarExactP(1, 9), 0.021484375, 1e-12);
  EXPECT_NEAR(McNemarExactP(20, 0), 1.9073486328125e-06, 1e-15);
  EXPECT_NEAR(McNemarExactP(30, 15), 0.035697803555, 1e-9);
  EXPECT_EQ(McNemarExactP(5, 5), 1.0);
  EXPECT_EQ(McNemarExactP(0, 0), 1.0);
}

TEST(StatsTest, McNemarExactPHoldsForThousandsOfPairs) {
  EXPECT_NEAR(McNemarExactP(700, 640), 0.10697992524, 1e-8);
  EXPECT_LT(McNemarExactP(3000, 0), 1e-300);
}

TEST(StatsTest, MeanAndSampleStdDev) {
  EXPECT_EQ(Mean({}), 0.0);
  EXPECT_NEAR(Mean({0.5, 0.7, 0.9}), 0.7, 1e-12);
  EXPECT_NEAR(SampleStdDev({0.5, 0.7, 0.9}), 0.2, 1e-12);
  EXPECT_EQ(SampleStdDev({0.5}), 0.0);
}

TEST(StatsTest, ComparisonsSayBetterOrWorseOnlyWhenSignificant) {
  EXPECT_EQ(CompareWords(9, 1, McNemarExactP(9, 1)), "better (p = 0.02)");
  EXPECT_EQ(CompareWords(1, 9, McNemarExactP(1, 9)), "worse (p = 0.02)");
  EXPECT_EQ(CompareWords(4, 1, McNemarExactP(4, 1)), "no significant difference (p = 0.38)");
  EXPECT_EQ(CompareWords(0, 0, 1), "no significant difference (p = 1)");
  EXPECT_EQ(CompareWords(20, 0, McNemarExactP(20, 0)), "better (p < 0.0001)");
  EXPECT_EQ(CompareWords(12, 1, McNemarExactP(12, 1)), "better (p = 0.0034)");
}

}  // namespace
}  // namespace t2s
