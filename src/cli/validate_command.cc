// trace2skill validate SKILL_DIR: findings on stdout, exit 1 on errors.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.h"
#include "cli/result_json.h"
#include "skill/skill.h"
#include "skill/validate.h"

namespace t2s {
namespace {

struct ValidateArgs {
  std::string dir;
  bool json = false;
  bool strict = false;
  ValidateOptions options;
};

ExitCode RunValidate(const ValidateArgs& args) {
  Result<Skill> skill = LoadSkill(args.dir);
  if (!skill.ok()) {
    fmt::print(stderr, "trace2skill validate: {}\n", skill.status().message());
    return ExitCode::kFailure;
  }
  ValidateOptions options = args.options;
  options.advisory_severity = args.strict ? Severity::kError : Severity::kWarning;
  std::vector<Finding> findings = ValidateSkill(*skill, options);
  size_t errors = CountErrors(findings);
  if (args.json) {
    nlohmann::json out = ValidationJson(findings);
    out["skill"] = args.dir;
    fmt::print("{}\n", out.dump(2));
  } else {
    for (const Finding& f : findings) fmt::print("{}\n", FormatFinding(f));
    fmt::print("{}: {} error{}, {} warning{}\n", args.dir, errors, errors == 1 ? "" : "s",
               findings.size() - errors, findings.size() - errors == 1 ? "" : "s");
  }
  return errors == 0 ? ExitCode::kOk : ExitCode::kFailure;
}

}  // namespace

CommandRunner SetupValidate(CLI::App* sub) {
  auto args = std::make_shared<ValidateArgs>();
  sub->add_option("SKILL_DIR", args->dir, "The skill folder (holding SKILL.md)")->required();
  sub->add_flag("--json", args->json, "Print the findings as JSON (schema t2s.validation/1)");
  sub->add_option("--max-skill-lines", args->options.max_skill_lines, "Line budget of SKILL.md")
      ->capture_default_str();
  sub->add_option("--max-reference-lines", args->options.max_reference_lines,
                  "Line budget of each file under references/")
      ->capture_default_str();
  sub->add_flag("--strict", args->strict,
                "Size budgets (lines of SKILL.md and of references, line length) are errors, as "
                "evolve and apply hold their output to them; without it they are warnings");
  sub->add_option("--name", args->options.expected_name,
                  "The name the frontmatter must carry (default: the folder's name)");
  sub->footer(
      "Each finding is one line: FILE:LINE: error|warning: WHAT (RULE).\n"
      "Exit code 0 when there are no errors, 1 when there are (or the folder cannot be read).\n\n"
      "Examples:\n"
      "  trace2skill validate examples/skills/airline-support\n"
      "  trace2skill validate examples/skills/workspace-tasks --max-skill-lines 300 --strict --json");
  return [args] { return RunValidate(*args); };
}

}  // namespace t2s
