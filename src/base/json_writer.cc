#include "base/json_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "base/text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace t2s {

static bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

// The offset of the first byte at or after `i` that is a control byte, '"',
// '\\' or >= 0x80 (so needs escaping or checking), or s.size(). Records are
// mostly such runs, and tool output that is itself JSON has a '"' every few
// bytes: finding each at once, 16 bytes a step, is what makes escaping fast.
static size_t PlainRunEnd(std::string_view s, size_t i) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // A signed compare: bytes >= 0x80 are negative, so "below 0x20" too.
    __m128i special = _mm_or_si128(_mm_cmplt_epi8(v, space),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                _mm_cmpeq_epi8(v, backslash)));
    int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < s.size() && !NeedsEscape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

void AppendJsonString(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Short runs and escapes gather in `buf`, appended to `out` when it fills:
  // in tool output that is itself JSON, a '"' every few bytes would
  // otherwise cost two appends each.
  constexpr size_t kBuf = 512, kShortRun = 64;
  char buf[kBuf];
  size_t n = 0;
  buf[n++] = '"';
  size_t i = 0;
  while (i < s.size()) {
    size_t run = PlainRunEnd(s, i);
    size_t len = run - i;
    if (len > kShortRun || n + len + 6 > kBuf) {
      out->append(buf, n);
      n = 0;
      out->append(s.data() + i, len);
    } else {
      std::memcpy(buf + n, s.data() + i, len);
      n += len;
    }
    i = run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // A whole valid code point passes; anything else becomes U+FFFD.
      size_t cp = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (cp != 0 && i + cp <= s.size() && IsValidUtf8(s.substr(i, cp))) {
        std::memcpy(buf + n, s.data() + i, cp);
        n += cp;
        i += cp;
      } else {
        std::memcpy(buf + n, "\xEF\xBF\xBD", 3);
        n += 3;
        ++i;
      }
      continue;
    }
    buf[n++] = '\\';
    switch (c) {
      case '"':
      case '\\':
        buf[n++] = static_cast<char>(c);
        break;
      case '\n':
        buf[n++] = 'n';
        break;
      case '\r':
        buf[n++] = 'r';
        break;
      case '\t':
        buf[n++] = 't';
        break;
      case '\b':
        buf[n++] = 'b';
        break;
      case '\f':
        buf[n++] = 'f';
        break;
      default:
        buf[n++] = 'u';
        buf[n++] = '0';
        buf[n++] = '0';
        buf[n++] = kHex[c >> 4];
        buf[n++] = kHex[c & 0xF];
    }
    ++i;
  }
  if (n == kBuf) {  // an escape filled it last
    out->append(buf, n);
    n = 0;
  }
  buf[n++] = '"';
  out->append(buf, n);
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_.push_back(',');
    has_items_.back() = true;
  }
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  out_.push_back(c);
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_.push_back(c);
  has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  AppendJsonString(&out_, key);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(&out_, value);
  return *this;
}

JsonWriter& JsonWriter::Number(double value) {
  Separate();
  if (!std::isfinite(value)) {
    out_.append("null");
  } else {
    fmt::format_to(std::back_inserter(out_), "{}", value);
  }
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_.append(json);
  return *this;
}

}  // namespace t2s
