#include "cli/usage_help.h"

#include <fmt/format.h>

#include <algorithm>

namespace t2s {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The long and short option names of `app` and its option groups, with
// their dashes.
std::vector<std::string> OptionNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
  }
  return names;
}

}  // namespace

void GroupOptions(CLI::App* app, const std::string& group,
                  std::initializer_list<const char*> names) {
  for (const char* name : names) {
    CLI::Option* o = app->get_option_no_throw(name);
    if (o != nullptr) o->group(group);
  }
}

std::string ClosestName(std::string_view typo, const std::vector<std::string>& names) {
  std::string best;
  size_t best_distance = 0;
  for (const std::string& n : names) {
    size_t d = EditDistance(typo, n);
    if (best.empty() || d < best_distance) {
      best = n;
      best_distance = d;
    }
  }
  const size_t allowed = std::max<size_t>(2, typo.size() / 3);
  return !best.empty() && best_distance > 0 && best_distance <= allowed ? best : "";
}

std::string UsageHint(const CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  const CLI::App* sub = nullptr;
  int first = 1;
  for (; first < argc; ++first) {
    std::string_view arg = argv[first];
    if (arg.starts_with("-")) continue;
    for (const CLI::App* s : app.get_subcommands({})) {
      if (s->get_name() == arg) sub = s;
    }
    break;
  }
  std::string out;
  if (sub == nullptr) {
    if (first < argc) {
      std::string near = ClosestName(argv[first], commands);
      if (!near.empty()) out += fmt::format("trace2skill: did you mean {} (not {})?\n", near, argv[first]);
    }
    return out + "Run 'trace2skill --help' for the commands.\n";
  }
  std::vector<std::string> options = OptionNames(*sub);
  for (const CLI::App* group : sub->get_subcommands({})) {
    if (group->get_name().empty()) {  // option groups are nameless subcommands
      for (std::string& n : OptionNames(*group)) options.push_back(std::move(n));
    }
  }
  for (int i = first + 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--")) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(options.begin(), options.end(), arg) != options.end()) continue;
    std::string near = ClosestName(arg, options);
    if (!near.empty()) out += fmt::format("trace2skill: did you mean {} (not {})?\n", near, arg);
  }
  return out + fmt::format("Run 'trace2skill {0} --help' for the options of {0}.\n",
                           sub->get_name());
}

}  // namespace t2s
