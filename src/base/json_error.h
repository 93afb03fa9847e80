// Where a JSON parse error is, as a person reads it: line, column, and the
// parser's text without its machinery. Independent of the JSON library.
#ifndef T2S_BASE_JSON_ERROR_H_
#define T2S_BASE_JSON_ERROR_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace t2s {

struct JsonErrorPlace {
  size_t line = 1;     // 1-based
  size_t column = 1;   // 1-based, in bytes
  std::string detail;  // "unexpected '}'; expected string literal"
};

// `byte` is the parser's 1-based position of the error in `text`; `what`
// its message (nlohmann's "[json.exception.parse_error.101] parse error at
// line 1, column 5: syntax error while parsing value - unexpected ..." is
// reduced to "unexpected ..."; another exception's text loses its
// "[json.exception....]" tag).
JsonErrorPlace DescribeJsonError(size_t byte, std::string_view what, std::string_view text);

}  // namespace t2s

#endif  // T2S_BASE_JSON_ERROR_H_
