#include "cli/progress_meter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace t2s {
namespace {

// What a meter printed into a memory stream.
class Captured {
 public:
  Captured() : file_(open_memstream(&data_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(data_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

TEST(ProgressMeterTest, CountsAndDurationsReadShort) {
  EXPECT_EQ(CountText(950), "950");
  EXPECT_EQ(CountText(412'345), "412.3k");
  EXPECT_EQ(CountText(1'234'567), "1.2M");
  EXPECT_EQ(DurationText(45'900), "45s");
  EXPECT_EQ(DurationText(192'000), "3m12s");
  EXPECT_EQ(DurationText(3'840'000), "1h04m");
}

TEST(ProgressMeterTest, TheTerminalLineHasABarEtaTokensAndCost) {
  Spend s{412'345, 0.4149, 0, true};
  EXPECT_EQ(ProgressText("analyze", 50, 200, 1, s, 60'000, /*bar=*/true, /*color=*/false),
            "analyze [#####...............] 50/200  1 failed  1m00s  ETA 3m00s  412.3k tokens  "
            "$0.41");
  EXPECT_EQ(ProgressText("analyze", 50, 200, 0, s, 60'000, true, /*color=*/true),
            "analyze [\x1b[32m#####\x1b[0m...............] 50/200  0 failed  1m00s  ETA 3m00s  "
            "412.3k tokens  $0.41");
  Spend unpriced{1200, 0, 12, false};
  EXPECT_EQ(ProgressText("merge", 3, 3, 0, unpriced, 5'000, false, false),
            "merge: 3/3 (100 %), 0 failed, 5s, 1.2k tokens, 12 cached, cost unknown: set [prices]");
}

TEST(ProgressMeterTest, OffATerminalALineEveryTenthOrThirtySecondsAndAtTheEnd) {
  Captured out;
  ManualClock clock;
  ProgressMeter meter(out.file(), /*tty=*/false, /*color=*/false, /*priced=*/true, &clock);
  meter.Update("analyze", 0, 100, 0);  // the stage begins: nothing to say yet
  for (size_t done = 1; done <= 20; ++done) {
    clock.Advance(1000);
    meter.Update("analyze", done, 100, 0);  // 1 %..20 %: lines at 10 % and 20 %
  }
  clock.Advance(31'000);
  meter.Update("analyze", 21, 100, 0);  // 30 s since the last line
  meter.Update("analyze", 22, 100, 0);  // nothing new
  for (size_t done = 23; done <= 100; ++done) meter.Update("analyze", done, 100, 2);
  meter.Update("analyze", 100, 100, 2);  // said once
  std::string text = out.text();
  EXPECT_EQ(text,
            "analyze: 10/100 (10 %), 0 failed, 10s, ETA 1m30s, 0 tokens, $0.00\n"
            "analyze: 20/100 (20 %), 0 failed, 20s, ETA 1m20s, 0 tokens, $0.00\n"
            "analyze: 21/100 (21 %), 0 failed, 51s, ETA 3m11s, 0 tokens, $0.00\n"
            "analyze: 30/100 (30 %), 2 failed, 51s, ETA 1m59s, 0 tokens, $0.00\n"
            "analyze: 40/100 (40 %), 2 failed, 51s, ETA 1m16s, 0 tokens, $0.00\n"
            "analyze: 50/100 (50 %), 2 failed, 51s, ETA 51s, 0 tokens, $0.00\n"
            "analyze: 60/100 (60 %), 2 failed, 51s, ETA 34s, 0 tokens, $0.00\n"
            "analyze: 70/100 (70 %), 2 failed, 51s, ETA 21s, 0 tokens, $0.00\n"
            "analyze: 80/100 (80 %), 2 failed, 51s, ETA 12s, 0 tokens, $0.00\n"
            "analyze: 90/100 (90 %), 2 failed, 51s, ETA 5s, 0 tokens, $0.00\n"
            "analyze: 100/100 (100 %), 2 failed, 51s, 0 tokens, $0.00\n");
}

TEST(ProgressMeterTest, OnATerminalTheLineIsRedrawnAndEndsWithTheStage) {
  Captured out;
  ManualClock clock;
  ProgressMeter meter(out.file(), /*tty=*/true, /*color=*/false, /*priced=*/false, &clock);
  meter.Update("analyze", 1, 2, 0);
  clock.Advance(2000);
  meter.Update("analyze", 2, 2, 0);
  meter.Update("merge", 0, 1, 0);
  EXPECT_EQ(out.text(),
            "\r\x1b[Kanalyze [##########..........] 1/2  0 failed  0s  0 tokens  cost unknown: set "
            "[prices]"
            "\r\x1b[Kanalyze [####################] 2/2  0 failed  2s  0 tokens  cost unknown: set "
            "[prices]\n"
            "\r\x1b[Kmerge [....................] 0/1  0 failed  0s  0 tokens  cost unknown: set "
            "[prices]");
}

}  // namespace
}  // namespace t2s
