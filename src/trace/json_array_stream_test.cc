#include "trace/json_array_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/temp_dir.h"

namespace t2s {
namespace {

// "ok [e0, e1, ...]", "not an array" or the error, elements as compact JSON.
std::string Stream(const std::string& text) {
  testing::TempDir tmp;
  std::filesystem::path path = tmp.Write("a.json", text);
  std::vector<std::string> seen;
  Result<bool> r = ForEachArrayElement(path, "a.json", [&](size_t index, JsonValue v) {
    EXPECT_EQ(index, seen.size());
    seen.push_back(ToJsonText(v));
  });
  std::string list;
  for (const std::string& s : seen) list += (list.empty() ? "" : ", ") + s;
  if (!r.ok()) return r.status().message() + " after [" + list + "]";
  return *r ? "ok [" + list + "]" : "not an array";
}

TEST(JsonArrayStreamTest, ElementsOneAtATime) {
  EXPECT_EQ(Stream("[]"), "ok []");
  EXPECT_EQ(Stream("\xEF\xBB\xBF \n[ ]\n"), "ok []");
  EXPECT_EQ(Stream(R"([1, "a", null, {"b": [2, {"c": "]}"}]}, [[]] ])"),
            R"(ok [1, "a", null, {"b":[2,{"c":"]}"}]}, [[]]])");
  // Quotes, backslashes and brackets inside strings.
  EXPECT_EQ(Stream(R"(["a\"],", "\\", "\\\"}", {"k\"": "\\\\"}])"),
            R"(ok ["a\"],", "\\", "\\\"}", {"k\"":"\\\\"}])");
}

TEST(JsonArrayStreamTest, OtherRootsAreLeftToTheDocumentReader) {
  EXPECT_EQ(Stream(R"({"a": [1]})"), "not an array");
  EXPECT_EQ(Stream(""), "not an array");
  EXPECT_EQ(Stream("  7"), "not an array");
}

TEST(JsonArrayStreamTest, InvalidFilesSayWhereAsADocumentWould) {
  EXPECT_EQ(Stream(R"([{"a": 1}, {"b": )"),
            "a.json:1:18: invalid JSON: unexpected end of input; expected '[', '{', or a "
            "literal after [{\"a\":1}]");
  EXPECT_EQ(Stream("[1, 2,]"),
            "a.json:1:7: invalid JSON: unexpected ']'; expected '[', '{', or a literal after [1, 2]");
  EXPECT_EQ(Stream("[1 2]"),
            "a.json:1:4: invalid JSON: unexpected number literal; expected ']' after []");
  EXPECT_EQ(Stream("[1] x"),
            "a.json:1:5: invalid JSON: invalid literal; last read: '1] x'; expected end of input "
            "after [1]");
  EXPECT_EQ(Stream("[1}"), "a.json:1:3: invalid JSON: unexpected '}'; expected ']' after []");
  EXPECT_EQ(Stream("[\"abc"),
            "a.json:1:6: invalid JSON: invalid string: missing closing quote; last read: '\"abc' "
            "after []");
}

TEST(JsonArrayStreamTest, ElementsLargerThanTheReadChunk) {
  // 9 MB strings cross the 4 MB reads, with an escaped quote at the seam.
  std::string big(9 << 20, 'x');
  big[(4 << 20) - 8] = '\\';
  big[(4 << 20) - 7] = '"';
  std::string text = "[\"" + big + "\", {\"k\": \"" + big + "\"}, 3]";
  testing::TempDir tmp;
  std::filesystem::path path = tmp.Write("big.json", text);
  std::vector<size_t> sizes;
  Result<bool> r = ForEachArrayElement(path, "big.json", [&](size_t, JsonValue v) {
    sizes.push_back(ToJsonText(v).size());
  });
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(*r);
  EXPECT_EQ(sizes, (std::vector<size_t>{big.size() + 2, big.size() + 8, 1}));
}

}  // namespace
}  // namespace t2s
