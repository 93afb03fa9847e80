// The sandbox holds: each test runs real commands under bwrap and checks the
// host side (files, processes, a listening socket), not our own bookkeeping.
#include "sandbox/tool_runner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/text.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Host processes whose command line contains `needle`.
int CountHostProcesses(const std::string& needle) {
  int n = 0;
  for (const fs::directory_entry& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadAll(e.path() / "cmdline");
    for (char& c : cmdline) c = c == '\0' ? ' ' : c;
    if (cmdline.find(needle) != std::string::npos) ++n;
  }
  return n;
}

class ToolRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The task folder the way a harness lays it out: the workspace next to
    // the golden files and the checker's material.
    workspace_ = dir_.path() / "workspace";
    fs::create_directories(workspace_);
    dir_.Write("workspace/input.txt", "input\n");
    skill_md_ = dir_.Write("skill/SKILL.md", "# Skill\n");
    golden_ = dir_.Write("golden/answer.xlsx", "golden\n");
    outside_ = dir_.Write("outside.txt", "host\n");
    Status probe = ProbeSandbox(options_);
    if (!probe.ok()) GTEST_SKIP() << probe.message();
    Result<std::unique_ptr<ToolRunner>> runner = ToolRunner::Create(options_, &limiter_);
    ASSERT_TRUE(runner.ok()) << runner.status().message();
    runner_ = std::move(runner).value();
  }

  ToolCommand Command(std::string command, int64_t timeout_ms = 10'000) const {
    ToolCommand c;
    c.command = std::move(command);
    c.workspace = workspace_.string();
    c.skill_dir = (dir_.path() / "skill").string();
    c.timeout_ms = timeout_ms;
    return c;
  }

  ToolResult Run(std::string command, int64_t timeout_ms = 10'000) {
    Result<ToolResult> r = runner_->Run(Command(std::move(command), timeout_ms));
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : ToolResult{};
  }

  testing::TempDir dir_;
  fs::path workspace_, skill_md_, golden_, outside_;
  SandboxOptions options_;
  JobLimiter limiter_{4};
  std::unique_ptr<ToolRunner> runner_;
};

TEST_F(ToolRunnerTest, ReportsOutputAndExitCode) {
  ToolResult r = Run("pwd; cat input.txt; echo to-stderr >&2; echo done; exit 3");
  EXPECT_EQ(r.output, "/workspace\ninput\nto-stderr\ndone\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.output_cut);
  EXPECT_EQ(r.output_bytes, r.output.size());
}

TEST_F(ToolRunnerTest, WritesInTheWorkspacePersist) {
  ToolResult r = Run("echo result > out.txt && mkdir -p sub && echo deep > /workspace/sub/x");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadAll(workspace_ / "out.txt"), "result\n");
  EXPECT_EQ(ReadAll(workspace_ / "sub/x"), "deep\n");
}

TEST_F(ToolRunnerTest, WritesOutsideTheWorkspaceFail) {
  EXPECT_NE(Run("echo x > /usr/evil").exit_code, 0);
  EXPECT_NE(Run("echo x > /etc/passwd").exit_code, 0);
  EXPECT_NE(Run("echo x > /skill/SKILL.md").exit_code, 0);
  EXPECT_NE(Run("touch /skill/new.md").exit_code, 0);
  EXPECT_NE(Run("echo x > ../outside.txt").exit_code, 0);
  EXPECT_NE(Run("echo x > " + outside_.string()).exit_code, 0);
  // Even when the host path is recreated inside, the write lands in the
  // sandbox's throwaway /tmp, never on the host.
  Run("mkdir -p " + dir_.path().string() + " && echo x > " + outside_.string());
  EXPECT_EQ(Run("cat /skill/SKILL.md").output, "# Skill\n");  // readable
  EXPECT_EQ(ReadAll(skill_md_), "# Skill\n");
  EXPECT_EQ(ReadAll(outside_), "host\n");
  EXPECT_FALSE(fs::exists("/usr/evil"));
  EXPECT_FALSE(fs::exists(dir_.path() / "skill/new.md"));
}

TEST_F(ToolRunnerTest, NoCapabilitiesSoReadOnlyMountsStayReadOnly) {
  // bwrap started by root keeps root's capabilities unless told otherwise;
  // with CAP_SYS_ADMIN a command could remount /usr read-write.
  EXPECT_EQ(Run("grep CapEff /proc/self/status").output, "CapEff:\t0000000000000000\n");
  ToolResult r = Run("mount -o remount,rw,bind /usr 2>&1 && touch /usr/t2s-escape");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists("/usr/t2s-escape"));
  fs::remove("/usr/t2s-escape");
}

TEST_F(ToolRunnerTest, GoldenFilesAndHostPathsAreInvisible) {
  EXPECT_EQ(
      Run("find / -path /usr -prune -o -path /proc -prune -o -name answer.xlsx -print").output, "");
  EXPECT_NE(Run("cat ../golden/answer.xlsx").exit_code, 0);
  EXPECT_NE(Run("test -e " + golden_.string()).exit_code, 0);
  EXPECT_NE(Run(std::string("test -e ") + T2S_SOURCE_DIR).exit_code, 0);
  // Only what is bound exists at the top.
  std::set<std::string> allowed = {"bin",  "dev",  "etc",   "lib", "lib32", "lib64",    "libx32",
                                   "proc", "sbin", "skill", "tmp", "usr",   "workspace"};
  std::string top = Run("ls /").output;
  for (std::string_view name : SplitLines(top)) {
    EXPECT_TRUE(allowed.count(std::string(name))) << name;
  }
  // Its own PID namespace: none of the host's processes are visible.
  EXPECT_EQ(Run("ls /proc | grep -c '^[0-9]' | awk '{print ($1 < 6)}'").output, "1\n");
}

TEST_F(ToolRunnerTest, NetworkIsUnreachable) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);

  ToolResult local =
      Run("exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port) + " && echo CONNECTED", 3000);
  EXPECT_NE(local.exit_code, 0) << local.output;
  EXPECT_EQ(local.output.find("CONNECTED"), std::string::npos);
  EXPECT_LT(accept(listener, nullptr, nullptr), 0);  // nobody reached the host's listener
  close(listener);

  // A numeric address needs no DNS: no route at all.
  ToolResult remote = Run("exec 3<>/dev/tcp/1.1.1.1/80 && echo CONNECTED", 3000);
  EXPECT_NE(remote.exit_code, 0);
  EXPECT_FALSE(remote.timed_out);
  EXPECT_EQ(remote.output.find("CONNECTED"), std::string::npos);
  // Only a loopback interface.
  EXPECT_EQ(Run("grep -c : /proc/net/dev").output, "1\n");
}

TEST_F(ToolRunnerTest, HangingCommandIsKilledWithItsChildren) {
  ToolResult r = Run("sleep 987.125 & sleep 987.250; echo never", 200);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.exit_code, 137);
  EXPECT_EQ(r.output, "");
  EXPECT_GE(r.elapsed_ms, 200);
  EXPECT_LT(r.elapsed_ms, 2000);
  EXPECT_EQ(CountHostProcesses("987.125"), 0);
  EXPECT_EQ(CountHostProcesses("987.250"), 0);
}

TEST_F(ToolRunnerTest, BackgroundChildrenEndWithTheCommand) {
  ToolResult r = Run("sleep 986.125 & echo started", 5000);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.output, "started\n");
  EXPECT_LT(r.elapsed_ms, 2000);
  EXPECT_EQ(CountHostProcesses("986.125"), 0);
}

TEST_F(ToolRunnerTest, DestroyingTheRunnerKillsItsCommands) {
  ASSERT_TRUE(runner_->Submit(Command("sleep 984.125 & sleep 984.250")).ok());
  // The sleeps have started when bwrap, bash and sleep name it.
  while (CountHostProcesses("984.250") < 3) runner_->Step(10);
  runner_.reset();
  EXPECT_EQ(CountHostProcesses("984.125"), 0);
  EXPECT_EQ(CountHostProcesses("984.250"), 0);
  EXPECT_EQ(limiter_.in_use(), 0);
}

TEST_F(ToolRunnerTest, CommonToolsWorkInside) {
  ToolResult r =
      Run("awk 'BEGIN{print 3}'; echo x > /dev/null && echo devnull; echo t > /tmp/t && "
          "cat /tmp/t; python3 -c 'print(2)'");
  EXPECT_EQ(r.output, "3\ndevnull\nt\n2\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(ToolRunnerTest, OutputOverTheCapIsCutWithANote) {
  ToolCommand c = Command("head -c 100000 /dev/zero | tr '\\0' a; echo; echo END");
  c.output_limit = 1000;
  Result<ToolResult> r = runner_->Run(c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->output, std::string(500, 'a') + "\n[... 99005 bytes cut ...]\n" +
                           std::string(495, 'a') + "\nEND\n");
  EXPECT_TRUE(r->output_cut);
  EXPECT_EQ(r->output_bytes, 100005u);
}

TEST_F(ToolRunnerTest, EndlessOutputIsCutAndStoppedAtTheTimeout) {
  ToolCommand c = Command("yes", 300);
  c.output_limit = 100;
  Result<ToolResult> r = runner_->Run(c);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(r->elapsed_ms, 2000);
  EXPECT_GT(r->output_bytes, 100'000u);
  std::string head;
  for (int i = 0; i < 25; ++i) head += "y\n";
  EXPECT_EQ(r->output.substr(0, 51), head + "\n");
  EXPECT_NE(r->output.find(" bytes cut ...]\n"), std::string::npos);
}

TEST_F(ToolRunnerTest, AsyncSubmitAndCollect) {
  Result<ToolRunner::Ticket> a = runner_->Submit(Command("sleep 0.1; echo a"));
  Result<ToolRunner::Ticket> b = runner_->Submit(Command("echo b"));
  ASSERT_TRUE(a.ok() && b.ok());
  std::map<ToolRunner::Ticket, std::string> outputs;
  while (runner_->pending() > 0) {
    for (ToolRunner::Done& d : runner_->Step(1000)) {
      ASSERT_TRUE(d.result.ok());
      outputs[d.ticket] = d.result->output;
    }
  }
  EXPECT_EQ(outputs[*a], "a\n");
  EXPECT_EQ(outputs[*b], "b\n");
  EXPECT_EQ(runner_->WaitMs(), -1);
}

// The log holds "+" when a command starts and "-" when it ends; the most
// running at once is measured by the commands themselves.
int MostAtOnce(const std::string& log) {
  int now = 0, most = 0;
  for (char c : log) {
    if (c == '+') most = std::max(most, ++now);
    if (c == '-') --now;
  }
  return most;
}

TEST_F(ToolRunnerTest, JobsLimitHoldsAcrossRunnersAndThreads) {
  JobLimiter limiter(2);
  std::string step = "echo + >> log; sleep 0.15; echo - >> log";
  std::thread worker([&] {
    Result<std::unique_ptr<ToolRunner>> runner = ToolRunner::Create(options_, &limiter);
    ASSERT_TRUE(runner.ok());
    for (int i = 0; i < 3; ++i) EXPECT_EQ((*runner)->Run(Command(step))->exit_code, 0);
  });
  Result<std::unique_ptr<ToolRunner>> runner = ToolRunner::Create(options_, &limiter);
  ASSERT_TRUE(runner.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*runner)->Submit(Command(step)).ok());
  while ((*runner)->pending() > 0) {
    for (ToolRunner::Done& d : (*runner)->Step(1000)) EXPECT_EQ(d.result->exit_code, 0);
  }
  worker.join();
  std::string log = ReadAll(workspace_ / "log");
  EXPECT_EQ(std::count(log.begin(), log.end(), '+'), 6);
  EXPECT_EQ(MostAtOnce(log), 2) << log;
  EXPECT_EQ(limiter.peak(), 2);
}

TEST_F(ToolRunnerTest, TimeoutStartsWhenTheCommandStartsNotWhenQueued) {
  JobLimiter one(1);
  Result<std::unique_ptr<ToolRunner>> runner = ToolRunner::Create(options_, &one);
  ASSERT_TRUE(runner.ok());
  // Four in a row take over 1 s; each has 700 ms from its own start.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE((*runner)->Submit(Command("sleep 0.25", 700)).ok());
  int finished = 0;
  while ((*runner)->pending() > 0) {
    for (ToolRunner::Done& d : (*runner)->Step(1000)) {
      ASSERT_TRUE(d.result.ok());
      EXPECT_FALSE(d.result->timed_out);
      EXPECT_EQ(d.result->exit_code, 0);
      ++finished;
    }
  }
  EXPECT_EQ(finished, 4);
  EXPECT_EQ(one.peak(), 1);
}

TEST(ToolRunnerNoneTest, RunsOnTheHostAndKillsTheGroupAtTheTimeout) {
  testing::TempDir dir;
  SandboxOptions options;
  options.mode = SandboxMode::kNone;
  JobLimiter limiter(1);
  Result<std::unique_ptr<ToolRunner>> runner = ToolRunner::Create(options, &limiter);
  ASSERT_TRUE(runner.ok());
  ToolCommand c;
  c.workspace = dir.path().string();
  c.command = "pwd";
  EXPECT_EQ((*runner)->Run(c)->output, fs::canonical(dir.path()).string() + "\n");
  c.command = "sleep 985.125 & sleep 985.250";
  c.timeout_ms = 200;
  Result<ToolResult> r = (*runner)->Run(c);
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->exit_code, 137);
  // Without a PID namespace the killed children are not ours to reap: they
  // are gone once the host's init reaps them, shortly after.
  for (int i = 0; i < 100 && CountHostProcesses("985.") > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(CountHostProcesses("985.125"), 0);
  EXPECT_EQ(CountHostProcesses("985.250"), 0);
}

}  // namespace
}  // namespace t2s
