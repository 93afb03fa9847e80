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

// The lines printed after a parse error of `argv`: "did you mean" for an
// unknown command or option, then where the help is, e.g.
//   trace2skill: did you mean --concurrency (not --concurency)?
//   Run 'trace2skill evolve --help' for the options of evolve.
std::string UsageHint(const CLI::App& app, int argc, const char* const* argv);

}  // namespace t2s

#endif  // T2S_CLI_USAGE_HELP_H_
