// The patch parser on fuzzed JSON. A patch the parser accepts is written
// back by SerializePatch (run folders keep patches/ that way) and must parse
// again to the same edits: a patch that cannot be re-read would break a
// resumed run.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "skill/patch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  t2s::Result<t2s::Patch> patch = t2s::ParsePatch(json, "patch.json");
  if (!patch.ok()) return 0;
  for (const t2s::Edit& edit : patch->edits) {
    (void)t2s::EditFieldsJson(edit);
    (void)t2s::Support(edit);
  }
  std::string written = t2s::SerializePatch(*patch);
  t2s::Result<t2s::Patch> again = t2s::ParsePatch(written, "patch.json");
  if (!again.ok() || again->edits.size() != patch->edits.size()) {
    std::fprintf(stderr, "a serialized patch does not parse back: %s\n%s\n",
                 again.ok() ? "edit count differs" : again.status().message().c_str(),
                 written.c_str());
    std::abort();
  }
  return 0;
}
