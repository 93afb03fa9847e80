// Loads a skill folder, applies a patch and prints the diff and the
// validation findings: the public API, as a program outside the project
// uses it. Usage: consumer SKILL_DIR PATCH.json
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "trace2skill/trace2skill.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  t2s::Result<t2s::Skill> skill = t2s::LoadSkill(argv[1]);
  if (!skill.ok()) {
    std::fprintf(stderr, "%s\n", skill.status().message().c_str());
    return 1;
  }
  std::ifstream in(argv[2]);
  std::stringstream json;
  json << in.rdbuf();
  t2s::Result<t2s::Patch> patch = t2s::ParsePatch(json.str(), argv[2]);
  if (!patch.ok()) {
    std::fprintf(stderr, "%s\n", patch.status().message().c_str());
    return 1;
  }
  t2s::ApplyResult out = t2s::ApplyPatch(*skill, *patch);
  std::printf("version %s\n%s", std::string(t2s::kVersion).c_str(),
              t2s::DiffSkills(*skill, out.skill).c_str());
  std::printf("findings: %zu\n", t2s::ValidateSkill(out.skill).size());
  return 0;
}
