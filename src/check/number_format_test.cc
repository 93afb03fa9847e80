#include "check/number_format.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(NumberFormatTest, Dates) {
  for (const char* code : {"yyyy-mm-dd", "d/m/yy", "mmm-yy", "h:mm AM/PM", "[$-409]mmmm d, yyyy",
                           "dd/mm/yyyy;@", "hh:mm:ss"}) {
    EXPECT_EQ(ClassifyNumberFormat(code), NumberKind::kDate) << code;
  }
}

TEST(NumberFormatTest, Durations) {
  EXPECT_EQ(ClassifyNumberFormat("[h]:mm:ss"), NumberKind::kDuration);
  EXPECT_EQ(ClassifyNumberFormat("[mm]:ss"), NumberKind::kDuration);
  EXPECT_EQ(ClassifyNumberFormat("[HH]:mm"), NumberKind::kDuration);
}

TEST(NumberFormatTest, PlainNumbers) {
  for (const char* code : {"General", "0.00", "#,##0", "0%", "\"days\" 0", "[Red]0.00",
                           "0.00 \\d", "d", "@", "0;[Red]dd/mm"}) {
    EXPECT_EQ(ClassifyNumberFormat(code), NumberKind::kPlain) << code;
  }
}

TEST(NumberFormatTest, Builtins) {
  EXPECT_EQ(BuiltinNumberKind(0), NumberKind::kPlain);
  EXPECT_EQ(BuiltinNumberKind(14), NumberKind::kDate);
  EXPECT_EQ(BuiltinNumberKind(22), NumberKind::kDate);
  EXPECT_EQ(BuiltinNumberKind(46), NumberKind::kDuration);
  EXPECT_EQ(BuiltinNumberKind(49), NumberKind::kPlain);
  EXPECT_EQ(BuiltinNumberKind(30), NumberKind::kPlain);
}

}  // namespace
}  // namespace t2s
