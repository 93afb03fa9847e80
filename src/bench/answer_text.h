// How the `exact` and `number` checks read an answer's text.
#ifndef T2S_BENCH_ANSWER_TEXT_H_
#define T2S_BENCH_ANSWER_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace t2s {

// Trims ASCII whitespace at both ends and turns every run of it inside
// (spaces, tabs, line breaks) into one space. Case and other characters
// are kept: "  Paris\n\n is  " -> "Paris is".
std::string NormalizeWhitespace(std::string_view text);

struct FoundNumber {
  double value = 0;
  std::string text;  // as written: "1,234.5"
};

// The last number written in `text`, or nullopt when it has none.
// A number is an optional sign, digits with an optional fraction (".5",
// "2.50"), and an optional exponent ("1e-3"). Commas are thousands
// separators only when every group after the first has three digits
// ("1,234,567.8"); otherwise they separate numbers ("1,2" is 1 and 2).
// A number glued to a letter, digit, '_' or '.' before it is not one
// ("H2O", "v1.2.3"); a sign counts only at the start or after a character
// other than a letter or digit ("2020-05" is 2020 and 5, "x = -3" is -3).
// What follows a number does not matter: "42%", "42nd", "42." are 42.
std::optional<FoundNumber> LastNumber(std::string_view text);

// Every number of `text` by the same rules, in order.
std::vector<FoundNumber> Numbers(std::string_view text);

}  // namespace t2s

#endif  // T2S_BENCH_ANSWER_TEXT_H_
