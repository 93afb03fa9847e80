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
  EXPECT_NE(r.err.find("trace2skill: did you mean evolve (not evolv)?\n"
                       "Run 'trace2skill --help' for the commands.\n"),
            std::string::npos)
      << r.err;
  r = RunTrace2skill({"evolve", "--traces", "t.jsonl", "--out", "x", "--concurency", "4"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("trace2skill: did you mean --concurrency (not --concurency)?\n"
                       "Run 'trace2skill evolve --help' for the options of evolve.\n"),
            std::string::npos)
      << r.err;
  // An option of an option group counts as known.
  r = RunTrace2skill({"evolve", "--out", "x", "--analyst-turn", "3"});
  EXPECT_NE(r.err.find("did you mean --analyst-turns (not --analyst-turn)?"), std::string::npos)
      << r.err;
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
