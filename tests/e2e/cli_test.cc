// End-to-end tests: the real binary, its output and exit codes.
#include <gtest/gtest.h>

#include <filesystem>

#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using testing::RunTrace2skill;

TEST(CliTest, NoSubcommandIsAUsageError) {
  testing::RunOutput r = RunTrace2skill({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill: A subcommand is required\nRun 'trace2skill --help' for the commands.\n");
}

TEST(CliTest, ATypoGetsTheClosestCommandOrOption) {
  testing::RunOutput r = RunTrace2skill({"evolv", "--out", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill: unknown command \"evolv\"; did you mean evolve?\n"
            "Run 'trace2skill --help' for the commands.\n");
  r = RunTrace2skill({"evolve", "--traces", "t.jsonl", "--out", "x", "--concurency", "4"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill evolve: unknown option --concurency; did you mean --concurrency?\n"
            "Run 'trace2skill evolve --help' for the options of evolve.\n");
  // An option of an option group counts as known.
  r = RunTrace2skill({"evolve", "--out", "x", "--analyst-turn", "3"});
  EXPECT_NE(r.err.find("did you mean --analyst-turns?"), std::string::npos) << r.err;
  // A command's own commands, and the top level's options.
  r = RunTrace2skill({"traces", "stat", "--store", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill traces: unknown command \"stat\"; did you mean stats?\n"
            "Run 'trace2skill traces --help' for the options of traces.\n");
  r = RunTrace2skill({"--verison"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill: unknown option --verison; did you mean --version?\n"
            "Run 'trace2skill --help' for the commands.\n");
  // Nothing close: CLI11's own message, then the help.
  r = RunTrace2skill({"evolve", "--out", "x", "--zzzzzzzzzz"});
  EXPECT_EQ(r.err,
            "trace2skill: The following argument was not expected: --zzzzzzzzzz\n"
            "Run 'trace2skill evolve --help' for the options of evolve.\n");
}

TEST(CliTest, AUsageErrorOfACommandPointsToItsHelp) {
  testing::RunOutput r = RunTrace2skill({"evolve", "--out", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill evolve: give --traces PATH... or --store DIR\n"
            "Run 'trace2skill evolve --help' for the options of evolve.\n");
}

TEST(CliTest, HelpGroupsTheOptionsAndShowsDefaults) {
  testing::RunOutput r = RunTrace2skill({"evolve", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* heading : {"Inputs:", "Method:", "Model:", "Budget:", "Output:"}) {
    EXPECT_NE(r.out.find(heading), std::string::npos) << heading << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("--concurrency INT:POSITIVE=16"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--timeout FLOAT=600"), std::string::npos) << r.out;
}

TEST(CliTest, HelpListsTheCommands) {
  testing::RunOutput r = RunTrace2skill({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("validate"), std::string::npos);
  EXPECT_NE(r.out.find("apply"), std::string::npos);
}

}  // namespace
}  // namespace t2s
