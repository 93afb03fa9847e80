// ApplyPatch with a fuzzed patch on a small fixed skill. The skill has what
// edits trip over: frontmatter, ATX and setext headings, a heading inside a
// fenced block, a list, a table, a linked reference, a protected script and
// a last line without a newline. Its sections carry the names used by
// examples/patches/ so the seed patches resolve. Applying never fails as a
// whole, and its result must be a skill the validator can read.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "skill/apply.h"
#include "skill/patch.h"
#include "skill/validate.h"

namespace {

const t2s::Skill& FixedSkill() {
  static const t2s::Skill skill = [] {
    t2s::Skill s;
    s.folder_name = "airline-support";
    s.files["SKILL.md"] =
        "---\n"
        "name: airline-support\n"
        "description: Helps airline agents book, change and cancel flights.\n"
        "metadata:\n"
        "  owner: fuzz\n"
        "---\n"
        "\n"
        "# Airline support\n"
        "\n"
        "## Identify the user\n"
        "\n"
        "1. Look the user up.\n"
        "2. Confirm the user id.\n"
        "\n"
        "## Booking\n"
        "\n"
        "Collect origin, destination, dates, cabin and passengers before searching.\n"
        "\n"
        "| cabin | bags |\n"
        "|-------|------|\n"
        "| basic | 0    |\n"
        "\n"
        "## Baggage\n"
        "\n"
        "Free bags depend on cabin and membership; see [baggage](references/baggage.md).\n"
        "\n"
        "Changes\n"
        "-------\n"
        "\n"
        "```bash\n"
        "# not a heading\n"
        "python scripts/fare_diff.py\n"
        "```\n"
        "\n"
        "## Hand-off\n"
        "\n"
        "Transfer to a human when the user asks.";
    s.files["references/baggage.md"] = "# Baggage\n\nOne bag per passenger in economy.\n";
    s.files["scripts/fare_diff.py"] = "print('diff')\n";
    s.executables.insert("scripts/fare_diff.py");
    return s;
  }();
  return skill;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  t2s::Result<t2s::Patch> patch = t2s::ParsePatch(json, "patch.json");
  if (!patch.ok()) return 0;
  t2s::ApplyOptions options;
  options.protected_paths = {"scripts/fare_diff.py"};
  // The input's length picks the identity-edit flag (its first byte is
  // nearly always '{'), so both paths are fuzzed.
  options.allow_identity_edits = (size & 1) != 0;
  t2s::ApplyResult result = t2s::ApplyPatch(FixedSkill(), *patch, options);
  if (result.outcomes.size() != patch->edits.size()) {
    std::fprintf(stderr, "%zu edits but %zu outcomes\n", patch->edits.size(),
                 result.outcomes.size());
    std::abort();
  }
  if (result.skill.Find("SKILL.md") == nullptr) {
    std::fprintf(stderr, "SKILL.md is gone after applying\n");
    std::abort();
  }
  (void)t2s::ValidateSkill(result.skill);
  return 0;
}
