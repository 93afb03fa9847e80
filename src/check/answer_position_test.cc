#include "check/answer_position.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

std::string Show(std::string_view position) {
  Result<std::vector<AnswerRange>> r = ParseAnswerPosition(position);
  if (!r.ok()) return r.status().message();
  std::string out;
  for (const AnswerRange& a : *r) {
    out += (out.empty() ? "" : " | ") + a.sheet + "!" + std::to_string(a.col1) + "," +
           std::to_string(a.row1) + ":" + std::to_string(a.col2) + "," + std::to_string(a.row2);
  }
  return out;
}

TEST(AnswerPositionTest, Forms) {
  EXPECT_EQ(Show("A1:B3"), "!1,1:2,3");
  EXPECT_EQ(Show("B6"), "!2,6:2,6");
  EXPECT_EQ(Show("Sheet1!A1:B3,C5"), "Sheet1!1,1:2,3 | !3,5:3,5");
  EXPECT_EQ(Show("'My Sheet'!$D$2:d9"), "My Sheet!4,2:4,9");
  EXPECT_EQ(Show("'O''Brien'!A1"), "O'Brien!1,1:1,1");
  EXPECT_EQ(Show("'Sheet1'!A:G"), "Sheet1!1,0:7,0");
  EXPECT_EQ(Show("'Sheet1'!BD2:308"), "Sheet1!56,2:0,308");
}

TEST(AnswerPositionTest, DataQuirks) {
  EXPECT_EQ(Show("'b2b, sez, de'!A5:V10"), "b2b, sez, de!1,5:22,10");
  EXPECT_EQ(Show("Sheet1'!A1:F14"), "Sheet1!1,1:6,14");
  EXPECT_EQ(Show("'Sheet1!'A1:A50,'Sheet2!'A1:E20"), "Sheet1!1,1:1,50 | Sheet2!1,1:5,20");
  EXPECT_EQ(Show("'99250!A1:F9','99251!A1:F9'"), "99250!1,1:6,9 | 99251!1,1:6,9");
  EXPECT_EQ(Show("\xc2\xa0'Sheet1'!C2:C3"), "Sheet1!3,2:3,3");
  EXPECT_EQ(Show("OUT CAS'!A2:C3,'OUT CAS'!E2:G5"), "OUT CAS!1,2:3,3 | OUT CAS!5,2:7,5");
}

TEST(AnswerPositionTest, Errors) {
  EXPECT_EQ(Show("A1:B2,X-1"), "answer_position \"A1:B2,X-1\": \"X-1\": not a cell range");
  EXPECT_EQ(Show("Sheet1!"), "answer_position \"Sheet1!\": \"Sheet1!\": not a cell range");
  EXPECT_EQ(Show("!A1"), "answer_position \"!A1\": \"!A1\": not a cell range");
  EXPECT_EQ(Show(""), "answer_position \"\": no range");
}

}  // namespace
}  // namespace t2s
