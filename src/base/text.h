// Text helpers for Markdown and patch content: line endings, trimming, UTF-8.
#ifndef T2S_BASE_TEXT_H_
#define T2S_BASE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace t2s {

enum class LineEnding { kLf, kCrLf };

// Returns the ending most lines of `text` use; kLf when there are none.
LineEnding DetectLineEnding(std::string_view text);

// "\n" or "\r\n".
std::string_view LineEndingText(LineEnding eol);

// Converts every "\r\n", lone "\r" and "\n" in `text` to `eol`.
std::string NormalizeLineEndings(std::string_view text, LineEnding eol);

// Splits on "\n" (a trailing "\r" is removed from each line). A final line
// ending does not produce an empty last line: "a\nb\n" -> {"a", "b"}.
std::vector<std::string_view> SplitLines(std::string_view text);

// Removes ASCII spaces, tabs, "\r" and "\n" at both ends.
std::string_view Trim(std::string_view s);

// `s` with < > & " as HTML entities, for text and attribute values.
std::string HtmlEscape(std::string_view s);
bool IsBlank(std::string_view s);

// Counts the lines of `text` as an editor shows them ("a\nb" and "a\nb\n" are both 2).
size_t CountLines(std::string_view text);

// Returns true when `text` is valid UTF-8; otherwise sets `*bad_offset` (if
// given) to the byte offset of the first invalid sequence.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

// Number of Unicode code points in valid UTF-8 `text`.
size_t Utf8Length(std::string_view text);

// Returns every offset at which `needle` starts in `haystack` (overlapping
// occurrences included), stopping after `limit` hits.
std::vector<size_t> FindAll(std::string_view haystack, std::string_view needle, size_t limit);

}  // namespace t2s

#endif  // T2S_BASE_TEXT_H_
