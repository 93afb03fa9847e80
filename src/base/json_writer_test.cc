#include "base/json_writer.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/hash.h"
#include "base/text.h"

namespace t2s {
namespace {

TEST(JsonWriterTest, WritesCompactJsonInOrder) {
  JsonWriter w;
  w.BeginObject().Key("schema").String("x/1").Key("n").Int(-3).Key("r").Number(0.5);
  w.Key("list").BeginArray().Bool(true).Null().Raw("{\"a\":1}").EndArray().EndObject();
  EXPECT_EQ(w.str(), R"({"schema":"x/1","n":-3,"r":0.5,"list":[true,null,{"a":1}]})");
}

TEST(JsonWriterTest, EscapesAndRepairsStrings) {
  std::string out;
  AppendJsonString(&out,
                   "quote \" backslash \\ tab \t nl \n bell \x07 long plain run of text é 支");
  EXPECT_EQ(
      out, "\"quote \\\" backslash \\\\ tab \\t nl \\n bell \\u0007 long plain run of text é 支\"");
  out.clear();
  AppendJsonString(&out, "bad \xff byte");
  EXPECT_EQ(out, "\"bad \xEF\xBF\xBD byte\"");
}

// Byte by byte, as the rules say: what the fast path must always equal.
std::string SlowJsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (len != 0 && i + len <= s.size() && IsValidUtf8(s.substr(i, len))) {
        out += s.substr(i, len);
        i += len;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
      continue;
    }
    const char* named = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f" : nullptr;
    if (named != nullptr) {
      out += named;
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out + "\"";
}

TEST(JsonWriterTest, FastEscapingEqualsTheRulesOnRandomText) {
  // Runs of every length around the 16-byte steps and the internal buffer,
  // dense and sparse escapes, valid and broken UTF-8, at the very end too.
  const std::vector<std::string> pieces = {"a", "plain text ", "\"", "\\", "\n", "\x01", "\x1f",
                                           "\t", "é", "支", "😀", "\xff", "\xe6\x94", "\xc3",
                                           std::string(70, 'x'), std::string(600, 'y')};
  uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(seed >> 33);
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    size_t parts = next() % 80;
    for (size_t k = 0; k < parts; ++k) text += pieces[next() % pieces.size()];
    std::string out = "prefix";
    AppendJsonString(&out, text);
    ASSERT_EQ(out, "prefix" + SlowJsonString(text)) << "round " << round;
  }
}

TEST(HashTest, StableAndSensitiveToEveryByte) {
  EXPECT_EQ(HexHash("trace2skill"), HexHash("trace2skill"));
  EXPECT_NE(HexHash("trace2skill"), HexHash("trace2skilm"));
  EXPECT_NE(HexHash(""), HexHash(std::string(1, '\0')));
  EXPECT_EQ(HexHash("abc").size(), 16u);
}

}  // namespace
}  // namespace t2s
