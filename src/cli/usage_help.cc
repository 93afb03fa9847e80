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

namespace {

// The named subcommands of `app` (not its option groups).
std::vector<const CLI::App*> Commands(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_name().empty()) out.push_back(sub);
  }
  return out;
}

// The options of `app` and of its option groups.
std::vector<std::string> AllOptions(const CLI::App& app) {
  std::vector<std::string> options = OptionNames(app);
  for (const CLI::App* group : app.get_subcommands({})) {
    if (group->get_name().empty()) {
      for (std::string& n : OptionNames(*group)) options.push_back(std::move(n));
    }
  }
  return options;
}

}  // namespace

UsageAdvice AdviseUsage(const CLI::App& app, int argc, const char* const* argv) {
  UsageAdvice advice;
  // Walk down the command words: "traces", then "ls"...
  const CLI::App* at = &app;
  std::string path = "trace2skill";
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("-")) {
      std::string name(arg.substr(0, arg.find('=')));
      std::vector<std::string> options = AllOptions(*at);
      if (name.starts_with("--") && std::find(options.begin(), options.end(), name) == options.end()) {
        std::string near = ClosestName(name, options);
        if (!near.empty()) {
          advice.lines += fmt::format("{}: unknown option {}; did you mean {}?\n", path, name, near);
          advice.replaces_error = true;
        }
      }
      continue;
    }
    std::vector<const CLI::App*> commands = Commands(*at);
    if (commands.empty()) continue;  // a value or a positional argument
    const CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (const CLI::App* c : commands) {
      names.push_back(c->get_name());
      if (c->get_name() == arg) next = c;
    }
    if (next == nullptr) {
      std::string near = ClosestName(arg, names);
      advice.lines += near.empty()
                          ? fmt::format("{}: unknown command \"{}\"\n", path, arg)
                          : fmt::format("{}: unknown command \"{}\"; did you mean {}?\n", path,
                                        arg, near);
      advice.replaces_error = true;
      break;
    }
    at = next;
    path += " " + next->get_name();
  }
  advice.lines += at == &app ? "Run 'trace2skill --help' for the commands.\n"
                             : fmt::format("Run '{0} --help' for the options of {1}.\n", path,
                                           path.substr(std::string("trace2skill ").size()));
  return advice;
}

}  // namespace t2s
