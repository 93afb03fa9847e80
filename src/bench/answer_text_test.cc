#include "bench/answer_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace t2s {
namespace {

TEST(NormalizeWhitespaceTest, TrimsAndCollapses) {
  EXPECT_EQ(NormalizeWhitespace("  Paris\n\n is \t here  "), "Paris is here");
  EXPECT_EQ(NormalizeWhitespace("a\r\nb"), "a b");
  EXPECT_EQ(NormalizeWhitespace(" \n\t "), "");
  EXPECT_EQ(NormalizeWhitespace("Case Kept"), "Case Kept");
  EXPECT_NE(NormalizeWhitespace("ab"), NormalizeWhitespace("a b"));
}

// The last number's text as written, or "none".
std::string Last(std::string_view text) {
  std::optional<FoundNumber> n = LastNumber(text);
  return n ? n->text : "none";
}
double Value(std::string_view text) { return LastNumber(text).value().value; }

TEST(LastNumberTest, TakesTheLastNumber) {
  EXPECT_EQ(Last("The answer is 42."), "42");
  EXPECT_EQ(Last("From 3 rows the total is 17"), "17");
  EXPECT_EQ(Last("no digits here"), "none");
  EXPECT_EQ(Last(""), "none");
  EXPECT_EQ(Value("**Answer: 3.14**"), 3.14);
  EXPECT_EQ(Value("\\boxed{12}"), 12);
}

TEST(LastNumberTest, SignsFractionsExponents) {
  EXPECT_EQ(Value("x = -3"), -3);
  EXPECT_EQ(Value("(-2.5)"), -2.5);
  EXPECT_EQ(Value("+7"), 7);
  EXPECT_EQ(Value("about .5"), 0.5);
  EXPECT_EQ(Value("about -.25"), -0.25);
  EXPECT_EQ(Value("1e3"), 1000);
  EXPECT_EQ(Value("6.02E+23"), 6.02e23);
  EXPECT_EQ(Value("5 eggs"), 5);
  EXPECT_EQ(Last("2.50 dollars"), "2.50");
  EXPECT_TRUE(std::isinf(Value("1e999")));
}

TEST(LastNumberTest, ThousandsSeparators) {
  EXPECT_EQ(Value("total: 1,234,567.89"), 1234567.89);
  EXPECT_EQ(Last("total: 1,234,567.89"), "1,234,567.89");
  EXPECT_EQ(Value("$12,000"), 12000);
  EXPECT_EQ(Value("1,2"), 2);         // a list, not a decimal comma
  EXPECT_EQ(Value("3,14"), 14);       // no decimal commas
  EXPECT_EQ(Value("1234,567"), 567);  // a group only after 1 to 3 digits
  EXPECT_EQ(Value("1,2345"), 2345);
}

TEST(LastNumberTest, NumbersGluedToWordsAreNotNumbers) {
  EXPECT_EQ(Last("H2O"), "none");
  EXPECT_EQ(Last("see v1.2.3"), "none");
  EXPECT_EQ(Value("2020-05"), 5);  // '-' after a digit is not a sign
  EXPECT_EQ(Value("x-3"), 3);
  EXPECT_EQ(Value("42%"), 42);
  EXPECT_EQ(Value("the 42nd"), 42);
  EXPECT_EQ(Value("1.2.3"), 1.2);
}

}  // namespace
}  // namespace t2s
