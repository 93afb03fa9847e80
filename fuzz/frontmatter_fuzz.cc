// Frontmatter location and YAML parsing on a fuzzed SKILL.md. yaml-cpp throws
// on bad input; the library must turn every such throw into an error.
#include <cstdint>
#include <string_view>

#include "skill/frontmatter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  t2s::FrontMatterBlock block = t2s::LocateFrontMatter(text);
  if (block.present && block.closed) {
    // Offsets must lie inside the text; substr would throw otherwise.
    std::string_view yaml = text.substr(block.yaml_begin, block.yaml_end - block.yaml_begin);
    (void)text.substr(block.body_begin);
    t2s::Result<t2s::FrontMatter> parsed = t2s::ParseFrontMatter(yaml, block.yaml_first_line);
    if (parsed.ok()) {
      (void)parsed->Scalar("name");
      (void)parsed->Get("metadata");
    }
  }
  (void)t2s::ReadFrontMatter(text);
  return 0;
}
