#include "testing/run_invariants.h"

#include <gtest/gtest.h>

#include "base/file_io.h"
#include "testing/temp_dir.h"

namespace t2s::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSeed =
    "---\nname: demo\ndescription: A demo skill.\n---\n\n# Demo\n\n## Booking\n\nBook it.\n\n"
    "## Payments\n\nPay it.\n";

// A run folder whose output lost "Pay it." with no edit taking it, whose
// applied edit's text is missing, and whose other edit was left "carried".
TEST(RunInvariantsTest, EveryKindOfLossIsReported) {
  TempDir tmp;
  fs::path seed = tmp.path() / "seed" / "demo";
  fs::path out = tmp.path() / "run";
  ASSERT_TRUE(WriteFileAtomic(seed / "SKILL.md", kSeed).ok());
  std::string after = kSeed;
  after.erase(after.find("Pay it.\n"));
  ASSERT_TRUE(WriteFileAtomic(out / "skill" / "demo" / "SKILL.md", after).ok());
  std::string edits =
      R"([{"id": "L0-0000-e1", "op": "append_to_section", "file": "SKILL.md", "section": "## Booking", "content": "- Check the date."},
          {"id": "L0-0000-e2", "op": "append_to_section", "file": "SKILL.md", "section": "## Booking", "content": "- Other."}])";
  ASSERT_TRUE(WriteFileAtomic(out / "patches" / "L0-0000.json",
                              R"({"schema": "t2s.patch/1", "edits": )" + edits + "}")
                  .ok());
  ASSERT_TRUE(WriteFileAtomic(out / "patches" / "final.json",
                              R"({"schema": "t2s.patch/1", "edits": )" + edits + "}")
                  .ok());
  ASSERT_TRUE(WriteFileAtomic(out / "fates.json", R"({"edits": [
      {"id": "L0-0000-e1", "fate": "applied"},
      {"id": "L0-0000-e2", "fate": "carried", "reason": "the merge neither covered nor dropped it"}]})")
                  .ok());
  EXPECT_EQ(RunInvariantViolations(seed, out),
            (std::vector<std::string>{
                "applied edit L0-0000-e1: its text is not in the output skill",
                "S0 line lost without an edit taking it: SKILL.md:14 \"Pay it.\"",
                "proposed edit L0-0000-e2: L0-0000-e2 ends \"carried\""}));
}

}  // namespace
}  // namespace t2s::testing
