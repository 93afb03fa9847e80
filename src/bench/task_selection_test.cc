#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/suite.h"

namespace t2s {
namespace {

Suite SuiteOf(size_t n) {
  Suite s;
  s.tasks.resize(n);
  for (size_t i = 0; i < n; ++i) s.tasks[i].id = "t" + std::to_string(i);
  return s;
}

// "0,1,2" or the error message.
std::string Select(size_t n, std::string_view range) {
  Result<std::vector<size_t>> r = SelectTasks(SuiteOf(n), range);
  if (!r.ok()) return r.status().message();
  std::string out;
  for (size_t i : *r) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

TEST(SelectTasksTest, EmptyRangeSelectsAll) {
  EXPECT_EQ(Select(4, ""), "0,1,2,3");
  EXPECT_EQ(Select(4, "  "), "0,1,2,3");
  EXPECT_EQ(Select(4, ":"), "0,1,2,3");
}

TEST(SelectTasksTest, HalfOpenLikePythonSlices) {
  EXPECT_EQ(Select(10, "0:3"), "0,1,2");
  EXPECT_EQ(Select(10, "7:"), "7,8,9");
  EXPECT_EQ(Select(10, ":2"), "0,1");
  EXPECT_EQ(Select(10, "-3:"), "7,8,9");
  EXPECT_EQ(Select(10, ":-8"), "0,1");
  EXPECT_EQ(Select(10, "-2:-1"), "8");
  EXPECT_EQ(Select(10, " 2 : 4 "), "2,3");
  EXPECT_EQ(Select(10, "+1:2"), "1");
}

TEST(SelectTasksTest, EndsBeyondTheSuiteAreClamped) {
  EXPECT_EQ(Select(5, "3:400"), "3,4");
  EXPECT_EQ(Select(5, "-100:1"), "0");
}

TEST(SelectTasksTest, SingleIndex) {
  EXPECT_EQ(Select(5, "3"), "3");
  EXPECT_EQ(Select(5, "-1"), "4");
  EXPECT_EQ(Select(5, "5"), "task range \"5\": no task 5 (the suite has 5)");
  EXPECT_EQ(Select(5, "-6"), "task range \"-6\": no task -6 (the suite has 5)");
}

TEST(SelectTasksTest, EmptySelectionIsAnError) {
  EXPECT_EQ(Select(10, "300:400"), "task range \"300:400\": selects no task (the suite has 10)");
  EXPECT_EQ(Select(10, "4:4"), "task range \"4:4\": selects no task (the suite has 10)");
  EXPECT_EQ(Select(10, "5:2"), "task range \"5:2\": selects no task (the suite has 10)");
}

TEST(SelectTasksTest, MalformedRanges) {
  const std::string tail =
      ": expected A:B, A:, :B or an index (a Python slice of task indices, e.g. 0:200)";
  for (std::string bad : {"a:b", "1:2:3", "1.5:3", "--1:", "1-3", "0x2:", "1,2"}) {
    EXPECT_EQ(Select(10, bad), "task range \"" + bad + "\"" + tail);
  }
}

}  // namespace
}  // namespace t2s
