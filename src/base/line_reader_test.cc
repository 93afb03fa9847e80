#include "base/line_reader.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace t2s {
namespace {

std::vector<std::string> ReadAll(const std::filesystem::path& path, size_t max_line,
                                 std::vector<size_t>* too_long) {
  LineReader reader(16, max_line);
  EXPECT_TRUE(reader.Open(path, "f").ok());
  std::vector<std::string> lines;
  std::string_view line;
  bool over = false;
  while (reader.Next(&line, &over)) {
    if (over) too_long->push_back(reader.line_number());
    lines.emplace_back(line);
  }
  return lines;
}

TEST(LineReaderTest, SplitsLinesAndDropsLineEndings) {
  testing::TempDir tmp;
  auto path = tmp.Write("a.txt", "one\r\ntwo\n\nthree");
  std::vector<size_t> over;
  EXPECT_EQ(ReadAll(path, 100, &over), (std::vector<std::string>{"one", "two", "", "three"}));
  EXPECT_TRUE(over.empty());
}

TEST(LineReaderTest, LinesLongerThanTheBufferAreWhole) {
  testing::TempDir tmp;
  std::string big(9 << 20, 'x');  // more than two 4 MiB chunks
  auto path = tmp.Write("big.txt", "a\n" + big + "\nb\n");
  std::vector<size_t> over;
  std::vector<std::string> lines = ReadAll(path, size_t{64} << 20, &over);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].size(), big.size());
  EXPECT_EQ(lines[2], "b");
}

TEST(LineReaderTest, LinesOverTheLimitAreReportedAndSkipped) {
  testing::TempDir tmp;
  std::string big(5 << 20, 'x');
  auto path = tmp.Write("big.txt", "a\n" + big + "\nb\n" + big);
  std::vector<size_t> over;
  std::vector<std::string> lines = ReadAll(path, size_t{1} << 20, &over);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(over, (std::vector<size_t>{2, 4}));
}

TEST(LineReaderTest, EmptyFileHasNoLines) {
  testing::TempDir tmp;
  std::vector<size_t> over;
  EXPECT_TRUE(ReadAll(tmp.Write("empty.txt", ""), 100, &over).empty());
}

// The buffer is sized to the file when it is opened; what is appended
// after that is still read, the buffer growing for a line that needs it.
TEST(LineReaderTest, AFileThatGrowsAfterOpeningIsReadWhole) {
  testing::TempDir tmp;
  auto path = tmp.Write("grow.txt", "a\n");
  LineReader reader(16);
  ASSERT_TRUE(reader.Open(path, "f").ok());
  std::string more(100000, 'y');
  {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    ASSERT_NE(f, nullptr);
    std::fputs((more + "\nz\n").c_str(), f);
    std::fclose(f);
  }
  std::vector<std::string> lines;
  std::string_view line;
  bool over = false;
  while (reader.Next(&line, &over)) lines.emplace_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", more, "z"}));
}

TEST(LineReaderTest, MissingFileIsAnError) {
  LineReader reader;
  EXPECT_EQ(reader.Open("/no/such/file", "runs.jsonl").message(),
            "runs.jsonl: cannot read: No such file or directory");
}

}  // namespace
}  // namespace t2s
