#include "check/py_number.h"

#include <gtest/gtest.h>

#include <cmath>

namespace t2s {
namespace {

TEST(PyNumberTest, ParsesWhatPythonFloatAccepts) {
  EXPECT_EQ(ParsePythonFloat("3.50"), 3.5);
  EXPECT_EQ(ParsePythonFloat(" 7 \n"), 7);
  EXPECT_EQ(ParsePythonFloat("\xc2\xa0" "8"), 8);  // U+00A0
  EXPECT_EQ(ParsePythonFloat("-1e3"), -1000);
  EXPECT_EQ(ParsePythonFloat("+.5"), 0.5);
  EXPECT_EQ(ParsePythonFloat("5."), 5);
  EXPECT_EQ(ParsePythonFloat("1_000.5"), 1000.5);
  EXPECT_EQ(ParsePythonFloat("-Infinity"), -HUGE_VAL);
  EXPECT_TRUE(std::isnan(*ParsePythonFloat("NaN")));
}

TEST(PyNumberTest, RejectsWhatPythonFloatRejects) {
  for (const char* s : {"", " ", "abc", "1,000", "$5", "5%", "1__0", "_1", "1_", "1e", "0x10",
                        "1.2.3", "#DIV/0!", "12:30", "."}) {
    EXPECT_FALSE(ParsePythonFloat(s).has_value()) << s;
  }
}

TEST(PyNumberTest, RoundsLikePython) {
  EXPECT_EQ(PythonRound(0.125, 2), 0.12);   // an exact tie goes to even
  EXPECT_EQ(PythonRound(0.375, 2), 0.38);
  EXPECT_EQ(PythonRound(2.675, 2), 2.67);   // 2.675 is stored just below
  EXPECT_EQ(PythonRound(1.005, 2), 1.0);    // likewise
  EXPECT_EQ(PythonRound(-1.006, 2), -1.01);
  EXPECT_EQ(PythonRound(2.5, 0), 2);
  EXPECT_EQ(PythonRound(3.5, 0), 4);
  EXPECT_EQ(PythonRound(1e300, 2), 1e300);
  EXPECT_TRUE(std::isinf(PythonRound(HUGE_VAL, 2)));
}

TEST(PyNumberTest, Strip) {
  EXPECT_EQ(PythonStrip("\xc2\xa0 'Sheet1' \t"), "'Sheet1'");
  EXPECT_EQ(PythonStrip("\xe3\x80\x80x\xe2\x80\x83"), "x");
  EXPECT_EQ(PythonStrip(""), "");
}

}  // namespace
}  // namespace t2s
