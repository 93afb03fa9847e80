// trace2skill apply SKILL_DIR PATCH.json --out DIR: a new skill folder, its
// diff, and the fate of every edit.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "base/file_io.h"
#include "cli/command.h"
#include "cli/result_json.h"
#include "skill/apply.h"
#include "skill/patch.h"
#include "skill/skill.h"
#include "skill/skill_diff.h"
#include "skill/validate.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;

struct ApplyArgs {
  std::string skill_dir;
  std::string patch_file;
  std::string out;
  std::string diff;
  bool force = false;
  bool strict = false;
  bool json = false;
  ApplyOptions options;
  ValidateOptions validate;
};

fs::path Clean(const std::string& p) {
  fs::path path = fs::path(p).lexically_normal();
  return path.filename().empty() ? path.parent_path() : path;
}

void PrintSummary(const ApplyArgs& args, const ApplyResult& result, const std::string& diff,
                  const std::string& diff_path, const std::vector<Finding>& findings,
                  bool written) {
  size_t total = result.outcomes.size();
  fmt::print("{} {} of {} edit{} to {}{}\n", written ? "applied" : "would apply",
             result.applied_count(), total, total == 1 ? "" : "s", args.skill_dir,
             written ? fmt::format(" -> {}", args.out) : "");
  for (const EditOutcome& o : result.outcomes) {
    if (o.applied) continue;
    fmt::print("  failed {} ({} {}): {}\n", o.edit_id, o.op, o.file.empty() ? "?" : o.file,
               o.reason);
  }
  size_t added = 0, removed = 0;
  for (size_t i = 0; i < diff.size();) {
    size_t nl = diff.find('\n', i);
    std::string_view line(diff.data() + i, (nl == std::string::npos ? diff.size() : nl) - i);
    if (line.substr(0, 1) == "+" && line.substr(0, 3) != "+++") ++added;
    if (line.substr(0, 1) == "-" && line.substr(0, 3) != "---") ++removed;
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  if (written) fmt::print("diff: {} (+{} -{} lines)\n", diff_path, added, removed);
  size_t errors = CountErrors(findings);
  fmt::print("validation: {} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s",
             findings.size() - errors, findings.size() - errors == 1 ? "" : "s");
  for (const Finding& f : findings) fmt::print("  {}\n", FormatFinding(f));
}

ExitCode RunApply(ApplyArgs args) {
  auto fail = [](const std::string& message) {
    fmt::print(stderr, "trace2skill apply: {}\n", message);
    return ExitCode::kFailure;
  };
  fs::path out = Clean(args.out);
  if (PathIsWithin(out, Clean(args.skill_dir))) {
    fmt::print(stderr,
               "trace2skill apply: --out {} is the input skill folder or inside it; "
               "the input is never modified\n",
               args.out);
    return ExitCode::kUsage;
  }
  Result<Skill> skill = LoadSkill(args.skill_dir);
  if (!skill.ok()) return fail(skill.status().message());
  Result<std::string> patch_text = ReadFile(args.patch_file);
  if (!patch_text.ok()) return fail(patch_text.status().message());
  Result<Patch> patch = ParsePatch(*patch_text, args.patch_file);
  if (!patch.ok()) return fail(patch.status().message());
  if (!args.force && IsNonEmptyDir(out)) {
    return fail(fmt::format("{}: folder is not empty (use --force to replace it)", args.out));
  }

  ApplyResult result = ApplyPatch(*skill, *patch, args.options);
  result.skill.folder_name = out.filename().string();
  std::vector<Finding> findings = ValidateSkill(result.skill, args.validate);
  std::string diff = DiffSkills(*skill, result.skill);
  std::string diff_path = args.diff.empty() ? out.string() + ".diff" : args.diff;

  bool refuse = args.strict && (result.failed_count() > 0 || CountErrors(findings) > 0);
  if (!refuse) {
    Status st = WriteSkill(result.skill, out, args.force);
    if (st.ok()) st = WriteFileAtomic(diff_path, diff);
    if (!st.ok()) return fail(st.message());
  }
  if (args.json) {
    nlohmann::json j = {{"schema", "t2s.apply/1"},
                        {"skill", args.skill_dir},
                        {"patch", args.patch_file},
                        {"out", refuse ? nlohmann::json() : nlohmann::json(args.out)},
                        {"diff", refuse ? nlohmann::json() : nlohmann::json(diff_path)},
                        {"applied", result.applied_count()},
                        {"failed", result.failed_count()},
                        {"edits", EditOutcomesJson(result.outcomes)},
                        {"validation", ValidationJson(findings)}};
    fmt::print("{}\n", j.dump(2));
  } else {
    PrintSummary(args, result, diff, diff_path, findings, !refuse);
  }
  if (refuse) {
    return fail(fmt::format("--strict: {} failed edit{} and {} validation error{}; nothing written",
                            result.failed_count(), result.failed_count() == 1 ? "" : "s",
                            CountErrors(findings), CountErrors(findings) == 1 ? "" : "s"));
  }
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupApply(CLI::App* sub) {
  auto args = std::make_shared<ApplyArgs>();
  sub->add_option("SKILL_DIR", args->skill_dir, "The skill folder to start from (never modified)")
      ->required();
  sub->add_option("PATCH", args->patch_file, "A t2s.patch/1 JSON file")->required();
  sub->add_option("--out", args->out, "The new skill folder to write")->required();
  sub->add_option("--diff", args->diff, "Where to write the unified diff (default: OUT.diff)");
  sub->add_flag("--force", args->force, "Replace --out when it is a non-empty folder");
  sub->add_flag("--strict", args->strict,
                "Fail, writing nothing, when any edit fails or the result has validation errors");
  sub->add_flag("--json", args->json, "Print the result as JSON (schema t2s.apply/1)");
  sub->add_flag("--allow-identity-edits", args->options.allow_identity_edits,
                "Let replace_text change the frontmatter name or description");
  sub->add_option("--protect", args->options.protected_paths,
                  "A file, or a folder ending in '/', that no edit may touch (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--max-skill-lines", args->validate.max_skill_lines,
                  "Line budget of SKILL.md when validating the result")
      ->capture_default_str();
  sub->add_option("--max-reference-lines", args->validate.max_reference_lines,
                  "Line budget of each reference file")
      ->capture_default_str();
  sub->footer(
      "Every edit is resolved against the original skill; an edit whose anchor matches zero\n"
      "or several places, or that overlaps an earlier edit, fails with a reason and the others\n"
      "still apply (exit 0) unless --strict. The result is validated and the findings printed.\n\n"
      "Examples:\n"
      "  trace2skill apply examples/skills/airline-support examples/patches/payments.json \\\n"
      "      --out out/payments/airline-support\n"
      "  trace2skill apply examples/skills/airline-support examples/patches/all-ops.json \\\n"
      "      --out out/all-ops/airline-support --json");
  return [args] { return RunApply(*args); };
}

}  // namespace t2s
