// ResolveLlmConfig with a fuzzed TOML file, read both ways: named by
// --config (trusted) and found as ./trace2skill.toml (untrusted: it may not
// name the key's variable and does not get the key). toml++ throws on bad
// input and values may have any type or range; every file must give a
// one-line error or a config. The environment is fixed, with no HOME or
// XDG_CONFIG_HOME, so nothing of the host's is read.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fuzz/scratch_file.h"
#include "llm/llm_config.h"

namespace {

const char* FixedEnvironment(const char* name) {
  if (std::strcmp(name, "OPENAI_API_KEY") == 0) return "sk-fuzz";
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  t2s::LlmFlags named;
  named.config = t2s::fuzz::WriteScratchFile("config.toml", data, size).string();
  (void)t2s::ResolveLlmConfig(named, FixedEnvironment);

  // A found file is looked up in the current folder: work in the scratch
  // one for that call only, since libFuzzer writes to relative paths.
  t2s::fuzz::WriteScratchFile("trace2skill.toml", data, size);
  int home = open(".", O_RDONLY | O_DIRECTORY);
  if (home < 0 || chdir(t2s::fuzz::ScratchDir().c_str()) != 0) {
    std::perror("t2s fuzz: chdir");
    std::abort();
  }
  (void)t2s::ResolveLlmConfig(t2s::LlmFlags{}, FixedEnvironment);
  if (fchdir(home) != 0) {
    std::perror("t2s fuzz: fchdir");
    std::abort();
  }
  close(home);
  return 0;
}
