#include "base/text_spool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace t2s {
namespace {

namespace fs = std::filesystem;

class TextSpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / "text_spool_test";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  fs::path dir_;
};

TEST_F(TextSpoolTest, GivesBackEachTextByIndexInAnyOrder) {
  auto spool = TextSpool::Create(dir_);
  ASSERT_TRUE(spool.ok()) << spool.status().message();
  std::string big(1 << 20, 'x');
  big[12345] = 'y';
  EXPECT_EQ(*(*spool)->Add("first"), 0u);
  EXPECT_EQ(*(*spool)->Add(""), 1u);
  EXPECT_EQ(*(*spool)->Add(big), 2u);
  EXPECT_EQ(*(*spool)->Add(std::string("a\0b", 3)), 3u);
  EXPECT_EQ((*spool)->size(), 4u);
  EXPECT_EQ(*(*spool)->Get(2), big);
  EXPECT_EQ(*(*spool)->Get(0), "first");
  EXPECT_EQ(*(*spool)->Get(3), std::string("a\0b", 3));
  EXPECT_EQ(*(*spool)->Get(1), "");
}

TEST_F(TextSpoolTest, LeavesNoFileBehind) {
  {
    auto spool = TextSpool::Create(dir_);
    ASSERT_TRUE(spool.ok());
    ASSERT_TRUE((*spool)->Add("kept on disk").ok());
    EXPECT_TRUE(fs::is_empty(dir_)) << "the file is unlinked while the spool is open";
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(TextSpoolTest, UnknownIndexIsAnError) {
  auto spool = TextSpool::Create(dir_);
  ASSERT_TRUE(spool.ok());
  Result<std::string> none = (*spool)->Get(0);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "spool: no text 0 (holds 0)");
}

TEST_F(TextSpoolTest, MissingFolderIsOneLine) {
  auto spool = TextSpool::Create(dir_ / "missing");
  ASSERT_FALSE(spool.ok());
  EXPECT_EQ(spool.status().message(),
            (dir_ / "missing").string() + ": cannot create a temporary file: No such file or directory");
}

}  // namespace
}  // namespace t2s
