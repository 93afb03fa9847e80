#include "sandbox/capped_output.h"

#include <gtest/gtest.h>

#include <string>

namespace t2s {
namespace {

TEST(CappedOutputTest, KeepsEverythingWithinTheLimit) {
  CappedOutput out(10);
  out.Append("hello ");
  out.Append("you!");
  EXPECT_EQ(out.Text(), "hello you!");
  EXPECT_FALSE(out.cut());
  EXPECT_EQ(out.total(), 10u);
}

TEST(CappedOutputTest, KeepsHeadAndTailAndNamesTheBytesCut) {
  CappedOutput out(10);
  out.Append("0123456789");
  out.Append("abcdefghij");
  out.Append("ABCDE");
  EXPECT_EQ(out.Text(), "01234\n[... 15 bytes cut ...]\nABCDE");
  EXPECT_TRUE(out.cut());
  EXPECT_EQ(out.total(), 25u);
}

TEST(CappedOutputTest, MemoryStaysBoundedOverManySmallWrites) {
  CappedOutput out(100);
  for (int i = 0; i < 100'000; ++i) out.Append("x");
  out.Append("END");
  std::string text = out.Text();
  EXPECT_EQ(text,
            std::string(50, 'x') + "\n[... 99903 bytes cut ...]\n" + std::string(47, 'x') + "END");
}

TEST(CappedOutputTest, CutsOnCharacterBoundaries) {
  // "é" is two bytes: the head would end inside the third one, the tail
  // would start inside the last one.
  CappedOutput out(10);
  out.Append(
      "ab\xC3\xA9\xC3\xA9zzzzzzzzz\xC3\xA9"
      "cdef");
  EXPECT_EQ(out.Text(), "ab\xC3\xA9\n[... 13 bytes cut ...]\ncdef");
}

}  // namespace
}  // namespace t2s
