// Every example in `trace2skill COMMAND --help` works from the repository
// root: those that need no model endpoint are run (their out/ folders moved
// to a temporary folder), the others name only files that exist.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::RunOutput;
using testing::RunTrace2skill;

// The example commands of a help text: lines starting "  trace2skill ",
// joined with their "\" continuations, split as a shell would (double
// quotes only), without the leading "trace2skill".
std::vector<std::vector<std::string>> Examples(const std::string& help) {
  std::vector<std::vector<std::string>> out;
  std::string command;
  bool open = false;
  size_t start = 0;
  while (start < help.size()) {
    size_t nl = help.find('\n', start);
    if (nl == std::string::npos) nl = help.size();
    std::string line = help.substr(start, nl - start);
    start = nl + 1;
    if (!open) {
      if (line.rfind("  trace2skill ", 0) != 0) continue;
      command.clear();
    }
    open = !line.empty() && line.back() == '\\';
    command += open ? line.substr(0, line.size() - 1) : line;
    if (open) continue;
    std::vector<std::string> words;
    std::string word;
    bool quoted = false, any = false;
    for (char c : command) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) words.push_back(word);
        word.clear();
        any = false;
      } else {
        word += c;
        any = true;
      }
    }
    if (any) words.push_back(word);
    words.erase(words.begin());  // "trace2skill"
    out.push_back(words);
  }
  return out;
}

bool NeedsModel(const std::vector<std::string>& args) {
  bool dry = false, model = false;
  for (const std::string& a : args) {
    dry |= a == "--dry-run";
    model |= a == "--model" || a == "--base-url";
  }
  return model && !dry;
}

TEST(HelpExamplesTest, EveryExampleRunsFromTheRepositoryRoot) {
  testing::TempDir tmp;
  // ingest first: the traces examples read its store.
  const std::vector<std::string> commands = {"ingest", "evolve", "run",      "eval", "loop",
                                             "mine",   "traces", "validate", "apply", "llm",  "report"};
  size_t ran = 0, checked = 0;
  for (const std::string& c : commands) {
    RunOutput help = RunTrace2skill({c, "--help"});
    ASSERT_EQ(help.exit_code, 0) << c;
    std::vector<std::vector<std::string>> examples = Examples(help.out);
    EXPECT_FALSE(examples.empty()) << c << " --help has no example";
    for (std::vector<std::string> args : examples) {
      std::string shown = c;
      for (size_t i = 1; i < args.size(); ++i) shown += " " + args[i];
      EXPECT_EQ(args[0], c) << shown;
      for (std::string& a : args) {
        EXPECT_EQ(a.find("../"), std::string::npos) << shown << ": a path outside the repository";
        if (a.rfind("out/", 0) == 0) a = (tmp.path() / a).string();
        if (a.rfind("examples/", 0) == 0) {
          EXPECT_TRUE(fs::exists(fs::path(T2S_SOURCE_DIR) / a)) << shown << ": no " << a;
        }
      }
      if (NeedsModel(args) || c == "llm") {
        ++checked;
        continue;
      }
      RunOutput r = RunTrace2skill(args);
      EXPECT_EQ(r.exit_code, 0) << shown << "\n" << r.err;
      ++ran;
    }
  }
  EXPECT_GE(ran, 10u);
  EXPECT_GE(checked, 5u);
}

}  // namespace
}  // namespace t2s
