#include "testing/run_binary.h"

#include <cstdio>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "testing/temp_dir.h"

namespace t2s::testing {

static std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

static std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

RunOutput RunTrace2skill(const std::vector<std::string>& args) {
  TempDir tmp;
  std::string cmd = "cd " + Quote(T2S_SOURCE_DIR) + " && " + Quote(T2S_BINARY);
  for (const std::string& a : args) cmd += " " + Quote(a);
  cmd += " >" + Quote((tmp.path() / "out").string()) + " 2>" +
         Quote((tmp.path() / "err").string()) + " </dev/null";
  int status = std::system(cmd.c_str());
  RunOutput r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(tmp.path() / "out");
  r.err = Slurp(tmp.path() / "err");
  return r;
}

int StartTrace2skill(const std::vector<std::string>& args, const std::string& err_file) {
  std::fflush(nullptr);  // else the child writes our buffered output again when it reopens stdout
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(T2S_SOURCE_DIR) != 0) _exit(127);
    std::vector<std::string> all = {T2S_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen(err_file.empty() ? "/dev/null" : err_file.c_str(), "w", stderr);
    execv(T2S_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace t2s::testing
