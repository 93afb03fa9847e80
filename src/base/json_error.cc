#include "base/json_error.h"

namespace t2s {

JsonErrorPlace DescribeJsonError(size_t byte, std::string_view what, std::string_view text) {
  JsonErrorPlace place;
  for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++place.line;
      place.column = 1;
    } else {
      ++place.column;
    }
  }
  size_t colon = what.find(": ", what.find("parse error"));
  std::string_view detail = colon == std::string_view::npos ? what : what.substr(colon + 2);
  // Errors other than parse errors ("[json.exception.out_of_range.406]
  // number overflow parsing '1e999'") keep their text without the tag.
  if (colon == std::string_view::npos && detail.substr(0, 1) == "[") {
    size_t tag_end = detail.find("] ");
    if (tag_end != std::string_view::npos) detail = detail.substr(tag_end + 2);
  }
  constexpr std::string_view kSyntax = "syntax error while parsing ";
  if (detail.substr(0, kSyntax.size()) == kSyntax) {
    size_t dash = detail.find(" - ");
    if (dash != std::string_view::npos) detail = detail.substr(dash + 3);
  }
  place.detail = std::string(detail);
  return place;
}

}  // namespace t2s
