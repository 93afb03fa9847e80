// Help and usage errors that lead somewhere: options grouped under
// headings, and for a mistyped command or option the closest real one.
#ifndef T2S_CLI_USAGE_HELP_H_
#define T2S_CLI_USAGE_HELP_H_

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace t2s {

// Puts the options `names` of `app` (those it has) under the help heading
// `group`.
void GroupOptions(CLI::App* app, const std::string& group,
                  std::initializer_list<const char*> names);

// The name in `names` closest to `typo` by edit distance, if it is close
// enough to be a likely typo (at most 2 edits, or a third of its length);
// "" otherwise.
std::string ClosestName(std::string_view typo, const std::vector<std::string>& names);

// What to say after a parse error of `argv`: for an unknown command or
// option, the closest real one (these lines replace CLI11's message), then
// where the help is, e.g.
//   trace2skill evolve: unknown option --concurency; did you mean --concurrency?
//   Run 'trace2skill evolve --help' for the options of evolve.
struct UsageAdvice {
  std::string lines;
  bool replaces_error = false;  // the first lines say what was wrong
};
UsageAdvice AdviseUsage(const CLI::App& app, int argc, const char* const* argv);

}  // namespace t2s

#endif  // T2S_CLI_USAGE_HELP_H_
